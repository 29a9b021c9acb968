public import Foundation

/// The sender's time source: what time it is, and a way to wait until a later time.
///
/// ``SystemSendClock`` is the real one; tests inject a virtual clock whose `sleep` moves time
/// forward at once, so rate limits, send windows and retries run in no time.
public protocol SendClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Returns at `deadline` or later (or earlier when the task is cancelled).
    func sleep(until deadline: Date) async
}

/// The wall clock, sleeping with `Task.sleep`.
public struct SystemSendClock: SendClock {
    /// The wall clock.
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async {
        let seconds = deadline.timeIntervalSinceNow
        guard seconds > 0 else { return }
        try? await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400) * 1e9))
    }
}
