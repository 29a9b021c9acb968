import Foundation

/// The Wilson score interval for a rate, at any confidence level.
///
/// `[L, U] = centre ∓ half` with `centre = (2s + z²) / (2(n + z²))` and
/// `half = z·√(4s(n − s)/n + z²) / (2(n + z²))`, z = Φ⁻¹(1 − (1 − confidence)/2).
/// Edges are exact: s = 0 gives L = 0 and U = z²/(n + z²); s = n gives U = 1; n = 0 gives [0, 1].
/// A threshold t lies inside [L, U] exactly when |p̂ − t| ≤ z·√(t(1 − t)/n) (score-test inversion).
public struct WilsonInterval: Sendable, Hashable {
    /// The counts the interval was computed from.
    public let counts: Proportion
    /// The two-sided confidence level, e.g. 0.95.
    public let confidence: Double
    /// The critical value z for `confidence`.
    public let z: Double
    /// The lower bound, in [0, 1].
    public let lower: Double
    /// The upper bound, in [0, 1].
    public let upper: Double

    /// The interval for `successes` out of `trials` at `confidence` (default 95%).
    public init(successes: Int, trials: Int, confidence: Double = 0.95) throws(StatsError) {
        try self.init(Proportion(successes: successes, trials: trials), confidence: confidence)
    }

    /// The interval for observed counts at `confidence` (default 95%).
    public init(_ counts: Proportion, confidence: Double = 0.95) throws(StatsError) {
        let z = try Normal.criticalValue(confidence: confidence)
        self.counts = counts
        self.confidence = confidence
        self.z = z
        (lower, upper) = Self.bounds(successes: counts.successes, trials: counts.trials, z: z)
    }

    /// The observed rate, or nil when there are no trials.
    public var rate: Double? { counts.rate }

    /// True when `threshold` lies inside the closed interval.
    public func contains(_ threshold: Double) -> Bool { lower <= threshold && threshold <= upper }

    /// Wilson bounds for integer counts with critical value `z`, exact at the 0 and 1 edges.
    public static func bounds(successes s: Int, trials n: Int, z: Double) -> (lower: Double, upper: Double) {
        guard n > 0 else { return (0, 1) }
        let sd = Double(s)
        let nd = Double(n)
        let z2 = z * z
        let denominator = 2 * (nd + z2)
        let centre = (2 * sd + z2) / denominator
        let half = z * (4 * sd * Double(n - s) / nd + z2).squareRoot() / denominator
        let lower = s == 0 ? 0 : min(1, max(0, centre - half))
        let upper = s == n ? 1 : min(1, max(0, centre + half))
        return (lower, upper)
    }

    /// Wilson bounds for a real-valued rate and number of trials (used to reason about
    /// "n more sends at the current rate"). `rate` must be in [0, 1] and `trials` positive.
    public static func bounds(rate p: Double, trials n: Double, z: Double) -> (lower: Double, upper: Double) {
        guard n > 0 else { return (0, 1) }
        let z2 = z * z
        let denominator = 2 * (n + z2)
        let centre = (2 * n * p + z2) / denominator
        let half = z * (4 * n * p * (1 - p) + z2).squareRoot() / denominator
        let lower = p == 0 ? 0 : min(1, max(0, centre - half))
        let upper = p == 1 ? 1 : min(1, max(0, centre + half))
        return (lower, upper)
    }
}
