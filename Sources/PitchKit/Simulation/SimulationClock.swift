public import Foundation
import Synchronization

/// The wall clock moved back by an offset the simulation sets per stage, so a simulated stage's
/// sends, pixel hits and replies carry times days in the past and its reply windows have closed.
public final class SimulationClock: SendClock {
    private let offset = Mutex<TimeInterval>(0)

    /// A clock with no offset.
    public init() {}

    /// Moves the clock to `seconds` before the wall clock.
    public func setOffset(_ seconds: TimeInterval) { offset.withLock { $0 = -seconds } }

    public func now() -> Date { Date().addingTimeInterval(offset.withLock { $0 }) }

    public func sleep(until deadline: Date) async {
        let seconds = deadline.timeIntervalSince(now())
        guard seconds > 0 else { return }
        try? await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400) * 1e9))
    }
}
