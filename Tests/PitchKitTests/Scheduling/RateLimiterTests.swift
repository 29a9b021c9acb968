import Foundation
import Testing

@testable import PitchKit

@Suite("Rate limiter")
struct RateLimiterTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("30 per minute: the 31st waits until the first leaves the window")
    func perMinute() {
        var limiter = RateLimiter(limits: [.perMinute(30)])
        for second in 0..<30 {
            let now = t0.addingTimeInterval(Double(second))
            #expect(limiter.nextAllowed(now: now) == now)
            limiter.record(sendAt: now)
        }
        let now = t0.addingTimeInterval(30)
        #expect(!limiter.allows(now: now))
        #expect(limiter.nextAllowed(now: now) == t0.addingTimeInterval(60))
        #expect(limiter.nextAllowed(now: t0.addingTimeInterval(59.9)) == t0.addingTimeInterval(60))
        #expect(limiter.allows(now: t0.addingTimeInterval(60)))
        limiter.record(sendAt: t0.addingTimeInterval(60))
        // Now the second send (at 1 s) blocks the next one until 61 s.
        #expect(limiter.nextAllowed(now: t0.addingTimeInterval(60)) == t0.addingTimeInterval(61))
        #expect(limiter.count(in: 60, now: t0.addingTimeInterval(60)) == 30)
    }

    @Test("a per-day limit holds across many hours; the tightest limit wins")
    func perDay() {
        var limiter = RateLimiter(limits: [.perMinute(10), .perHour(100), .perDay(150)])
        var now = t0
        var sent = 0
        // Send as fast as allowed for a day and a half of simulated time.
        while now < t0.addingTimeInterval(1.5 * 86_400) {
            now = limiter.nextAllowed(now: now)
            limiter.record(sendAt: now)
            sent += 1
            #expect(limiter.count(in: 60, now: now) <= 10)
            #expect(limiter.count(in: 3_600, now: now) <= 100)
            #expect(limiter.count(in: 86_400, now: now) <= 150)
        }
        // 100 in the first hour, 50 in the second, then nothing until the first day's sends age out.
        #expect(sent == 301)
        #expect(limiter.sends.count <= 150)
    }

    @Test("the next allowed time after a full day is the oldest send plus 24 h")
    func dayWindow() {
        var limiter = RateLimiter(limits: [.perDay(3)])
        limiter.record(sendAt: t0)
        limiter.record(sendAt: t0.addingTimeInterval(10))
        limiter.record(sendAt: t0.addingTimeInterval(20))
        #expect(limiter.nextAllowed(now: t0.addingTimeInterval(30)) == t0.addingTimeInterval(86_400))
    }

    @Test("history from the ledger restores the window, in any order")
    func history() {
        let times = (0..<5).map { t0.addingTimeInterval(Double($0) * 5) }
        let restored = RateLimiter(limits: [.perMinute(5)], history: times.reversed())
        #expect(restored.nextAllowed(now: t0.addingTimeInterval(30)) == t0.addingTimeInterval(60))
        #expect(RateLimiter(limits: [], history: times).nextAllowed(now: t0) == t0)
    }

    @Test("a pool keeps one budget per account, case-insensitively")
    func pool() {
        var pool = RateLimiterPool(limits: [.perMinute(1)])
        pool.record(account: "Maya@brand.example", sendAt: t0)
        #expect(pool.nextAllowed(account: "maya@brand.example", now: t0) == t0.addingTimeInterval(60))
        #expect(pool.nextAllowed(account: "other@brand.example", now: t0) == t0)
    }
}
