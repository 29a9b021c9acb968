import Foundation

/// Fisher's exact test for a 2×2 table, two-sided, as `scipy.stats.fisher_exact` defines it.
///
/// The table is `[[s_A, n_A − s_A], [s_B, n_B − s_B]]`; with the margins fixed, X = s_A is
/// hypergeometric and the p-value is the total probability of all tables no more likely than the
/// observed one. Probabilities are compared in log space with a relative tolerance of 1e-7
/// (R's `relErr`), so exact ties such as 3/10 vs 7/10 are caught despite lgamma rounding
/// (about 1e-13), and summed with log-sum-exp, which handles 100,000-send arms.
public struct FisherExactTest: Sendable, Hashable {
    /// Relative tolerance under which a table counts as "as likely as" the observed one.
    public static let tieTolerance = 1e-7

    /// The two-sided p-value, in (0, 1]; 1 when any row or column total is zero.
    public let pValue: Double
    /// scipy's sample odds ratio s_A(n_B − s_B) / ((n_A − s_A)s_B): +∞ when the denominator is 0,
    /// nil when a row or column total is zero (scipy returns NaN there).
    public let oddsRatio: Double?

    /// Tests whether `control` and `challenger` have the same underlying rate.
    public init(control: Proportion, challenger: Proportion) {
        let a = control.successes
        let b = control.failures
        let c = challenger.successes
        let d = challenger.failures
        let row1 = control.trials
        let row2 = challenger.trials
        let column1 = a + c
        let total = row1 + row2
        guard row1 > 0, row2 > 0, column1 > 0, column1 < total else {
            pValue = 1
            oddsRatio = nil
            return
        }
        oddsRatio = (c > 0 && b > 0) ? Double(a) * Double(d) / (Double(c) * Double(b)) : .infinity

        let logDenominator = SpecialFunctions.lnChoose(total, column1)
        func logProbability(_ x: Int) -> Double {
            SpecialFunctions.lnChoose(row1, x) + SpecialFunctions.lnChoose(row2, column1 - x)
                - logDenominator
        }
        let limit = logProbability(a) + log1p(Self.tieTolerance)
        var accumulator = LogSumAccumulator()
        for x in max(0, column1 - row2)...min(row1, column1) {
            let value = logProbability(x)
            if value <= limit { accumulator.add(value) }
        }
        pValue = min(1, exp(accumulator.value))
    }
}
