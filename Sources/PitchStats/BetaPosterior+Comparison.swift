import Foundation

extension BetaPosterior {
    /// P(X > Y) for X ~ self and Y ~ `other`, exactly.
    ///
    /// Evan Miller's closed form as a sum of positive terms, kept in log space (for 100,000-send arms
    /// the first term is about e^−2347, far below the smallest Double). The sum runs over
    /// min(α_X, β_Y) terms, using the mirror identity P(X > Y) = P(1 − Y > 1 − X) when that is shorter.
    /// For the complement call it with the roles swapped, never `1 − p`, so tails such as 1e-130
    /// keep their relative precision.
    public func probability(exceeds other: BetaPosterior) -> Double {
        min(1, exp(logProbability(exceeds: other)))
    }

    /// ln P(X > Y) for X ~ self and Y ~ `other` (see `probability(exceeds:)`).
    public func logProbability(exceeds other: BetaPosterior) -> Double {
        if alpha <= other.beta {
            return Self.logProbabilityExceeds(
                aX: alpha, bX: beta, aY: other.alpha, bY: other.beta)
        }
        // 1 − Y ~ Beta(β_Y, α_Y) exceeds 1 − X ~ Beta(β_X, α_X) exactly when X exceeds Y.
        return Self.logProbabilityExceeds(
            aX: other.beta, bX: other.alpha, aY: beta, bY: alpha)
    }

    /// ln P(X > Y), X ~ Beta(aX, bX), Y ~ Beta(aY, bY), summing aX positive terms:
    /// ln t₀ = ln B(aY, bY + bX) − ln B(aY, bY),
    /// ln tᵢ₊₁ = ln tᵢ + ln(aY + i) + ln(bX + i) − ln(aY + bY + bX + i) − ln(1 + i).
    private static func logProbabilityExceeds(aX: Int, bX: Int, aY: Int, bY: Int) -> Double {
        let first =
            SpecialFunctions.lnBeta(Double(aY), Double(bY + bX))
            - SpecialFunctions.lnBeta(Double(aY), Double(bY))
        var accumulator = LogSumAccumulator()
        // The running offset from ln t₀ is summed with Kahan compensation: it can grow to
        // thousands, and 4·10⁵ plain additions would otherwise cost about 1e-10 relative.
        var offset = 0.0
        var compensation = 0.0
        for i in 0..<aX {
            accumulator.add(first + offset)
            let di = Double(i)
            let step =
                log(Double(aY) + di) + log(Double(bX) + di)
                - log(Double(aY + bY + bX) + di) - log1p(di)
            let y = step - compensation
            let t = offset + y
            compensation = (t - offset) - y
            offset = t
        }
        return accumulator.value
    }

    /// The expected loss of choosing `self` when `other` may be better: E[max(p_other − p_self, 0)].
    ///
    /// Computed as ∫₀¹ F_self(x)·(1 − F_other(x)) dx with `LogConcaveQuadrature`: the integrand is
    /// positive and log-concave, so there is no cancellation even when the loss is tiny. (The
    /// size-biased identity μ_B·P(B′ > A) − μ_A·P(B > A′) is exact too but cancels badly there.)
    public func expectedLoss(comparedWith other: BetaPosterior) -> Double {
        let logLoss = LogConcaveQuadrature.logIntegral { x in
            self.logCDF(at: x) + other.logSurvival(at: x)
        }
        return exp(logLoss)
    }

    /// P(arm k has the highest rate) for each posterior, in order; the values sum to 1.
    ///
    /// One arm gives [1]. Two arms use the exact sums of `probability(exceeds:)`. Three or more use
    /// P_k = ∫₀¹ f_k(x) Π_{j≠k} F_j(x) dx by deterministic log-concave quadrature (about 1e-11
    /// relative for 10⁵-send arms), normalised to sum to 1, so the same inputs always give the same
    /// numbers. Ties between identical
    /// posteriors have probability zero, so every arm's probability is defined.
    public static func probabilityOfBeingBest(_ arms: [BetaPosterior]) -> [Double] {
        switch arms.count {
        case 0: return []
        case 1: return [1]
        case 2: return [arms[0].probability(exceeds: arms[1]), arms[1].probability(exceeds: arms[0])]
        default:
            let raw = arms.indices.map { k in
                let logP = LogConcaveQuadrature.logIntegral { x in
                    var value = arms[k].logDensity(at: x)
                    for j in arms.indices where j != k {
                        value += arms[j].logCDF(at: x)
                        if value == -.infinity { break }
                    }
                    return value
                }
                return exp(logP)
            }
            // The exact values sum to 1; dividing by the computed sum removes the quadrature's
            // common rounding (up to about 1e-10 for 10⁷-send arms) from the large entries.
            let total = raw.reduce(0, +)
            return raw.map { min(1, $0 / total) }
        }
    }
}
