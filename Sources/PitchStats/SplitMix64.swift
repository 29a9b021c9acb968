/// SplitMix64, a small, fast, seeded random number generator (Steele, Lea and Flood 2014).
///
/// Every Monte Carlo draw in PitchStats takes an injected generator; seeding this one from, say,
/// (test id, batch index) makes allocations reproducible on every platform. Not cryptographic.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The internal state; the next output is derived from `state + 0x9E3779B97F4A7C15`.
    public private(set) var state: UInt64

    /// A generator whose output sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one of many independent streams under one seed, e.g. `stream` = batch index.
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: stream ^ 0xD1B5_4A32_D192_ED03)
        state = seed ^ mixer.next()
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
