import Foundation
import Testing

import PitchStats

private func counts(_ s: Int, _ n: Int) throws -> Proportion { try Proportion(successes: s, trials: n) }

@Suite("Two-proportion z-test and Fisher's exact test")
struct FrequentistTestTests {
    @Test("z-test: z and p match scipy (z² = chi2_contingency(correction=False), p = erfc)")
    func zTestMatchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.ztest {
            let test = TwoProportionZTest(control: try counts(item.sa, item.na), challenger: try counts(item.sb, item.nb))
            let label = "\(item.sa)/\(item.na) vs \(item.sb)/\(item.nb)"
            if let expectedZ = item.z {
                let z = try #require(test.z, "z undefined for \(label)")
                worst = max(worst, expectClose(z, expectedZ, absolute: 1e-15, "z \(label)"))
            } else {
                #expect(test.z == nil, "z should be undefined for \(label)")
            }
            worst = max(worst, expectClose(test.pValue, item.p, "p \(label)"))
        }
        reportWorst("z-test", worst)
    }

    @Test("z-test anchors: 0/20 vs 3/20 gives p = 0.072 (Z03); no successes at all gives z = nil, p = 1")
    func zTestAnchors() throws {
        let small = TwoProportionZTest(control: try counts(0, 20), challenger: try counts(3, 20))
        expectClose(small.pValue, 0.0717185365084342, "Z03")
        #expect(!small.isApproximationReliable)
        let none = TwoProportionZTest(control: try counts(0, 20), challenger: try counts(0, 20))
        #expect(none.z == nil && none.pValue == 1)
        let big = TwoProportionZTest(control: try counts(500, 1000), challenger: try counts(520, 1000))
        #expect(big.isApproximationReliable)
        // A large z keeps its tail (z ≈ 13.4, p ≈ 5e-41) instead of rounding to 0 via 1 − Φ.
        let extreme = TwoProportionZTest(control: try counts(500, 10_000), challenger: try counts(1000, 10_000))
        let z = try #require(extreme.z)
        #expect(extreme.pValue > 0 && extreme.pValue < 1e-30)
        expectClose(extreme.pValue, 2 * Normal.survival(z), relative: 1e-15, "erfc tail")
    }

    @Test("Fisher: two-sided p matches scipy.stats.fisher_exact (and exact rationals), 200 tables")
    func fisherMatchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        var worstScipy = 0.0
        for item in reference.fisher {
            let test = FisherExactTest(control: try counts(item.sa, item.na), challenger: try counts(item.sb, item.nb))
            let label = "\(item.sa)/\(item.na) vs \(item.sb)/\(item.nb)"
            worst = max(worst, expectClose(test.pValue, item.p, "p \(label)"))
            worstScipy = max(worstScipy, expectClose(test.pValue, item.pScipy, "p vs scipy \(label)"))
            switch item.oddsRatio {
            case nil: #expect(test.oddsRatio == nil, "odds ratio undefined for \(label)")
            case .infinity?: #expect(test.oddsRatio == .infinity, "odds ratio for \(label)")
            case .value(let expected)?:
                expectClose(try #require(test.oddsRatio), expected, relative: 1e-14, "odds ratio \(label)")
            }
        }
        reportWorst("fisher (exact)", worst)
        reportWorst("fisher (scipy)", worstScipy)
    }

    @Test("Fisher ties: symmetric tables count the mirrored table (F32), and p is symmetric")
    func fisherTies() throws {
        // 3/10 vs 7/10: P(x = 3) = P(x = 7) exactly; lgamma rounding must not drop the mirror.
        let tie = FisherExactTest(control: try counts(3, 10), challenger: try counts(7, 10))
        expectClose(tie.pValue, 0.17889540799757517, relative: 1e-12, "3/10 vs 7/10")
        let mirrored = FisherExactTest(control: try counts(7, 10), challenger: try counts(3, 10))
        #expect(tie.pValue == mirrored.pValue)
        #expect(FisherExactTest(control: try counts(5, 10), challenger: try counts(5, 10)).pValue == 1)
    }

    @Test("Fisher anchors: F03 = 0.231, example 1 = 3.0e-5, zero margins give p = 1")
    func fisherAnchors() throws {
        expectClose(FisherExactTest(control: try counts(0, 20), challenger: try counts(3, 20)).pValue, 3.0 / 13.0,
                    relative: 1e-13, "F03")
        expectClose(FisherExactTest(control: try counts(10, 80), challenger: try counts(33, 78)).pValue, 3.0e-5,
                    relative: 0.02, "subject example")
        for (a, b) in [((0, 20), (0, 20)), ((20, 20), (5, 5)), ((0, 0), (3, 20))] {
            let test = FisherExactTest(control: try counts(a.0, a.1), challenger: try counts(b.0, b.1))
            #expect(test.pValue == 1 && test.oddsRatio == nil)
        }
    }

    @Test("Fisher handles 100,000-send arms without underflow")
    func fisherLargeArms() throws {
        let test = FisherExactTest(control: try counts(30, 100_000), challenger: try counts(90, 100_000))
        expectClose(test.pValue, 3.73898038827487e-08, "30 vs 90 of 100k")
    }
}
