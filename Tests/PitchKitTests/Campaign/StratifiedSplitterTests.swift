import PitchStats
import Testing

@testable import PitchKit

@Suite("Stratified split")
struct StratifiedSplitterTests {
    static let personas = ["skincare", "fitness", "food"]
    static let types = ["peer", "authority", "aspirational"]

    /// `count` recipients spread unevenly over the strata (some traits missing).
    static func recipients(_ count: Int, seed: UInt64 = 99) -> [SplitRecipient] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { index in
            let persona = index % 11 == 0 ? nil : personas[Int(rng.next() % 3)]
            let type = index % 13 == 0 ? " " : types[Int(rng.next() % 3)].uppercased()
            return SplitRecipient(id: "r\(String(format: "%05d", index))", persona: persona, type: type)
        }
    }

    static func plan(sizes: [Int?]) -> StagePlan {
        StagePlan(
            number: 1, kind: .test(.subject),
            arms: sizes.enumerated().map { index, size in
                StagePlan.Arm(variant: CampaignVariant(template: "t", choice: PitchVariantChoice(subject: "s\(index)", message: "m", offer: "o")),
                              size: size)
            })
    }

    /// Each variant's count in each stratum is within one of the stratum's equal share.
    static func isBalanced(_ split: StageSplit) -> Bool {
        let variants = Array(split.counts.keys)
        var strata: [String: [CampaignVariant: Int]] = [:]
        for assignment in split.assignments { strata[assignment.stratum, default: [:]][assignment.variant, default: 0] += 1 }
        return strata.values.allSatisfy { counts in
            let values = variants.map { counts[$0] ?? 0 }
            return values.max()! - values.min()! <= 1
        }
    }

    @Test("reproducible for a seed, different for another seed")
    func reproducible() {
        let plan = Self.plan(sizes: [20, 20, 20])
        let people = Self.recipients(300)
        let a = StratifiedSplitter.split(plan: plan, recipients: people, alreadyPitched: [], seed: 42)
        let b = StratifiedSplitter.split(plan: plan, recipients: people, alreadyPitched: [], seed: 42)
        let c = StratifiedSplitter.split(plan: plan, recipients: people, alreadyPitched: [], seed: 43)
        #expect(a == b)
        #expect(a.assignments != c.assignments)
        #expect(a.assignments.count == 60 && a.shortfall == 0 && a.eligible == 300)
        #expect(a.counts.values.allSatisfy { $0 == 20 })
        // The next stage draws from another stream of the same seed.
        let stage2 = StagePlan(number: 2, kind: plan.kind, arms: plan.arms)
        #expect(StratifiedSplitter.split(plan: stage2, recipients: people, alreadyPitched: [], seed: 42).assignments != a.assignments)
    }

    @Test("independent of the input order, duplicates counted once")
    func orderIndependent() {
        let plan = Self.plan(sizes: [15, 15])
        let people = Self.recipients(200)
        let base = StratifiedSplitter.split(plan: plan, recipients: people, alreadyPitched: [], seed: 7)
        var rng = SplitMix64(seed: 5)
        var shuffled = people
        DeterministicRandom.shuffle(&shuffled, using: &rng)
        #expect(StratifiedSplitter.split(plan: plan, recipients: shuffled, alreadyPitched: [], seed: 7) == base)
        #expect(StratifiedSplitter.split(plan: plan, recipients: people.reversed() + people.prefix(50), alreadyPitched: [], seed: 7) == base)
    }

    @Test("never by list order: the first rows are not favoured")
    func notListOrder() {
        let plan = Self.plan(sizes: [25, 25])
        let split = StratifiedSplitter.split(plan: plan, recipients: Self.recipients(1_000), alreadyPitched: [], seed: 1)
        let firstHalf = split.assignments.filter { $0.recipientID < "r00500" }.count
        #expect(firstHalf > 10 && firstHalf < 40)
        let ids = split.assignments.map(\.recipientID)
        #expect(ids == ids.sorted())
    }

    @Test("balanced across strata (±1) for many seeds and sizes", arguments: [
        ([20, 20], 500), ([20, 20, 20], 61), ([7, 7, 7, 7], 1_000), ([40, 40], 80), ([20, 20], 30), ([3, 3, 3], 200),
        ([20, 20, 20], 31), ([20, 20, 20, 20], 77), ([20, 21], 300),
    ] as [([Int], Int)])
    func balanced(sizes: [Int], population: Int) {
        for seed in UInt64(0)..<10 {
            let split = StratifiedSplitter.split(plan: Self.plan(sizes: sizes), recipients: Self.recipients(population, seed: seed),
                                                 alreadyPitched: [], seed: seed)
            #expect(Self.isBalanced(split), "seed \(seed)")
            let counts = split.counts.values
            let total = min(sizes.reduce(0, +), population)
            #expect(split.assignments.count == total)
            #expect(counts.max()! - counts.min()! <= 1, "seed \(seed)")
            #expect(Set(split.assignments.map(\.recipientID)).count == split.assignments.count)
        }
    }

    @Test("a stage that uses everyone splits every stratum evenly")
    func everyone() {
        let people = Self.recipients(90)
        let split = StratifiedSplitter.split(plan: Self.plan(sizes: [nil, nil, nil]), recipients: people, alreadyPitched: [], seed: 3)
        #expect(split.assignments.count == 90 && split.requested == nil && split.shortfall == 0)
        #expect(split.counts.values.allSatisfy { $0 == 30 })
        #expect(Self.isBalanced(split))
    }

    @Test("the sample mirrors the strata of the population")
    func proportional() {
        // 600 skincare peers, 300 food authorities, 100 fitness aspirationals; 100 sent.
        let people = (0..<1_000).map { index -> SplitRecipient in
            let (persona, type) = index < 600 ? ("skincare", "peer") : index < 900 ? ("food", "authority") : ("fitness", "aspirational")
            return SplitRecipient(id: "id\(index)", persona: persona, type: type)
        }
        let split = StratifiedSplitter.split(plan: Self.plan(sizes: [50, 50]), recipients: people, alreadyPitched: [], seed: 9)
        var perStratum: [String: Int] = [:]
        for assignment in split.assignments { perStratum[assignment.stratum, default: 0] += 1 }
        #expect(perStratum == ["skincare × peer": 60, "food × authority": 30, "fitness × aspirational": 10])
        #expect(split.countsByStratum.values.allSatisfy { $0["skincare × peer"] == 30 && $0["food × authority"] == 15 && $0["fitness × aspirational"] == 5 })
    }

    @Test("recipients already pitched are never assigned again; the rest stage takes everyone left")
    func excludesPitched() {
        let people = Self.recipients(120)
        let stage1 = StratifiedSplitter.split(plan: Self.plan(sizes: [20, 20]), recipients: people, alreadyPitched: [], seed: 4)
        let pitched = Set(stage1.assignments.map(\.recipientID))
        let rest = StratifiedSplitter.split(plan: Self.plan(sizes: [nil]), recipients: people, alreadyPitched: pitched, seed: 4)
        #expect(rest.eligible == 80 && rest.assignments.count == 80)
        #expect(pitched.isDisjoint(with: rest.assignments.map(\.recipientID)))
        #expect(Set(rest.assignments.map(\.recipientID)).union(pitched).count == 120)
    }

    @Test("too few recipients: sizes shrink evenly and the shortfall is reported")
    func shortfall() {
        let split = StratifiedSplitter.split(plan: Self.plan(sizes: [20, 20, 20]), recipients: Self.recipients(31),
                                             alreadyPitched: [], seed: 2)
        #expect(split.assignments.count == 31 && split.shortfall == 29)
        #expect(split.counts.values.sorted() == [10, 10, 11])
        #expect(Self.isBalanced(split))
        #expect(StratifiedSplitter.targetSizes([5, 50], available: 30) == [5, 25])
        #expect(StratifiedSplitter.targetSizes([5, nil], available: 30) == [5, 25])
        #expect(StratifiedSplitter.targetSizes([10, 10], available: 30) == [10, 10])
        let none = StratifiedSplitter.split(plan: Self.plan(sizes: [20, 20]), recipients: [], alreadyPitched: [], seed: 2)
        #expect(none.assignments.isEmpty && none.shortfall == 40)
    }

    @Test("strata compare traits trimmed and case-insensitively")
    func strata() {
        #expect(SplitRecipient(id: "a", persona: " Skincare ", type: "PEER").stratum == "skincare × peer")
        #expect(SplitRecipient(id: "b").stratum == "- × -")
    }
}
