import Foundation
import Testing

@testable import PitchStats

@Suite("Special functions and the normal distribution")
struct SpecialFunctionsTests {
    @Test("Φ⁻¹ matches scipy's ndtri to full double precision, tails included")
    func normalQuantileMatchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.normalQuantile {
            let error = expectClose(
                Normal.quantile(item.p), item.x, relative: 2e-15, absolute: 1e-300, "quantile(\(item.p))")
            worst = max(worst, error)
        }
        reportWorst("normal quantile", worst)
    }

    @Test("The critical values stored in stats.md come out to within 2 ulp")
    func criticalValues() throws {
        for (confidence, z) in [(0.95, 1.959963984540054), (0.80, 1.2815515655446004),
                                (0.90, 1.6448536269514722), (0.99, 2.5758293035489004)] {
            expectClose(try Normal.criticalValue(confidence: confidence), z, relative: 4.5e-16, "z for \(confidence)")
        }
        expectClose(Normal.quantile(0.8), 0.8416212335729143, relative: 4.5e-16, "z for 80% power")
    }

    @Test("Quantile edge values: 0, 1 and outside [0, 1]")
    func quantileEdges() {
        #expect(Normal.quantile(0) == -.infinity)
        #expect(Normal.quantile(1) == .infinity)
        #expect(Normal.quantile(0.5) == 0)
        #expect(Normal.quantile(-0.1).isNaN)
        #expect(Normal.quantile(1.1).isNaN)
    }

    @Test("Quantile inverts the CDF, and tails are computed directly (no 1 − x)")
    func quantileInvertsCDF() {
        for p in [1e-250, 1e-30, 1e-6, 0.01, 0.3, 0.5, 0.77, 0.999] {
            expectClose(Normal.cdf(Normal.quantile(p)), p, relative: 1e-13, "cdf(quantile(\(p)))")
        }
        // 1 − Φ(24.28) would be 0 in Double; erfc keeps it (Z23 in stats.md: p = 3.47e-130 two-sided).
        expectClose(Normal.twoSidedPValue(-24.28), 2 * Normal.survival(24.28), relative: 1e-15, "symmetry")
        #expect(Normal.survival(24.28) > 1e-131 && Normal.survival(24.28) < 2e-130)
        expectClose(Normal.survival(-3) + Normal.survival(3), 1, relative: 1e-15, "Φ(3) + Φ(−3)")
    }

    @Test("ln Γ and ln B match scipy/mpmath, including arguments of 10⁵ and more")
    func logGammaAndBeta() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.lngamma {
            worst = max(worst, expectClose(
                SpecialFunctions.lnGamma(item.x), item.value, relative: 1e-14, absolute: 1e-14,
                "lnGamma(\(item.x))"))
        }
        for item in reference.lnbeta {
            // Absolute accuracy is what matters (the value is exponentiated in differences).
            let error = abs(SpecialFunctions.lnBeta(item.a, item.b) - item.value)
            #expect(error <= 1e-12 * max(1, abs(item.value)), "lnBeta(\(item.a), \(item.b)) off by \(error)")
            worst = max(worst, relativeError(SpecialFunctions.lnBeta(item.a, item.b), item.value))
        }
        reportWorst("lnGamma/lnBeta", worst)
    }

    @Test("ln C(n, k) agrees with exact small binomials and is symmetric")
    func logChoose() {
        expectClose(exp(SpecialFunctions.lnChoose(10, 3)), 120, relative: 1e-13, "C(10,3)")
        expectClose(exp(SpecialFunctions.lnChoose(52, 5)), 2_598_960, relative: 1e-13, "C(52,5)")
        #expect(SpecialFunctions.lnChoose(7, 0) == 0)
        #expect(SpecialFunctions.lnChoose(7, 7) == 0)
        #expect(SpecialFunctions.lnChoose(7, 8) == -.infinity)
        expectClose(
            SpecialFunctions.lnChoose(200_000, 6930), SpecialFunctions.lnChoose(200_000, 200_000 - 6930),
            relative: 1e-14, "symmetry")
    }

    @Test("Regularised incomplete beta: both tails to full relative precision")
    func incompleteBetaMatchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.betainc {
            let tails = SpecialFunctions.logIncompleteBetaTails(item.x, a: item.a, b: item.b)
            worst = max(worst, expectClose(exp(tails.lower), item.lower, relative: 1e-10, absolute: 1e-300,
                                           "I_\(item.x)(\(item.a), \(item.b))"))
            worst = max(worst, expectClose(exp(tails.upper), item.upper, relative: 1e-10, absolute: 1e-300,
                                           "1 − I_\(item.x)(\(item.a), \(item.b))"))
        }
        reportWorst("incomplete beta", worst)
    }

    @Test("log-sum-exp handles −∞, huge and tiny terms")
    func logSumExp() {
        #expect(SpecialFunctions.logSumExp([]) == -.infinity)
        #expect(SpecialFunctions.logSumExp([-.infinity, -.infinity]) == -.infinity)
        expectClose(SpecialFunctions.logSumExp([-2347, -2347]), -2347 + log(2), relative: 1e-15, "tiny")
        expectClose(SpecialFunctions.logSumExp([1000, 0]), 1000, relative: 1e-15, "huge")
        expectClose(SpecialFunctions.logSumExp([log(0.25), log(0.75)]), 0, absolute: 3e-16, "sum to 1")
    }

    @Test("Gauss–Legendre rules integrate polynomials exactly")
    func gaussLegendre() {
        for rule in [GaussLegendre.ten, GaussLegendre.twenty] {
            expectClose(rule.weights.reduce(0, +), 2, relative: 1e-14, "weights sum to 2")
            let n = rule.nodes.count
            // ∫₋₁¹ x^(2n−2) dx = 2/(2n − 1)
            let integral = zip(rule.nodes, rule.weights).reduce(0.0) { $0 + $1.1 * pow($1.0, Double(2 * n - 2)) }
            expectClose(integral, 2 / Double(2 * n - 1), relative: 1e-13, "degree \(2 * n - 2)")
        }
    }
}
