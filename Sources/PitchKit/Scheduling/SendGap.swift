public import Foundation

/// The small random pause between two sends from one account, so a batch does not go out as a burst
/// at machine speed.
public struct SendGap: Sendable, Hashable {
    /// The shortest gap, in seconds.
    public let minimum: TimeInterval
    /// The longest gap, in seconds (at least ``minimum``).
    public let maximum: TimeInterval

    /// No gap at all (tests, benchmarks, local relays).
    public static let none = SendGap(minimum: 0, maximum: 0)

    /// A gap drawn uniformly from `minimum...maximum` seconds; both must be ≥ 0, in order.
    public init(minimum: TimeInterval, maximum: TimeInterval) {
        precondition(minimum >= 0 && maximum >= minimum, "a send gap needs 0 <= minimum <= maximum")
        self.minimum = minimum
        self.maximum = maximum
    }

    /// The next gap, drawn from the injected (seeded) generator.
    public func next(using generator: inout some RandomNumberGenerator) -> TimeInterval {
        DeterministicRandom.uniform(minimum, maximum, using: &generator)
    }
}
