import Foundation

/// Fixed-horizon sample size per arm for a two-sided two-proportion test.
///
/// `n = (z_{1−α/2}·√(2p̄(1 − p̄)) + z_{power}·√(p₁(1 − p₁) + p₂(1 − p₂)))² / (p₁ − p₂)²`,
/// p̄ = (p₁ + p₂)/2, rounded up. At α = 0.05 and 80% power: 3% → 6% needs 749 per arm,
/// 5% → 10% needs 435. An always-valid sequential test needs about 1.7–1.9 times this.
public enum SampleSize {
    /// Sends per arm, rounded up, to detect `baseline` → `target` with two-sided `alpha` and `power`.
    public static func perArm(
        baseline: Double, target: Double, alpha: Double = 0.05, power: Double = 0.8
    ) throws(StatsError) -> Int {
        let exact = try unroundedPerArm(baseline: baseline, target: target, alpha: alpha, power: power)
        guard exact <= 1e15 else {
            throw StatsError(
                code: .equalRates, parameter: "target",
                reason: "\(target) is too close to the baseline \(baseline) for any realistic sample size")
        }
        return Int(exact.rounded(.up))
    }

    /// The same formula before rounding up.
    public static func unroundedPerArm(
        baseline p1: Double, target p2: Double, alpha: Double = 0.05, power: Double = 0.8
    ) throws(StatsError) -> Double {
        try validateOpenProbability(p1, name: "baseline")
        try validateOpenProbability(p2, name: "target")
        try validateOpenProbability(alpha, name: "alpha")
        try validateOpenProbability(power, name: "power")
        guard p1 != p2 else {
            throw StatsError(
                code: .equalRates, parameter: "target",
                reason: "it equals the baseline (\(p1)), so there is no difference to detect")
        }
        let zAlpha = -Normal.quantile(alpha / 2)
        let zPower = Normal.quantile(power)
        let mean = (p1 + p2) / 2
        let root =
            zAlpha * (2 * mean * (1 - mean)).squareRoot()
            + zPower * (p1 * (1 - p1) + p2 * (1 - p2)).squareRoot()
        return root * root / ((p1 - p2) * (p1 - p2))
    }
}
