public import Foundation

/// One raw fetch of a send's tracking pixel, stored as it came so that classification can be
/// recomputed when rules or address lists change.
public struct PixelHit: Sendable, Hashable, Codable {
    /// When the pixel was fetched.
    public var hitAt: Date
    /// When the send was delivered (accepted by the receiving server).
    public var deliveredAt: Date
    /// The client address as text, IPv4 or IPv6.
    public var ip: String
    /// The `User-Agent` header, empty when absent.
    public var userAgent: String
    /// The ESP's own machine-open verdict (e.g. SendGrid `sg_machine_open`), when it gave one.
    public var espMachineFlag: Bool?

    /// Creates a hit.
    public init(hitAt: Date, deliveredAt: Date, ip: String, userAgent: String, espMachineFlag: Bool? = nil) {
        self.hitAt = hitAt
        self.deliveredAt = deliveredAt
        self.ip = ip
        self.userAgent = userAgent
        self.espMachineFlag = espMachineFlag
    }

    /// Seconds from delivery to the hit; 0 when clocks put the hit before delivery.
    public var secondsSinceDelivery: TimeInterval { max(0, hitAt.timeIntervalSince(deliveredAt)) }
}
