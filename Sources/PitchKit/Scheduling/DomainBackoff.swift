public import Foundation
public import PitchMail

/// Retry timing per destination domain: exponential backoff with full jitter for temporary failures,
/// and a domain-wide pause for throttling replies.
///
/// ```swift
/// var backoff = DomainBackoff()
/// switch backoff.decision(for: outcome, domain: "gmail.com", attempt: row.attempts,
///                         firstAttempt: row.firstAttemptAt, now: now, rng: &rng) {
/// case .retry(let at, _): ledger.defer(row, until: at)
/// case .giveUp(let reason): ledger.keepDeferred(row, reason)   // reported by status
/// case .noRetry: break
/// }
/// // Before claiming a row for a domain:
/// let earliest = backoff.nextAllowed(domain: "gmail.com", now: now)
/// ```
///
/// - A temporary failure (4xx, or no data sent) retries after a delay drawn uniformly from
///   `[0, min(maximum, base · 2^(n−1))]` (full jitter), never below ``BackoffPolicy/minimumDelay``;
///   `n` is the attempt number or the domain's run of deferrals, whichever is larger.
/// - A throttling reply (`421`, or an enhanced code `4.7.x`) pauses the whole domain (half the pause
///   ceiling plus up to half again at random) and the send retries when the pause ends; it never
///   counts as an attempt of the recipient.
/// - After ``BackoffPolicy/giveUpAfter`` since the first attempt, retries stop: the row stays
///   `deferred` and is reported, never dropped.
/// - An accepted send clears the domain's runs and pause.
///
/// Pure: the caller passes the time and the (seeded) random generator in.
public struct DomainBackoff: Sendable, Hashable {
    /// What a domain has done lately.
    public struct DomainState: Sendable, Hashable {
        /// Temporary failures (not throttling) in a row.
        public var deferrals = 0
        /// Throttling replies in a row.
        public var throttles = 0
        /// No send to the domain before this time.
        public var pausedUntil: Date?
    }

    /// The timing numbers.
    public let policy: BackoffPolicy
    /// The state of each domain seen, keyed by lowercased domain.
    public private(set) var domains: [String: DomainState] = [:]

    /// A backoff with no history.
    public init(policy: BackoffPolicy = .standard) {
        self.policy = policy
    }

    /// The lowercased domain of an address (the part after the last `@`), as used for keys.
    public static func domain(of address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address.lowercased() }
        return String(address[address.index(after: at)...]).lowercased()
    }

    /// True for a reply that says "slow down" rather than "this message failed": code 421 or an
    /// enhanced status `4.7.x`.
    public static func isThrottling(_ reply: SMTPReply?) -> Bool {
        guard let reply else { return false }
        return reply.code == 421 || (reply.enhancedCode?.hasPrefix("4.7.") ?? false)
    }

    /// The end of the domain's pause, when one is running at `now`.
    public func pausedUntil(domain: String, now: Date) -> Date? {
        guard let until = domains[domain.lowercased()]?.pausedUntil, until > now else { return nil }
        return until
    }

    /// The earliest time, `now` or later, at which a send to `domain` may start.
    public func nextAllowed(domain: String, now: Date) -> Date {
        pausedUntil(domain: domain, now: now) ?? now
    }

    /// Decides what follows a send's outcome, and updates the domain's state.
    ///
    /// - Parameters:
    ///   - outcome: What the relay said.
    ///   - domain: The recipient's domain.
    ///   - attempt: The number of the attempt that just ended, 1-based (throttled tries not counted).
    ///   - firstAttempt: When the first attempt of this send started.
    ///   - now: The current time.
    ///   - rng: The seeded generator for the jitter.
    public mutating func decision(
        for outcome: SendOutcome, domain: String, attempt: Int, firstAttempt: Date, now: Date,
        rng: inout some RandomNumberGenerator
    ) -> RetryDecision {
        let key = domain.lowercased()
        switch outcome {
        case .accepted:
            domains[key] = DomainState()
            return .noRetry
        case .rejected, .ambiguous:
            return .noRetry
        case .deferred(let reply, _):
            var state = domains[key] ?? DomainState()
            defer { domains[key] = state }
            let expired = now.timeIntervalSince(firstAttempt) >= policy.giveUpAfter
            let last = reply.map { " (last reply: \($0.description))" } ?? ""
            if Self.isThrottling(reply) {
                state.throttles += 1
                let ceiling = policy.throttleCeiling(streak: state.throttles)
                let pause = ceiling / 2 + DeterministicRandom.uniform(0, ceiling / 2, using: &rng)
                let until = max(state.pausedUntil ?? now, now.addingTimeInterval(pause))
                state.pausedUntil = until
                if expired { return .giveUp(reason: giveUpReason(throttled: true) + last) }
                return .retry(at: until, countsAsAttempt: false)
            }
            state.deferrals += 1
            if expired { return .giveUp(reason: giveUpReason(throttled: false) + last) }
            let ceiling = policy.ceiling(attempt: max(attempt, state.deferrals))
            let delay = max(policy.minimumDelay, DeterministicRandom.uniform(0, ceiling, using: &rng))
            let retryAt = max(now.addingTimeInterval(delay), state.pausedUntil ?? now)
            return .retry(at: retryAt, countsAsAttempt: true)
        }
    }

    private func giveUpReason(throttled: Bool) -> String {
        let span = Self.describe(policy.giveUpAfter)
        return throttled
            ? "the destination domain kept throttling for \(span); retries stopped and the send stays deferred"
            : "temporary failures for \(span); retries stopped and the send stays deferred"
    }

    /// `3 days`, `4 hours`, `90 seconds`.
    static func describe(_ seconds: TimeInterval) -> String {
        if seconds >= 86_400, seconds.truncatingRemainder(dividingBy: 86_400) == 0 {
            let days = Int(seconds / 86_400)
            return days == 1 ? "1 day" : "\(days) days"
        }
        if seconds >= 3_600, seconds.truncatingRemainder(dividingBy: 3_600) == 0 {
            let hours = Int(seconds / 3_600)
            return hours == 1 ? "1 hour" : "\(hours) hours"
        }
        if seconds >= 60, seconds.truncatingRemainder(dividingBy: 60) == 0 {
            let minutes = Int(seconds / 60)
            return minutes == 1 ? "1 minute" : "\(minutes) minutes"
        }
        return "\(Int(seconds)) seconds"
    }
}
