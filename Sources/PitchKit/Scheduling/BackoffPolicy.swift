public import Foundation

/// The numbers behind ``DomainBackoff``: how fast retries back off and when they stop.
///
/// RFC 5321 §4.5.4.1 asks real relays for at least 30 minutes between retries and 4–5 days before
/// giving up. A small campaign sends through a relay that already does that, and its own deferrals
/// are mostly throttling, so the defaults are shorter: 5 minutes doubling to 4 hours, stop after 3 days.
public struct BackoffPolicy: Sendable, Hashable {
    /// The delay ceiling of the first retry; the ceiling doubles with each attempt.
    public var base: TimeInterval
    /// The largest delay ceiling.
    public var maximum: TimeInterval
    /// No delay is shorter than this, whatever the jitter draws.
    public var minimumDelay: TimeInterval
    /// Stop retrying a send this long after its first attempt.
    public var giveUpAfter: TimeInterval
    /// The first domain-wide pause after a throttling reply (421 or 4.7.x); doubles with each
    /// throttling reply in a row from that domain.
    public var throttlePause: TimeInterval
    /// The longest domain-wide pause.
    public var maximumThrottlePause: TimeInterval

    /// 5 min base, 4 h maximum, 1 min floor, give up after 3 days; throttling pauses 15 min up to 2 h.
    public static let standard = BackoffPolicy()

    /// A policy; every value must be positive, `maximum >= base`, `maximumThrottlePause >= throttlePause`.
    public init(
        base: TimeInterval = 300, maximum: TimeInterval = 4 * 3_600, minimumDelay: TimeInterval = 60,
        giveUpAfter: TimeInterval = 3 * 86_400, throttlePause: TimeInterval = 900,
        maximumThrottlePause: TimeInterval = 2 * 3_600
    ) {
        precondition(base > 0 && maximum >= base && minimumDelay >= 0 && giveUpAfter > 0
            && throttlePause > 0 && maximumThrottlePause >= throttlePause, "inconsistent backoff policy")
        self.base = base
        self.maximum = maximum
        self.minimumDelay = minimumDelay
        self.giveUpAfter = giveUpAfter
        self.throttlePause = throttlePause
        self.maximumThrottlePause = maximumThrottlePause
    }

    /// The delay ceiling for retry number `attempt` (1-based): `min(maximum, base · 2^(attempt−1))`.
    public func ceiling(attempt: Int) -> TimeInterval {
        let exponent = Double(min(max(attempt, 1) - 1, 60))
        return min(maximum, base * pow(2, exponent))
    }

    /// The pause ceiling after the `streak`-th throttling reply in a row (1-based).
    public func throttleCeiling(streak: Int) -> TimeInterval {
        let exponent = Double(min(max(streak, 1) - 1, 60))
        return min(maximumThrottlePause, throttlePause * pow(2, exponent))
    }
}
