public import Foundation

/// One ``RateLimiter`` per sending account, all with the same limits: campaigns that share an
/// account share its budget.
public struct RateLimiterPool: Sendable, Hashable {
    /// The limits every account gets.
    public let limits: [RateLimit]
    private var limiters: [String: RateLimiter] = [:]

    /// A pool with no sends yet.
    public init(limits: [RateLimit]) {
        self.limits = limits
    }

    /// The earliest time, `now` or later, at which `account` may send once more.
    public func nextAllowed(account: String, now: Date) -> Date {
        limiters[Self.key(account)]?.nextAllowed(now: now) ?? now
    }

    /// Counts a send by `account` at `date`.
    public mutating func record(account: String, sendAt date: Date) {
        limiters[Self.key(account), default: RateLimiter(limits: limits)].record(sendAt: date)
    }

    /// Accounts are compared case-insensitively (they are logins or addresses).
    private static func key(_ account: String) -> String { account.lowercased() }
}
