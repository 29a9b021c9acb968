import Foundation

/// Splits the next batch between arms by Thompson sampling, with burn-in and a floor per arm.
///
/// - Burn-in: an equal split until every arm has at least `burnInTrials` trials.
/// - Floor: every arm gets at least max(⌈floorFraction·batch⌉, minimumFloor) sends; when the floors
///   alone would use the whole batch, the split is equal.
/// - The rest goes in proportion to each arm's probability of being best, estimated from `draws`
///   joint posterior draws (Beta(1 + s, 1 + n − s)), rounded by largest remainder.
/// All randomness comes from the injected generator, so a fixed seed gives a fixed allocation.
public struct ThompsonAllocator: Sendable, Hashable {
    /// Joint posterior draws used to estimate each arm's probability of being best.
    public var draws: Int
    /// The floor as a share of the batch (0.10 keeps 10% per arm).
    public var floorFraction: Double
    /// The floor in sends, whatever the batch size.
    public var minimumFloor: Int
    /// Trials every arm needs before allocation stops being an equal split.
    public var burnInTrials: Int

    /// An allocator with the engine's defaults: 10,000 draws, floor max(10%, 5), burn-in 50.
    public init(draws: Int = 10_000, floorFraction: Double = 0.10, minimumFloor: Int = 5, burnInTrials: Int = 50) {
        self.draws = draws
        self.floorFraction = floorFraction
        self.minimumFloor = minimumFloor
        self.burnInTrials = burnInTrials
    }

    /// Monte Carlo estimate of P(arm k is best) from `draws` joint posterior draws; sums to 1.
    public func winProbabilities(
        _ arms: [BetaPosterior], using generator: inout some RandomNumberGenerator
    ) -> [Double] {
        guard !arms.isEmpty else { return [] }
        let total = max(1, draws)
        var wins = [Int](repeating: 0, count: arms.count)
        for _ in 0..<total {
            var best = 0
            var bestValue = -Double.infinity
            for (k, arm) in arms.enumerated() {
                let value = arm.sample(using: &generator)
                if value > bestValue {
                    best = k
                    bestValue = value
                }
            }
            wins[best] += 1
        }
        return wins.map { Double($0) / Double(total) }
    }

    /// Sends per arm for a batch of `batchSize`, in the order of `arms`; the counts sum to `batchSize`.
    public func allocate(
        batchSize: Int, arms: [Proportion], using generator: inout some RandomNumberGenerator
    ) throws(StatsError) -> [Int] {
        guard batchSize >= 1 else { throw .nonPositive("batch size", batchSize) }
        guard !arms.isEmpty else {
            throw StatsError(code: .tooFewArms, parameter: "arms", reason: "allocation needs at least one arm")
        }
        guard floorFraction >= 0, floorFraction <= 1 else { throw .closedProbability("floor fraction", floorFraction) }
        let k = arms.count
        if arms.contains(where: { $0.trials < burnInTrials }) {
            return Self.equalSplit(batchSize, arms: arms)
        }
        let floor = max(Int((floorFraction * Double(batchSize)).rounded(.up)), max(0, minimumFloor))
        guard floor * k < batchSize else { return Self.equalSplit(batchSize, arms: arms) }

        let weights = winProbabilities(arms.map(BetaPosterior.init(validCounts:)), using: &generator)
        let remaining = batchSize - floor * k
        let quotas = weights.map { $0 * Double(remaining) }
        var counts = quotas.map { Int($0.rounded(.down)) }
        var leftover = remaining - counts.reduce(0, +)
        let byRemainder = quotas.indices.sorted { i, j in
            let ri = quotas[i] - Double(counts[i])
            let rj = quotas[j] - Double(counts[j])
            return ri > rj || (ri == rj && i < j)
        }
        for i in byRemainder where leftover > 0 {
            counts[i] += 1
            leftover -= 1
        }
        return counts.map { $0 + floor }
    }

    /// batchSize/K each; the remainder goes to the arms with the fewest trials (then by order).
    static func equalSplit(_ batchSize: Int, arms: [Proportion]) -> [Int] {
        let k = arms.count
        var counts = [Int](repeating: batchSize / k, count: k)
        let order = arms.indices.sorted { arms[$0].trials < arms[$1].trials || (arms[$0].trials == arms[$1].trials && $0 < $1) }
        for i in order.prefix(batchSize % k) { counts[i] += 1 }
        return counts
    }
}
