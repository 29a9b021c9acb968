import PitchStats

/// Assigns the recipients of a stage to its variants: random, seeded, reproducible, and balanced
/// within every stratum (persona × influencer type), never by list order.
///
/// ```swift
/// let split = StratifiedSplitter.split(plan: plan, recipients: rows, alreadyPitched: pitchedIDs,
///                                      seed: config.seed)
/// for assignment in split.assignments { ledger.plan(assignment.recipientID, assignment.variant) }
/// ```
///
/// How: recipients already pitched in the campaign are left out; the rest are sorted by id (so the
/// input order never matters), grouped by stratum, and each stratum is shuffled with
/// ``SplitMix64`` (seed, stream = stage number). When the stage needs fewer recipients than are
/// left, each stratum contributes in proportion to its size (largest remainders, ties drawn at
/// random). Within each stratum every variant gets an equal share; the leftovers go one each to the
/// variants furthest below their size, ties drawn at random. So each variant's count per stratum is
/// within one of equal, and each variant's total matches its size. When too few recipients are left,
/// the sizes shrink evenly and ``StageSplit/shortfall`` says by how much.
public enum StratifiedSplitter {
    /// Splits the recipients among the stage's variants.
    ///
    /// - Parameters:
    ///   - plan: The stage.
    ///   - recipients: Every recipient of the campaign (any order; duplicate ids count once).
    ///   - alreadyPitched: Ids already in the campaign's ledger; never assigned again.
    ///   - seed: The campaign's seed; the stage number picks the stream.
    public static func split(
        plan: StagePlan, recipients: [SplitRecipient], alreadyPitched: Set<String>, seed: UInt64
    ) -> StageSplit {
        var generator = SplitMix64(seed: seed, stream: UInt64(plan.number))
        let (assigned, eligible) = assign(
            recipients: recipients, excluding: alreadyPitched, sizes: plan.arms.map(\.size), using: &generator)
        let assignments = assigned.map {
            StageSplit.Assignment(recipientID: $0.recipient.id, variant: plan.arms[$0.arm].variant, stratum: $0.recipient.stratum)
        }
        return StageSplit(stage: plan.number, assignments: assignments, eligible: eligible, requested: plan.requestedSize)
    }

    /// The core: arm index per selected recipient, sorted by recipient id, and the eligible count.
    /// A size of nil means "an equal share of everyone left".
    static func assign(
        recipients: [SplitRecipient], excluding pitched: Set<String>, sizes: [Int?],
        using generator: inout some RandomNumberGenerator
    ) -> (assignments: [(recipient: SplitRecipient, arm: Int)], eligible: Int) {
        guard !sizes.isEmpty else { return ([], 0) }
        // Stable order: by id, then traits; one entry per id.
        var seen = Set<String>()
        let eligible = recipients
            .filter { !pitched.contains($0.id) }
            .sorted { ($0.id, $0.persona ?? "", $0.type ?? "") < ($1.id, $1.persona ?? "", $1.type ?? "") }
            .filter { seen.insert($0.id).inserted }
        let targets = targetSizes(sizes, available: eligible.count)
        let total = targets.reduce(0, +)
        guard total > 0 else { return ([], eligible.count) }

        // Strata in key order, each shuffled.
        var groups: [String: [SplitRecipient]] = [:]
        for recipient in eligible { groups[recipient.stratum, default: []].append(recipient) }
        let keys = groups.keys.sorted()
        var strata = keys.map { groups[$0]! }
        for index in strata.indices { DeterministicRandom.shuffle(&strata[index], using: &generator) }

        // How many of each stratum take part: proportional, largest remainders.
        let taken = apportion(total, weights: strata.map(\.count), caps: strata.map(\.count), using: &generator)

        // Equal shares per stratum (in proportion to the targets when they differ by more than
        // one), then leftovers to the arms furthest below target, one per arm per stratum.
        let arms = targets.count
        let nearlyEqual = targets.max()! - targets.min()! <= 1
        var base = strata.indices.map { s in
            (0..<arms).map { nearlyEqual ? taken[s] / arms : taken[s] * targets[$0] / total }
        }
        var deficit = (0..<arms).map { a in targets[a] - strata.indices.reduce(0) { $0 + base[$1][a] } }
        for s in strata.indices {
            var leftover = taken[s] - base[s].reduce(0, +)
            var used = Set<Int>()
            while leftover > 0 {
                let candidates = (0..<arms).filter { !used.contains($0) }
                let best = candidates.map { deficit[$0] }.max() ?? 0
                let tied = candidates.filter { deficit[$0] == best }
                let arm = tied[DeterministicRandom.below(tied.count, using: &generator)]
                base[s][arm] += 1
                deficit[arm] -= 1
                used.insert(arm)
                leftover -= 1
            }
        }

        var result: [(recipient: SplitRecipient, arm: Int)] = []
        result.reserveCapacity(total)
        for s in strata.indices {
            var position = 0
            for arm in 0..<arms {
                for recipient in strata[s][position..<(position + base[s][arm])] {
                    result.append((recipient, arm))
                }
                position += base[s][arm]
            }
        }
        result.sort { $0.recipient.id < $1.recipient.id }
        return (result, eligible.count)
    }

    /// The sizes to fill from `available` recipients: as asked when there are enough; otherwise
    /// shared as evenly as the sizes allow (nil sizes share whatever is left).
    static func targetSizes(_ sizes: [Int?], available: Int) -> [Int] {
        let caps = sizes.map { $0.map { max(0, $0) } ?? Int.max }
        if caps.allSatisfy({ $0 != Int.max }), caps.reduce(0, +) <= available { return caps }
        // Water-filling: raise every arm's level together until the recipients run out.
        var targets = [Int](repeating: 0, count: sizes.count)
        var remaining = available
        var open = caps.indices.filter { caps[$0] > 0 }
        while remaining > 0, !open.isEmpty {
            let share = max(1, remaining / open.count)
            for arm in open where remaining > 0 {
                let give = min(share, caps[arm] - targets[arm], remaining)
                targets[arm] += give
                remaining -= give
            }
            open = open.filter { targets[$0] < caps[$0] }
        }
        return targets
    }

    /// Splits `total` among groups in proportion to `weights` (largest remainder, ties at random),
    /// never above `caps`.
    static func apportion(
        _ total: Int, weights: [Int], caps: [Int], using generator: inout some RandomNumberGenerator
    ) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 0 } }
        var shares = weights.map { total * $0 / sum }
        var remainders = weights.map { total * $0 % sum }
        var left = total - shares.reduce(0, +)
        while left > 0 {
            let open = shares.indices.filter { shares[$0] < caps[$0] }
            guard !open.isEmpty else { break }
            let best = open.map { remainders[$0] }.max()!
            let tied = open.filter { remainders[$0] == best }
            let pick = tied[DeterministicRandom.below(tied.count, using: &generator)]
            shares[pick] += 1
            remainders[pick] = -1
            left -= 1
        }
        return shares
    }
}
