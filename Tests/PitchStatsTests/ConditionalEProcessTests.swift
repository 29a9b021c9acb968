import Foundation
import Testing

import PitchStats

private func batch(_ sa: Int, _ na: Int, _ sb: Int, _ nb: Int) throws -> ConditionalEProcess.Batch {
    ConditionalEProcess.Batch(
        control: try Proportion(successes: sa, trials: na), challenger: try Proportion(successes: sb, trials: nb))
}

/// Draws Binomial(n, p) by n Bernoulli trials.
private func binomial(_ n: Int, _ p: Double, _ generator: inout SplitMix64) -> Int {
    var count = 0
    for _ in 0..<n where Double(generator.next() >> 11) * 0x1p-53 < p { count += 1 }
    return count
}

@Suite("Within-batch conditional e-process")
struct ConditionalEProcessTests {
    @Test("log e, anytime p and score after each batch match 50-digit references")
    func matchesReference() throws {
        let reference = try ReferenceData.load()
        var worst = 0.0
        for item in reference.eprocess {
            var process = ConditionalEProcess()
            for (t, b) in item.batches.enumerated() {
                process.observe(try batch(b[0], b[1], b[2], b[3]))
                let label = "look \(t + 1) of \(item.batches)"
                #expect(abs(process.logE - item.logE[t]) <= 1e-9 * max(1, abs(item.logE[t])), "log e \(label): \(process.logE) vs \(item.logE[t])")
                worst = max(worst, abs(process.logE - item.logE[t]))
                worst = max(worst, expectClose(process.pValue, item.p[t], "p \(label)"))
                expectClose(process.score, item.score[t], relative: 1e-12, absolute: 1e-12, "score \(label)")
            }
        }
        reportWorst("e-process (log e abs, p rel)", worst)
    }

    @Test("stats.md template: batches (1 vs 3) and (1 vs 4) of 25/25 give anytime p = 0.59")
    func templateAnchor() throws {
        var process = ConditionalEProcess()
        process.observe(try batch(1, 25, 3, 25))
        process.observe(try batch(1, 25, 4, 25))
        #expect((process.pValue * 100).rounded() == 59)
        #expect(process.direction == .challengerBetter)
        #expect(process.batchCount == 2)
    }

    @Test("Empty batches, one-arm batches and all-success batches carry no evidence (LR = 1)")
    func uninformativeBatches() throws {
        var process = ConditionalEProcess()
        for b in [try batch(0, 25, 0, 25), try batch(0, 0, 4, 10), try batch(3, 10, 0, 0), try batch(25, 25, 25, 25)] {
            process.observe(b)
            #expect(process.logE == 0 && process.pValue == 1)
        }
        #expect(process.direction == .none)
    }

    @Test("Swapping the arms gives the same e-value (symmetric grid) and the opposite direction")
    func symmetry() throws {
        var forward = ConditionalEProcess()
        var backward = ConditionalEProcess()
        for (sa, na, sb, nb) in [(1, 30, 5, 30), (2, 20, 7, 40), (0, 10, 3, 50)] {
            forward.observe(try batch(sa, na, sb, nb))
            backward.observe(try batch(sb, nb, sa, na))
        }
        expectClose(forward.logE, backward.logE, relative: 1e-12, "log e")
        #expect(forward.direction == .challengerBetter && backward.direction == .controlBetter)
    }

    @Test("The anytime p-value never increases, even when later batches favour H0")
    func monotonePValue() throws {
        var process = ConditionalEProcess()
        var previous = 1.0
        for b in [try batch(0, 25, 6, 25), try batch(1, 25, 5, 25), try batch(6, 25, 0, 25), try batch(5, 25, 1, 25)] {
            process.observe(b)
            #expect(process.pValue <= previous)
            previous = process.pValue
        }
        #expect(process.pValue < 0.05)
    }

    @Test("Type-I error under repeated looks stays ≤ α, while naive z-tests at each look do not (seeded)")
    func typeOneErrorUnderPeeking() throws {
        var generator = SplitMix64(seed: 20_240_601)
        let runs = 400
        let looks = 20
        let perArm = 25
        let rate = 0.05
        var eProcessRejections = 0
        var naiveRejections = 0
        for _ in 0..<runs {
            var process = ConditionalEProcess()
            var control = (s: 0, n: 0)
            var challenger = (s: 0, n: 0)
            var naiveRejected = false
            for _ in 0..<looks {
                let sa = binomial(perArm, rate, &generator)
                let sb = binomial(perArm, rate, &generator)
                process.observe(try batch(sa, perArm, sb, perArm))
                control = (control.s + sa, control.n + perArm)
                challenger = (challenger.s + sb, challenger.n + perArm)
                let z = TwoProportionZTest(
                    control: try Proportion(successes: control.s, trials: control.n),
                    challenger: try Proportion(successes: challenger.s, trials: challenger.n))
                if z.pValue <= 0.05 { naiveRejected = true }
            }
            if process.rejectsNull(alpha: 0.05) { eProcessRejections += 1 }
            if naiveRejected { naiveRejections += 1 }
        }
        let eRate = Double(eProcessRejections) / Double(runs)
        let naiveRate = Double(naiveRejections) / Double(runs)
        #expect(eRate <= 0.05, "e-process false-positive rate \(eRate)")
        #expect(naiveRate > 0.1, "the naive peeking rate \(naiveRate) should show the inflation the e-process avoids")
    }

    @Test("Validity holds under unequal, data-dependent allocation (Thompson-style), and power is real")
    func adaptiveAllocationAndPower() throws {
        var generator = SplitMix64(seed: 42)
        var nullRejections = 0
        var powerRejections = 0
        let runs = 200
        for run in 0..<runs {
            let effect = run % 2 == 1
            let rates = effect ? (0.03, 0.15) : (0.08, 0.08)
            var process = ConditionalEProcess()
            var totals = [(s: 0, n: 0), (s: 0, n: 0)]
            for _ in 0..<15 {
                // The leader so far gets 40 of 50 sends: allocation depends on the past only.
                let leaderIsB = totals[1].s * max(1, totals[0].n) >= totals[0].s * max(1, totals[1].n)
                let nb = leaderIsB ? 40 : 10
                let na = 50 - nb
                let sa = binomial(na, rates.0, &generator)
                let sb = binomial(nb, rates.1, &generator)
                process.observe(try batch(sa, na, sb, nb))
                totals[0] = (totals[0].s + sa, totals[0].n + na)
                totals[1] = (totals[1].s + sb, totals[1].n + nb)
            }
            if process.rejectsNull(alpha: 0.05) {
                if effect { powerRejections += 1 } else { nullRejections += 1 }
            }
        }
        #expect(Double(nullRejections) / Double(runs / 2) <= 0.05)
        #expect(Double(powerRejections) / Double(runs / 2) >= 0.7)
    }

    @Test("Custom grids are validated and normalised")
    func customGrid() throws {
        let process = try ConditionalEProcess(logOddsGrid: [-1, 0, 1], weights: [1, 2, 1])
        expectClose(process.logWeights.map(exp).reduce(0, +), 1, relative: 1e-15, "weights sum to 1")
        let error = #expect(throws: StatsError.self) { try ConditionalEProcess(logOddsGrid: [0, 1], weights: [1, -1]) }
        #expect(error?.code == .nonPositiveParameter)
        #expect(ConditionalEProcess.defaultLogOddsGrid.count == 25)
        #expect(ConditionalEProcess.defaultLogOddsGrid.first == -3 && ConditionalEProcess.defaultLogOddsGrid.last == 3)
    }
}
