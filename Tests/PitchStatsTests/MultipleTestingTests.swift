import Foundation
import Testing

import PitchStats

@Suite("Holm and Benjamini–Hochberg adjustments")
struct MultipleTestingTests {
    @Test("Match statsmodels' holm and fdr_bh (written out in the generator; BH also checked against scipy)")
    func matchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.multipleTesting {
            let holm = try MultipleTesting.holm(item.p)
            let bh = try MultipleTesting.benjaminiHochberg(item.p)
            #expect(holm.count == item.p.count && bh.count == item.p.count)
            for i in item.p.indices {
                worst = max(worst, expectClose(holm[i], item.holm[i], relative: 1e-14, "holm \(item.p)"))
                worst = max(worst, expectClose(bh[i], item.bh[i], relative: 1e-14, "bh \(item.p)"))
            }
        }
        reportWorst("holm/bh", worst)
    }

    @Test("Textbook example: Holm and BH on four p-values")
    func textbook() throws {
        let p = [0.01, 0.04, 0.03, 0.005]
        let holm = try MultipleTesting.holm(p)
        // sorted 0.005, 0.01, 0.03, 0.04 → 4·0.005, 3·0.01, 2·0.03, 1·0.04, running max
        for (actual, expected) in zip(holm, [0.03, 0.06, 0.06, 0.02]) {
            expectClose(actual, expected, relative: 1e-14, "holm")
        }
        let bh = try MultipleTesting.benjaminiHochberg(p)
        for (actual, expected) in zip(bh, [0.02, 0.04, 0.04, 0.02]) {
            expectClose(actual, expected, relative: 1e-14, "bh")
        }
    }

    @Test("Adjusted values are at least the raw ones, at most 1, and Holm ≥ BH (up to rounding of m·p/m)")
    func properties() throws {
        var generator = SplitMix64(seed: 3)
        for _ in 0..<100 {
            let m = Int(generator.next() % 12) + 1
            let p = (0..<m).map { _ in pow(Double(generator.next() >> 11) * 0x1p-53, 2) }
            let holm = try MultipleTesting.holm(p)
            let bh = try MultipleTesting.benjaminiHochberg(p)
            for i in p.indices {
                let slack = 1 + 1e-15
                #expect(p[i] <= bh[i] * slack && bh[i] <= holm[i] * slack && holm[i] <= 1, "\(p)")
            }
        }
    }

    @Test("Rejects p-values outside [0, 1] and NaN, naming which one")
    func invalid() {
        let error = #expect(throws: StatsError.self) { try MultipleTesting.holm([0.1, 1.2]) }
        #expect(error?.code == .probabilityOutOfRange)
        #expect(error?.parameter == "p-value #2")
        let nan = #expect(throws: StatsError.self) { try MultipleTesting.benjaminiHochberg([.nan]) }
        #expect(nan?.code == .probabilityOutOfRange)
    }
}
