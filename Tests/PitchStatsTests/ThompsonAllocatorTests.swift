import Foundation
import Testing

import PitchStats

private func arms(_ pairs: [(Int, Int)]) throws -> [Proportion] {
    try pairs.map { try Proportion(successes: $0.0, trials: $0.1) }
}

@Suite("Thompson allocation and the seeded generator")
struct ThompsonAllocatorTests {
    @Test("SplitMix64 reproduces the reference sequence for fixed seeds")
    func splitMixReference() throws {
        let reference = try ReferenceData.load()
        for item in reference.splitmix64 {
            var generator = SplitMix64(seed: try #require(UInt64(item.seed)))
            let outputs = (0..<item.outputs.count).map { _ in String(generator.next()) }
            #expect(outputs == item.outputs, "seed \(item.seed)")
        }
    }

    @Test("Streams under one seed differ from each other and are reproducible")
    func streams() {
        var a = SplitMix64(seed: 5, stream: 1)
        var b = SplitMix64(seed: 5, stream: 2)
        var c = SplitMix64(seed: 5, stream: 1)
        let first = (0..<4).map { _ in a.next() }
        #expect(first != (0..<4).map { _ in b.next() })
        #expect(first == (0..<4).map { _ in c.next() })
    }

    @Test("The same seed gives the same allocation")
    func reproducible() throws {
        let allocator = ThompsonAllocator()
        let observed = try arms([(3, 80), (6, 80), (5, 80)])
        var g1 = SplitMix64(seed: 1234, stream: 7)
        var g2 = SplitMix64(seed: 1234, stream: 7)
        let first = try allocator.allocate(batchSize: 90, arms: observed, using: &g1)
        let second = try allocator.allocate(batchSize: 90, arms: observed, using: &g2)
        #expect(first == second)
        #expect(first.reduce(0, +) == 90)
    }

    @Test("Every arm keeps its floor, the batch is used exactly, and the clear leader gets the rest")
    func floorAndLeader() throws {
        let allocator = ThompsonAllocator()
        var generator = SplitMix64(seed: 77)
        for batchSize in [60, 100, 137, 500] {
            let split = try allocator.allocate(batchSize: batchSize, arms: try arms([(2, 100), (20, 100), (3, 100)]), using: &generator)
            let floor = max(Int((0.1 * Double(batchSize)).rounded(.up)), 5)
            #expect(split.reduce(0, +) == batchSize)
            #expect(split.allSatisfy { $0 >= floor }, "\(split) for \(batchSize)")
            #expect(split[1] >= batchSize - 2 * floor - 1, "\(split): B should get nearly all of the rest")
        }
    }

    @Test("Burn-in and too-small batches fall back to an equal split")
    func equalSplit() throws {
        let allocator = ThompsonAllocator()
        var generator = SplitMix64(seed: 1)
        // One arm below 50 trials: burn-in; the remainder goes to the arm with the fewest trials.
        #expect(try allocator.allocate(batchSize: 31, arms: try arms([(0, 60), (9, 30), (1, 70)]), using: &generator) == [10, 11, 10])
        // Floors (5 each) would use the whole batch of 12: equal split.
        #expect(try allocator.allocate(batchSize: 12, arms: try arms([(0, 60), (9, 60), (1, 70)]), using: &generator) == [4, 4, 4])
    }

    @Test("Monte Carlo win probabilities agree with the exact P(best) within sampling error")
    func winProbabilitiesMatchExact() throws {
        let posteriors = try [(2, 40), (7, 50), (5, 45)].map { try BetaPosterior(successes: $0.0, trials: $0.1) }
        var generator = SplitMix64(seed: 2024)
        let estimated = ThompsonAllocator(draws: 20_000).winProbabilities(posteriors, using: &generator)
        let exact = BetaPosterior.probabilityOfBeingBest(posteriors)
        for (e, x) in zip(estimated, exact) {
            let standardError = (x * (1 - x) / 20_000).squareRoot()
            #expect(abs(e - x) < 5 * standardError + 1e-9, "estimated \(e) vs exact \(x)")
        }
        #expect(abs(estimated.reduce(0, +) - 1) < 1e-12)
    }

    @Test("Rejects an empty batch or no arms")
    func invalid() throws {
        var generator = SplitMix64(seed: 1)
        let empty = #expect(throws: StatsError.self) {
            try ThompsonAllocator().allocate(batchSize: 0, arms: try arms([(1, 60)]), using: &generator)
        }
        #expect(empty?.code == .nonPositiveParameter)
        let none = #expect(throws: StatsError.self) {
            try ThompsonAllocator().allocate(batchSize: 10, arms: [], using: &generator)
        }
        #expect(none?.code == .tooFewArms)
    }
}
