import Foundation
import Testing

import PitchStats

@Suite("Sends to settle (Wilson inversion)")
struct SendsToSettleTests {
    @Test("Matches n* = z²t(1 − t)/(p̂ − t)² with scipy's z, and is the exact inverse of Wilson")
    func matchesReferenceAndInverts() throws {
        let reference = try ReferenceData.load()
        var checkedInverse = 0
        for item in reference.settle {
            let label = "\(item.s)/\(item.n) vs \(item.threshold) at \(item.confidence)"
            let answer = try SendsToSettle.additionalSends(
                successes: item.s, trials: item.n, threshold: item.threshold, confidence: item.confidence)
            #expect(answer == item.additional, "\(label)")
            guard let additional = answer else { continue }
            let z = try Normal.criticalValue(confidence: item.confidence)
            let rate = Double(item.s) / Double(item.n)
            if additional == 0 {
                // Already settled: the current interval excludes the threshold.
                let now = try WilsonInterval(successes: item.s, trials: item.n, confidence: item.confidence)
                #expect(!now.contains(item.threshold), "\(label) should already be settled")
                continue
            }
            // At the same rate, n + additional sends exclude the threshold; one fewer does not.
            let enough = WilsonInterval.bounds(rate: rate, trials: Double(item.n + additional), z: z)
            #expect(item.threshold < enough.lower || item.threshold > enough.upper, "\(label): enough")
            let short = WilsonInterval.bounds(rate: rate, trials: Double(item.n + additional - 1), z: z)
            #expect(short.lower <= item.threshold && item.threshold <= short.upper, "\(label): one fewer")
            checkedInverse += 1
        }
        #expect(checkedInverse >= 30)
    }

    @Test("Oracle S01–S09 and the worked examples of stats.md", arguments: [
        (2, 40, 0.03, 0.95, 240), (0, 30, 0.03, 0.95, 95), (12, 50, 0.30, 0.95, 175),
        (0, 200, 0.01, 0.95, 181), (0, 400, 0.01, 0.95, 0), (1, 160, 0.03, 0.95, 39),
        (1, 160, 0.01, 0.95, 2545),
    ])
    func oracle(s: Int, n: Int, threshold: Double, confidence: Double, expected: Int) throws {
        #expect(try SendsToSettle.additionalSends(successes: s, trials: n, threshold: threshold, confidence: confidence) == expected)
    }

    @Test("A rate sitting at the threshold never settles (nil); n* ≈ 139 for 2/18 against 15% at z = 1.2816")
    func sitsAtThreshold() throws {
        #expect(try SendsToSettle.additionalSends(successes: 3, trials: 100, threshold: 0.03) == nil)
        #expect(try SendsToSettle.additionalSends(successes: 1, trials: 2, threshold: 0.5, confidence: 0.8) == nil)
        let nStar = try #require(SendsToSettle.requiredTrials(rate: 2.0 / 18, threshold: 0.15, z: 1.2815515655446004))
        #expect(Int(nStar.rounded(.up)) == 139)
    }

    @Test("Needs a threshold in (0, 1), a valid confidence and at least one trial")
    func invalid() {
        let threshold = #expect(throws: StatsError.self) {
            try SendsToSettle.additionalSends(successes: 1, trials: 10, threshold: 1)
        }
        #expect(threshold?.parameter == "threshold")
        let confidence = #expect(throws: StatsError.self) {
            try SendsToSettle.additionalSends(successes: 1, trials: 10, threshold: 0.2, confidence: 95)
        }
        #expect(confidence?.code == .confidenceOutOfRange)
        let empty = #expect(throws: StatsError.self) {
            try SendsToSettle.additionalSends(successes: 0, trials: 0, threshold: 0.2)
        }
        #expect(empty?.code == .noTrials)
    }
}
