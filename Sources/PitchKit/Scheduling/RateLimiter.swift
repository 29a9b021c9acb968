public import Foundation

/// Sliding-window rate limits for one sending account: at most N sends per minute, hour and day.
///
/// ```swift
/// var limiter = RateLimiter(limits: [.perMinute(30), .perDay(500)])
/// let at = limiter.nextAllowed(now: clock.now)   // wait until then
/// limiter.record(sendAt: at)
/// ```
///
/// A send at `t` counts against every window that contains `t`, i.e. until `t + window`. The
/// limiter is a value with no clock of its own: the caller passes `now`, so tests run in no time.
/// Restore it after a restart from the ledger's send times with ``init(limits:history:)``.
public struct RateLimiter: Sendable, Hashable {
    /// The limits, all enforced together.
    public let limits: [RateLimit]
    /// Send times within the longest window, oldest first.
    public private(set) var sends: [Date] = []

    private var longestWindow: TimeInterval { limits.map(\.window).max() ?? 0 }

    /// A limiter with no sends yet.
    public init(limits: [RateLimit]) {
        self.limits = limits
    }

    /// A limiter that already counts earlier sends (for example the ledger's last day of sends).
    public init(limits: [RateLimit], history: [Date]) {
        self.limits = limits
        for date in history.sorted() { record(sendAt: date) }
    }

    /// The earliest time, `now` or later, at which one more send keeps every limit.
    public func nextAllowed(now: Date) -> Date {
        var earliest = now
        for limit in limits {
            // Sends still inside this window at `now`.
            let cutoff = now.addingTimeInterval(-limit.window)
            let firstInside = sends.partitioningIndex { $0 > cutoff }
            let inside = sends.count - firstInside
            guard inside >= limit.count else { continue }
            // One more is allowed once all but count-1 of them have left the window.
            let blocking = sends[sends.count - limit.count]
            earliest = max(earliest, blocking.addingTimeInterval(limit.window))
        }
        return earliest
    }

    /// True when a send at `now` keeps every limit.
    public func allows(now: Date) -> Bool { nextAllowed(now: now) <= now }

    /// Counts a send made at `date`, and forgets sends older than the longest window.
    public mutating func record(sendAt date: Date) {
        let index = sends.partitioningIndex { $0 > date }
        sends.insert(date, at: index)
        let cutoff = (sends.last ?? date).addingTimeInterval(-longestWindow)
        let firstKept = sends.partitioningIndex { $0 > cutoff }
        if firstKept > 0 { sends.removeFirst(firstKept) }
    }

    /// How many recorded sends lie in the `window` seconds up to `now`.
    public func count(in window: TimeInterval, now: Date) -> Int {
        let cutoff = now.addingTimeInterval(-window)
        return sends.count - sends.partitioningIndex { $0 > cutoff }
    }
}

fileprivate extension Array {
    /// The first index whose element satisfies `belongsToSecondPart`, for an array already
    /// partitioned by it (all false, then all true); binary search.
    func partitioningIndex(where belongsToSecondPart: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongsToSecondPart(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
