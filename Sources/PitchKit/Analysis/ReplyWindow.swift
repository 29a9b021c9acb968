public import Foundation

/// The fixed window after delivery within which replies are counted, so that arms are compared on
/// equal exposure (stats.md §3.9). Default 72 hours.
public struct ReplyWindow: Sendable, Hashable, Codable {
    /// The window length in hours.
    public var hours: Double

    /// A window of `hours` hours (must be positive; non-positive values fall back to 72).
    public init(hours: Double = 72) {
        self.hours = hours > 0 && hours.isFinite ? hours : 72
    }

    /// The default 72-hour window.
    public static let standard = ReplyWindow()

    /// When a recipient delivered at `deliveredAt` stops counting new replies.
    public func closes(deliveredAt: Date) -> Date { deliveredAt.addingTimeInterval(hours * 3600) }

    /// True when the window of a recipient delivered at `deliveredAt` has closed at `now`.
    public func isClosed(deliveredAt: Date, now: Date) -> Bool { closes(deliveredAt: deliveredAt) <= now }

    /// How many of these delivery times still have an open window at `now`.
    public func pendingCount(deliveredAt: [Date], now: Date) -> Int {
        deliveredAt.reduce(0) { $0 + (isClosed(deliveredAt: $1, now: now) ? 0 : 1) }
    }
}
