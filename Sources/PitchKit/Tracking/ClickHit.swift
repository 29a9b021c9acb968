public import Foundation

/// One raw follow of a tracked link of a send, stored as it came.
public struct ClickHit: Sendable, Hashable, Codable {
    /// When the link was followed.
    public var clickedAt: Date
    /// When the send was delivered (accepted by the receiving server).
    public var deliveredAt: Date
    /// The client address as text, IPv4 or IPv6.
    public var ip: String
    /// The `User-Agent` header, empty when absent.
    public var userAgent: String
    /// The signed destination of the link (tells the message's links apart).
    public var destination: String

    /// Creates a click.
    public init(clickedAt: Date, deliveredAt: Date, ip: String, userAgent: String, destination: String) {
        self.clickedAt = clickedAt
        self.deliveredAt = deliveredAt
        self.ip = ip
        self.userAgent = userAgent
        self.destination = destination
    }

    /// Seconds from delivery to the click; 0 when clocks put the click before delivery.
    public var secondsSinceDelivery: TimeInterval { max(0, clickedAt.timeIntervalSince(deliveredAt)) }
}
