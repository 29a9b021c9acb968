public import Foundation

/// Where the sender stands during a run, reported after each batch.
public struct SendProgress: Sendable, Equatable {
    /// Rows that this run may still send when it started (planned and deferred, capped by `--limit`).
    public var total: Int
    /// Messages handed to the relay so far.
    public var sent: Int
    /// Outcomes so far.
    public var accepted: Int
    /// Deferred so far.
    public var deferred: Int
    /// Rejected so far.
    public var rejected: Int
    /// Ambiguous so far.
    public var ambiguous: Int
    /// Seconds since the run started.
    public var elapsed: TimeInterval
    /// When set, the run is waiting until then (rate limit, window, throttled domain, retry).
    public var waitingUntil: Date?

    /// Sends per second so far.
    public var rate: Double { elapsed > 0 ? Double(sent) / elapsed : 0 }
    /// Seconds left at the current rate, when it can be estimated.
    public var eta: TimeInterval? { rate > 0 && total > sent ? Double(total - sent) / rate : nil }
}

/// Receives progress; the CLI prints it, tests may record it.
public protocol SendProgressReporter: Sendable {
    /// Called after each batch and when the run starts waiting.
    func report(_ progress: SendProgress)
    /// Called once when the run ends, before the summary is printed.
    func finish()
}
