import Foundation

/// The pooled two-proportion z-test, two-sided, without continuity correction.
///
/// `p̄ = (s_A + s_B)/(n_A + n_B)`, `se = √(p̄(1 − p̄)(1/n_A + 1/n_B))`, `z = (p̂_B − p̂_A)/se`,
/// `p = erfc(|z|/√2)`; z² equals the χ² statistic of `chi2_contingency(correction=False)`.
/// Only a fast approximation: prefer `FisherExactTest` unless `isApproximationReliable`.
public struct TwoProportionZTest: Sendable, Hashable {
    /// The z statistic (challenger minus control), or nil when the standard error is 0
    /// (no successes at all, all successes, or an arm without trials).
    public let z: Double?
    /// The two-sided p-value; 1 when `z` is nil. Small values keep full relative precision.
    public let pValue: Double
    /// True when all four expected cell counts n_i·p̄ and n_i·(1 − p̄) are at least 5.
    public let isApproximationReliable: Bool

    /// Tests whether `challenger` and `control` have the same underlying rate.
    public init(control: Proportion, challenger: Proportion) {
        let nA = Double(control.trials)
        let nB = Double(challenger.trials)
        guard control.trials > 0, challenger.trials > 0 else {
            z = nil
            pValue = 1
            isApproximationReliable = false
            return
        }
        let pooled = Double(control.successes + challenger.successes) / (nA + nB)
        let se = (pooled * (1 - pooled) * (1 / nA + 1 / nB)).squareRoot()
        isApproximationReliable = [nA * pooled, nA * (1 - pooled), nB * pooled, nB * (1 - pooled)]
            .allSatisfy { $0 >= 5 }
        guard se > 0 else {
            z = nil
            pValue = 1
            return
        }
        let difference = Double(challenger.successes) / nB - Double(control.successes) / nA
        let statistic = difference / se
        z = statistic
        pValue = min(1, Normal.twoSidedPValue(statistic))
    }
}
