import Foundation
import Testing

import PitchStats

private func posterior(_ s: Int, _ n: Int) throws -> BetaPosterior { try BetaPosterior(successes: s, trials: n) }

@Suite("Beta posteriors: P(B > A), expected loss, P(best)")
struct BayesianTests {
    @Test("P(B > A) and P(A > B) match 50-digit exact sums, tails at full relative precision")
    func probabilityBeatsMatchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.probBeats {
            let a = try posterior(item.sa, item.na)
            let b = try posterior(item.sb, item.nb)
            let label = "\(item.sa)/\(item.na) vs \(item.sb)/\(item.nb)"
            worst = max(worst, expectClose(b.probability(exceeds: a), item.pBBeatsA, "P(B>A) \(label)"))
            worst = max(worst, expectClose(a.probability(exceeds: b), item.pABeatsB, "P(A>B) \(label)"))
        }
        reportWorst("P(B > A)", worst)
    }

    @Test("Anchors: 0/20 vs 3/20 gives 0.947; 5/20 vs 40/400 gives 0.018; example 1 gives P(A > B) = 1.1e-5")
    func probabilityAnchors() throws {
        expectClose(try posterior(3, 20).probability(exceeds: posterior(0, 20)), 0.947, relative: 1e-3, "0/20 vs 3/20")
        expectClose(try posterior(40, 400).probability(exceeds: posterior(5, 20)), 0.0185, relative: 0.01, "5/20 vs 40/400")
        let comparison = BayesianComparison(control: try counts(10, 80), challenger: try counts(33, 78))
        expectClose(comparison.probabilityControlBeatsChallenger, 1.1e-5, relative: 0.05, "example 1")
        #expect(comparison.probabilityChallengerBeatsControl > 0.9999)
    }

    @Test("Large arms: the first term underflows a Double but the log-space sum does not")
    func largeArms() throws {
        let a = try posterior(3430, 100_000)
        let b = try posterior(3500, 100_000)
        let pb = b.probability(exceeds: a)
        let pa = a.probability(exceeds: b)
        #expect(pb > 0.5 && pb < 1)
        expectClose(pa + pb, 1, relative: 1e-10, "complements sum to 1")
        // Far-apart arms: a tail probability far below 1e-100 is still positive and exact in log space.
        let far = try posterior(0, 400).logProbability(exceeds: posterior(400, 400))
        #expect(far < -200 && far.isFinite)
    }

    @Test("Both exact summation orders (over α_B or, mirrored, over β_A) agree")
    func mirroredSumAgrees() throws {
        // Beta(1+s, 1+n−s): choose cases where each order is the shorter one.
        for (x, y) in [((30, 40), (2, 50)), ((2, 50), (30, 40)), ((45, 50), (44, 50)), ((1, 3), (0, 200))] {
            let px = try posterior(x.0, x.1)
            let py = try posterior(y.0, y.1)
            let direct = px.probability(exceeds: py)
            // P(X > Y) = P(1 − Y > 1 − X) with 1 − p ~ Beta(β, α).
            let mirrored = try BetaPosterior(alpha: py.beta, beta: py.alpha)
                .probability(exceeds: BetaPosterior(alpha: px.beta, beta: px.alpha))
            expectClose(direct, mirrored, relative: 1e-12, "mirror \(x) vs \(y)")
        }
    }

    @Test("Expected loss matches the 50-digit size-biased identity, and loss(A) − loss(B) = μ_B − μ_A")
    func expectedLossMatchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.expectedLoss {
            let a = try posterior(item.sa, item.na)
            let b = try posterior(item.sb, item.nb)
            let label = "\(item.sa)/\(item.na) vs \(item.sb)/\(item.nb)"
            let lossA = a.expectedLoss(comparedWith: b)
            let lossB = b.expectedLoss(comparedWith: a)
            worst = max(worst, expectClose(lossA, item.lossA, "loss(A) \(label)"))
            worst = max(worst, expectClose(lossB, item.lossB, "loss(B) \(label)"))
            expectClose(lossA - lossB, b.mean - a.mean, relative: 1e-10, absolute: 1e-15, "identity \(label)")
        }
        reportWorst("expected loss", worst)
    }

    @Test("Expected loss anchor: 7/50 vs 2/50, risk of choosing B ≈ 0.12 pp (L03)")
    func expectedLossAnchor() throws {
        let comparison = BayesianComparison(control: try counts(2, 50), challenger: try counts(7, 50))
        expectClose(comparison.expectedLossOfChallenger, 0.0012, relative: 0.05, "L03")
        expectClose(comparison.probabilityChallengerBeatsControl, 0.954, relative: 1e-3, "B05")
    }

    @Test("P(best of K) matches scipy quadrature and sums to 1")
    func probabilityOfBeingBestMatchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.pBest {
            let arms = try item.arms.map { try posterior($0[0], $0[1]) }
            let p = BetaPosterior.probabilityOfBeingBest(arms)
            #expect(p.count == item.p.count)
            for (k, (actual, expected)) in zip(p, item.p).enumerated() {
                worst = max(worst, expectClose(actual, expected, "P(best) arm \(k) of \(item.arms)"))
            }
            expectClose(p.reduce(0, +), 1, relative: 1e-10, "sum for \(item.arms)")
        }
        reportWorst("P(best)", worst)
    }

    @Test("P(best): identical arms split evenly; one arm is certain; quadrature agrees with the exact pairwise sum")
    func probabilityOfBeingBestProperties() throws {
        let same = try posterior(5, 20)
        for p in BetaPosterior.probabilityOfBeingBest([same, same, same, same]) {
            expectClose(p, 0.25, relative: 1e-10, "four identical arms")
        }
        #expect(BetaPosterior.probabilityOfBeingBest([same]) == [1])
        #expect(BetaPosterior.probabilityOfBeingBest([]) == [])
        // With a third arm that can never win, P(best) of the other two is (almost) the pairwise P.
        let a = try posterior(2, 50)
        let b = try posterior(7, 50)
        let hopeless = try posterior(0, 100_000)
        let three = BetaPosterior.probabilityOfBeingBest([a, b, hopeless])
        expectClose(three[1], b.probability(exceeds: a), relative: 1e-9, "quadrature vs exact")
        #expect(three[2] < 1e-20)
    }

    @Test("Posterior sampler: sample mean and variance match Beta(α, β)")
    func sampler() throws {
        var generator = SplitMix64(seed: 99)
        for beta in [try posterior(2, 40), try posterior(3430, 100_000), try posterior(0, 0)] {
            let draws = 20_000
            var sum = 0.0
            var sumSquares = 0.0
            for _ in 0..<draws {
                let x = beta.sample(using: &generator)
                #expect(x > 0 && x < 1)
                sum += x
                sumSquares += x * x
            }
            let mean = sum / Double(draws)
            let variance = sumSquares / Double(draws) - mean * mean
            let standardError = (beta.variance / Double(draws)).squareRoot()
            #expect(abs(mean - beta.mean) < 5 * standardError, "mean of \(beta)")
            #expect(abs(variance / beta.variance - 1) < 0.05, "variance of \(beta)")
        }
    }

    @Test("Posterior parameters and validation")
    func parameters() throws {
        let p = try posterior(3, 40)
        #expect(p.alpha == 4 && p.beta == 38)
        expectClose(p.mean, 4.0 / 42.0, relative: 1e-15, "mean")
        expectClose(p.cdf(at: 0.5) + exp(p.logSurvival(at: 0.5)), 1, relative: 1e-14, "CDF + survival")
        let error = #expect(throws: StatsError.self) { try BetaPosterior(alpha: 0, beta: 3) }
        #expect(error?.code == .nonPositiveParameter)
    }
}

private func counts(_ s: Int, _ n: Int) throws -> Proportion { try Proportion(successes: s, trials: n) }
