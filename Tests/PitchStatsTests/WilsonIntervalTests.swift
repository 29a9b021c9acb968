import Foundation
import Testing

import PitchStats

@Suite("Wilson score interval")
struct WilsonIntervalTests {
    @Test("Matches scipy's binomtest(...).proportion_ci(method='wilson') at many confidence levels")
    func matchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.wilson {
            let interval = try WilsonInterval(successes: item.s, trials: item.n, confidence: item.confidence)
            let label = "\(item.s)/\(item.n) at \(item.confidence)"
            worst = max(worst, expectClose(interval.lower, item.lower, absolute: 1e-15, "lower \(label)"))
            worst = max(worst, expectClose(interval.upper, item.upper, absolute: 1e-15, "upper \(label)"))
        }
        reportWorst("wilson", worst)
    }

    @Test("Exact edges: s = 0 gives L = 0 and U = z²/(n + z²); s = n gives U = 1; n = 0 gives [0, 1]")
    func exactEdges() throws {
        for n in [1, 20, 40, 100_000] {
            let none = try WilsonInterval(successes: 0, trials: n)
            let z2 = none.z * none.z
            #expect(none.lower == 0)
            expectClose(none.upper, z2 / (Double(n) + z2), relative: 1e-15, "U for 0/\(n)")
            let all = try WilsonInterval(successes: n, trials: n)
            #expect(all.upper == 1)
            expectClose(all.lower, Double(n) / (Double(n) + z2), relative: 1e-15, "L for \(n)/\(n)")
        }
        let empty = try WilsonInterval(successes: 0, trials: 0, confidence: 0.8)
        #expect(empty.lower == 0 && empty.upper == 1)
        #expect(empty.rate == nil)
        // W07 in stats.md: 0/20 gives [0, 16.1%].
        expectClose(try WilsonInterval(successes: 0, trials: 20).upper, 0.16112515805281935, "W07")
    }

    @Test("t is inside [L, U] exactly when |p̂ − t| ≤ z·√(t(1 − t)/n) (score-test inversion)")
    func scoreTestInversion() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<300 {
            let n = Int(generator.next() % 500) + 1
            let s = Int(generator.next() % UInt64(n + 1))
            let confidence = [0.8, 0.9, 0.95, 0.99][Int(generator.next() % 4)]
            let interval = try WilsonInterval(successes: s, trials: n, confidence: confidence)
            let t = Double(generator.next() >> 11) * 0x1p-53
            let gap = abs(Double(s) / Double(n) - t)
            let radius = interval.z * (t * (1 - t) / Double(n)).squareRoot()
            guard abs(gap - radius) > 1e-9 else { continue }  // too close to the edge to call
            #expect(interval.contains(t) == (gap <= radius), "\(s)/\(n) at \(confidence), t = \(t)")
        }
    }

    @Test("The 80% interval nests inside the 95% one, and both contain the observed rate")
    func nesting() throws {
        for (s, n) in [(0, 20), (1, 160), (10, 80), (33, 78), (16, 18), (3430, 100_000)] {
            let probably = try WilsonInterval(successes: s, trials: n, confidence: 0.8)
            let clearly = try WilsonInterval(successes: s, trials: n, confidence: 0.95)
            #expect(clearly.lower <= probably.lower && probably.upper <= clearly.upper, "\(s)/\(n)")
            let rate = try #require(probably.rate)
            #expect(probably.lower <= rate && rate <= probably.upper)
        }
    }

    @Test("Worked examples of stats.md §5.5")
    func workedExamples() throws {
        // Example 1: 10/80 opens, 80% upper 18.0% (< 20% ⇒ PROBABLY_BELOW).
        expectClose(try WilsonInterval(successes: 10, trials: 80, confidence: 0.8).upper, 0.180, relative: 3e-3, "10/80")
        // Example 2: 1/160 replies, 80% upper 2.07%.
        expectClose(try WilsonInterval(successes: 1, trials: 160, confidence: 0.8).upper, 0.0207, relative: 3e-3, "1/160")
        // Example 3: 16/18 objections, 95% 67%–97%.
        let offer = try WilsonInterval(successes: 16, trials: 18)
        #expect((offer.lower * 100).rounded() == 67 && (offer.upper * 100).rounded() == 97)
        // Example 4: 1/450 pooled, 95% upper 1.2%, 80% upper 0.74%.
        #expect((try WilsonInterval(successes: 1, trials: 450).upper * 1000).rounded() == 12)
        expectClose(try WilsonInterval(successes: 1, trials: 450, confidence: 0.8).upper, 0.0074, relative: 0.01, "1/450 80%")
    }

    @Test("Invalid confidence levels and counts are rejected with one clear sentence")
    func invalidInput() {
        for confidence in [0, 1, 1.5, -0.2, Double.nan] {
            let error = #expect(throws: StatsError.self) {
                try WilsonInterval(successes: 3, trials: 10, confidence: confidence)
            }
            #expect(error?.code == .confidenceOutOfRange)
            #expect(error?.parameter == "confidence")
        }
        let error = #expect(throws: StatsError.self) { try WilsonInterval(successes: 5, trials: 3) }
        #expect(error?.code == .successesExceedTrials)
        #expect(error?.description == "Invalid counts 5/3: successes (5) cannot exceed trials (3).")
        let negative = #expect(throws: StatsError.self) { try WilsonInterval(successes: -1, trials: 3) }
        #expect(negative?.code == .negativeCount)
    }
}
