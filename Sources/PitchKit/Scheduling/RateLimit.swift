public import Foundation

/// At most `count` sends in any sliding window of `window` seconds.
public struct RateLimit: Sendable, Hashable, CustomStringConvertible {
    /// The most sends allowed in one window (at least 1).
    public let count: Int
    /// The window length, in seconds.
    public let window: TimeInterval

    /// A limit; `count` must be at least 1 and `window` positive.
    public init(count: Int, per window: TimeInterval) {
        precondition(count >= 1 && window > 0, "a rate limit needs a positive count and window")
        self.count = count
        self.window = window
    }

    /// `count` sends per minute.
    public static func perMinute(_ count: Int) -> RateLimit { RateLimit(count: count, per: 60) }
    /// `count` sends per hour.
    public static func perHour(_ count: Int) -> RateLimit { RateLimit(count: count, per: 3_600) }
    /// `count` sends per (sliding) day of 24 hours.
    public static func perDay(_ count: Int) -> RateLimit { RateLimit(count: count, per: 86_400) }

    /// `30/60s`.
    public var description: String { "\(count)/\(Int(window))s" }
}
