import Foundation
import Testing

import PitchStats

@Suite("Fixed-horizon sample size")
struct SampleSizeTests {
    @Test("Matches the textbook formula evaluated with scipy's norm.ppf/isf")
    func matchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.sampleSize {
            let exact = try SampleSize.unroundedPerArm(
                baseline: item.baseline, target: item.target, alpha: item.alpha, power: item.power)
            worst = max(worst, expectClose(exact, item.n, relative: 1e-12, "n for \(item.baseline) → \(item.target)"))
            let perArm = try SampleSize.perArm(
                baseline: item.baseline, target: item.target, alpha: item.alpha, power: item.power)
            #expect(perArm == item.perArm, "\(item.baseline) → \(item.target), α \(item.alpha), power \(item.power)")
        }
        reportWorst("sample size", worst)
    }

    @Test("Oracle table N01–N10 of stats.md §3.6", arguments: [
        (0.03, 0.06, 0.05, 749), (0.05, 0.10, 0.05, 435), (0.03, 0.045, 0.05, 2518),
        (0.01, 0.02, 0.05, 2319), (0.30, 0.40, 0.05, 356), (0.40, 0.45, 0.05, 1534),
        (0.05, 0.10, 0.0125, 618),
    ])
    func oracleTable(baseline: Double, target: Double, alpha: Double, expected: Int) throws {
        #expect(try SampleSize.perArm(baseline: baseline, target: target, alpha: alpha, power: 0.8) == expected)
        // The formula is symmetric in baseline and target.
        #expect(try SampleSize.perArm(baseline: target, target: baseline, alpha: alpha, power: 0.8) == expected)
    }

    @Test("More power or a smaller alpha needs more sends")
    func monotone() throws {
        let base = try SampleSize.perArm(baseline: 0.05, target: 0.10)
        #expect(try SampleSize.perArm(baseline: 0.05, target: 0.10, power: 0.9) > base)
        #expect(try SampleSize.perArm(baseline: 0.05, target: 0.10, alpha: 0.01) > base)
        #expect(try SampleSize.perArm(baseline: 0.05, target: 0.12) < base)
    }

    @Test("Rejects equal rates and out-of-range inputs, naming the input")
    func invalid() {
        let equal = #expect(throws: StatsError.self) { try SampleSize.perArm(baseline: 0.03, target: 0.03) }
        #expect(equal?.code == .equalRates)
        for (baseline, target, alpha, power, name) in [
            (1.2, 0.03, 0.05, 0.8, "baseline"), (0.03, 0.0, 0.05, 0.8, "target"),
            (0.03, 0.06, 1.0, 0.8, "alpha"), (0.03, 0.06, 0.05, 1.0, "power"),
        ] {
            let error = #expect(throws: StatsError.self) {
                try SampleSize.perArm(baseline: baseline, target: target, alpha: alpha, power: power)
            }
            #expect(error?.parameter == name)
        }
    }
}
