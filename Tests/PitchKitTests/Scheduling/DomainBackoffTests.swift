import Foundation
import PitchMail
import PitchStats
import Testing

@testable import PitchKit

@Suite("Domain backoff")
struct DomainBackoffTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static let greylist = SendOutcome.deferred(SMTPReply(code: 451, enhancedCode: "4.3.0", text: "try later"), reason: "temporary")
    static let throttle = SendOutcome.deferred(SMTPReply(code: 421, enhancedCode: "4.7.28", text: "rate limited"), reason: "throttled")
    static let policyThrottle = SendOutcome.deferred(SMTPReply(code: 450, enhancedCode: "4.7.1", text: "slow down"), reason: "throttled")
    static let accepted = SendOutcome.accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "queued"))

    @Test("the delay ceiling doubles from the base up to the maximum")
    func growth() {
        let policy = BackoffPolicy.standard
        #expect((1...8).map { policy.ceiling(attempt: $0) } == [300, 600, 1_200, 2_400, 4_800, 9_600, 14_400, 14_400])
        #expect(policy.ceiling(attempt: 500) == 14_400)
        #expect(policy.throttleCeiling(streak: 1) == 900 && policy.throttleCeiling(streak: 4) == 7_200)
    }

    @Test("full jitter stays within [minimum delay, ceiling] and is reproducible for a seed", arguments: 1...6)
    func jitterBounds(attempt: Int) {
        let policy = BackoffPolicy.standard
        var rng = SplitMix64(seed: UInt64(attempt))
        var delays: [TimeInterval] = []
        for _ in 0..<200 {
            var backoff = DomainBackoff(policy: policy)
            let decision = backoff.decision(for: Self.greylist, domain: "example.com", attempt: attempt,
                                            firstAttempt: t0, now: t0, rng: &rng)
            guard case .retry(let at, let counts) = decision else {
                Issue.record("expected a retry, got \(decision)")
                return
            }
            #expect(counts)
            delays.append(at.timeIntervalSince(t0))
        }
        #expect(delays.allSatisfy { $0 >= policy.minimumDelay && $0 <= policy.ceiling(attempt: attempt) })
        // Spread over the range, not a constant.
        #expect(Set(delays).count > 150)
        #expect(delays.max()! > policy.ceiling(attempt: attempt) * 0.8)

        var again = SplitMix64(seed: UInt64(attempt))
        var backoff = DomainBackoff(policy: policy)
        let first = backoff.decision(for: Self.greylist, domain: "example.com", attempt: attempt, firstAttempt: t0, now: t0, rng: &again)
        #expect(first.retryAt?.timeIntervalSince(t0) == delays[0])
    }

    @Test("a domain's run of deferrals grows the delay for its next recipients")
    func domainRun() {
        var backoff = DomainBackoff()
        var rng = SplitMix64(seed: 1)
        for _ in 0..<4 {
            _ = backoff.decision(for: Self.greylist, domain: "slow.example", attempt: 1, firstAttempt: t0, now: t0, rng: &rng)
        }
        #expect(backoff.domains["slow.example"]?.deferrals == 4)
        // A first attempt now draws from the 4th ceiling (2,400 s); other domains are untouched.
        var maxDelay: TimeInterval = 0
        for _ in 0..<100 {
            var copy = backoff
            let at = copy.decision(for: Self.greylist, domain: "slow.example", attempt: 1, firstAttempt: t0, now: t0, rng: &rng).retryAt!
            maxDelay = max(maxDelay, at.timeIntervalSince(t0))
        }
        #expect(maxDelay > 1_200 && maxDelay <= 4_800)
        #expect(backoff.nextAllowed(domain: "slow.example", now: t0) == t0)
        #expect(backoff.domains["fast.example"] == nil)
    }

    @Test("throttling (421 or 4.7.x) pauses the whole domain and never counts as an attempt")
    func throttling() {
        var backoff = DomainBackoff()
        var rng = SplitMix64(seed: 7)
        #expect(DomainBackoff.isThrottling(Self.throttle.reply))
        #expect(DomainBackoff.isThrottling(Self.policyThrottle.reply))
        #expect(DomainBackoff.isThrottling(SMTPReply(code: 421, enhancedCode: nil, text: "closing")))
        #expect(!DomainBackoff.isThrottling(Self.greylist.reply))
        #expect(!DomainBackoff.isThrottling(nil))

        let decision = backoff.decision(for: Self.throttle, domain: "Gmail.com", attempt: 1, firstAttempt: t0, now: t0, rng: &rng)
        guard case .retry(let at, let counts) = decision else {
            Issue.record("expected a retry, got \(decision)")
            return
        }
        #expect(!counts)
        let pause = at.timeIntervalSince(t0)
        #expect(pause >= 450 && pause <= 900)
        // Every other recipient at the domain waits for the same pause; other domains do not.
        #expect(backoff.pausedUntil(domain: "gmail.com", now: t0.addingTimeInterval(10)) == at)
        #expect(backoff.nextAllowed(domain: "gmail.com", now: t0) == at)
        #expect(backoff.nextAllowed(domain: "yahoo.com", now: t0) == t0)
        #expect(backoff.pausedUntil(domain: "gmail.com", now: at) == nil)

        // A second throttle in a row doubles the pause ceiling.
        let later = at.addingTimeInterval(1)
        let second = backoff.decision(for: Self.policyThrottle, domain: "gmail.com", attempt: 1, firstAttempt: t0, now: later, rng: &rng)
        let secondPause = second.retryAt!.timeIntervalSince(later)
        #expect(secondPause >= 900 && secondPause <= 1_800)
        // A temporary failure during the pause retries no earlier than the pause's end.
        let during = backoff.decision(for: Self.greylist, domain: "gmail.com", attempt: 1, firstAttempt: t0, now: later, rng: &rng)
        #expect(during.retryAt! >= second.retryAt!)

        // An accepted send clears the domain.
        #expect(backoff.decision(for: Self.accepted, domain: "gmail.com", attempt: 1, firstAttempt: t0, now: later, rng: &rng) == .noRetry)
        #expect(backoff.nextAllowed(domain: "gmail.com", now: later) == later)
        #expect(backoff.domains["gmail.com"] == DomainBackoff.DomainState())
    }

    @Test("retries stop after three days; the row stays deferred and the reason says so")
    func giveUp() {
        var backoff = DomainBackoff()
        var rng = SplitMix64(seed: 3)
        let almost = t0.addingTimeInterval(3 * 86_400 - 1)
        #expect(backoff.decision(for: Self.greylist, domain: "a.example", attempt: 9, firstAttempt: t0, now: almost, rng: &rng).retryAt != nil)
        let expired = t0.addingTimeInterval(3 * 86_400)
        let decision = backoff.decision(for: Self.greylist, domain: "a.example", attempt: 10, firstAttempt: t0, now: expired, rng: &rng)
        guard case .giveUp(let reason) = decision else {
            Issue.record("expected give-up, got \(decision)")
            return
        }
        #expect(reason.contains("3 days") && reason.contains("stays deferred") && reason.contains("451 4.3.0"))
        let throttled = backoff.decision(for: Self.throttle, domain: "b.example", attempt: 1, firstAttempt: t0, now: expired, rng: &rng)
        if case .giveUp(let reason) = throttled { #expect(reason.contains("throttling")) } else { Issue.record("expected give-up") }
    }

    @Test("final outcomes need no retry")
    func finals() {
        var backoff = DomainBackoff()
        var rng = SplitMix64(seed: 0)
        let rejected = SendOutcome.rejected(SMTPReply(code: 550, enhancedCode: "5.1.1", text: "no such user"), reason: "x")
        #expect(backoff.decision(for: rejected, domain: "a", attempt: 1, firstAttempt: t0, now: t0, rng: &rng) == .noRetry)
        #expect(backoff.decision(for: .ambiguous(reason: "lost"), domain: "a", attempt: 1, firstAttempt: t0, now: t0, rng: &rng) == .noRetry)
        #expect(DomainBackoff.domain(of: "Someone@Mail.Example.COM") == "mail.example.com")
        // A failure before any data (no reply) backs off like a temporary failure.
        let noData = SendOutcome.deferred(nil, reason: "connection refused")
        #expect(backoff.decision(for: noData, domain: "a", attempt: 1, firstAttempt: t0, now: t0, rng: &rng).retryAt != nil)
    }

    @Test("send gaps are uniform within their bounds and seeded")
    func sendGap() {
        let gap = SendGap(minimum: 2, maximum: 8)
        var rng = SplitMix64(seed: 11)
        let draws = (0..<1_000).map { _ in gap.next(using: &rng) }
        #expect(draws.allSatisfy { $0 >= 2 && $0 <= 8 })
        #expect(draws.min()! < 2.1 && draws.max()! > 7.9)
        var same = SplitMix64(seed: 11)
        #expect(gap.next(using: &same) == draws[0])
        var any = SplitMix64(seed: 1)
        #expect(SendGap.none.next(using: &any) == 0)
    }
}
