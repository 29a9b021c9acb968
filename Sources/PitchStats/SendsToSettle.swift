import Foundation

/// "N more sends would settle it": the Wilson inversion for a rate against a threshold.
///
/// If the observed rate p̂ persists, the Wilson interval excludes the threshold t once
/// `n > n* = z²·t(1 − t)/(p̂ − t)²` (exact: t is inside [L, U] iff |p̂ − t| ≤ z·√(t(1 − t)/n)).
/// The answer is `max(0, ⌈n*⌉ − n)`; at n = n* the threshold sits on the interval's edge. When
/// p̂ = t no number of sends separates them and the answer is nil ("sits at the benchmark").
public enum SendsToSettle {
    /// Additional sends at the current rate until the interval at `confidence` excludes `threshold`;
    /// 0 when it already does, nil when the rate equals the threshold (or is so close that more than
    /// 10¹⁵ sends would be needed). Needs at least one trial, since the rate is otherwise unknown.
    public static func additionalSends(
        successes: Int, trials: Int, threshold: Double, confidence: Double = 0.95
    ) throws(StatsError) -> Int? {
        try additionalSends(
            Proportion(successes: successes, trials: trials), threshold: threshold, confidence: confidence)
    }

    /// Additional sends for observed counts (see `additionalSends(successes:trials:threshold:confidence:)`).
    public static func additionalSends(
        _ counts: Proportion, threshold: Double, confidence: Double = 0.95
    ) throws(StatsError) -> Int? {
        try validateOpenProbability(threshold, name: "threshold")
        let z = try Normal.criticalValue(confidence: confidence)
        guard let rate = counts.rate else {
            throw StatsError(
                code: .noTrials, parameter: "counts \(counts)",
                reason: "at least one trial is needed to know the current rate")
        }
        guard let needed = requiredTrials(rate: rate, threshold: threshold, z: z), needed <= 1e15 else {
            return nil
        }
        return max(0, Int(needed.rounded(.up)) - counts.trials)
    }

    /// n* = z²·t(1 − t)/(p̂ − t)², the total trials at which the threshold reaches the interval's
    /// edge; nil when p̂ = t.
    public static func requiredTrials(rate: Double, threshold: Double, z: Double) -> Double? {
        let gap = rate - threshold
        guard gap != 0 else { return nil }
        return z * z * threshold * (1 - threshold) / (gap * gap)
    }
}
