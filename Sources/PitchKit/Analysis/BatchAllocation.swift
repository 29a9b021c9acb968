import Foundation
import PitchStats

/// How the next batch of a test stage is split between its variants: by Thompson sampling on the
/// stage's decision metric so far (more sends to the arms likely to be best, never fewer than the
/// floor per arm, an equal split until every arm has its burn-in), or equally.
///
/// ```swift
/// let allocation = try BatchAllocation.make(stage: analysis.stages[0], batchSize: 40, method: .thompson, seed: 7)
/// try planner.plan(stage: 1, winners: StageWinners(), now: .now, extraBatch: allocation.extraBatch)
/// ```
///
/// The split is seeded (the same results and seed give the same split). The valid claim stays valid
/// under reallocation: the stage's comparison uses the within-batch conditional e-process once it
/// has two batches.
public struct BatchAllocation: Sendable, Codable, Hashable {
    /// How the batch is split.
    public enum Method: String, Sendable, Codable, Hashable, CaseIterable {
        /// Thompson sampling with a floor per arm.
        case thompson
        /// The same number to each arm.
        case equal
    }

    /// One variant's share of the batch.
    public struct Arm: Sendable, Codable, Hashable {
        /// The variant label (`subject/message/offer`).
        public var label: String
        /// The variant.
        public var variant: CampaignVariant
        /// Successes on the stage's metric so far.
        public var successes: Int
        /// Trials on the stage's metric so far.
        public var trials: Int
        /// Sends in the next batch.
        public var sends: Int
    }

    /// The stage.
    public var stage: Int
    /// How it was split.
    public var method: Method
    /// The metric the arms are compared on (open rate, reply rate, positive-reply rate).
    public var metric: String
    /// The batch size.
    public var batchSize: Int
    /// The split, in the stage's variant order.
    public var arms: [Arm]

    enum CodingKeys: String, CodingKey {
        case stage, method, metric, arms
        case batchSize = "batch_size"
    }

    /// Rows per variant for ``CampaignPlanner/plan(stage:winners:now:extraBatch:)``.
    public var extraBatch: [CampaignVariant: Int] {
        Dictionary(arms.map { ($0.variant, $0.sends) }, uniquingKeysWith: +)
    }

    /// Splits a batch of `batchSize` sends between the variants of an analysed stage.
    ///
    /// - Throws: ``PromotionError`` when the stage has no comparison (one variant);
    ///   ``StatsError`` for a batch size below 1.
    public static func make(
        stage: CampaignAnalysis.Stage, batchSize: Int, method: Method, seed: UInt64,
        allocator: ThompsonAllocator = ThompsonAllocator()
    ) throws -> BatchAllocation {
        guard let comparison = stage.diagnosis.comparison, comparison.arms.count >= 2 else {
            throw PromotionError(
                "stage \(stage.stage) has a single variant, so there is nothing to allocate between",
                fix: "plan the stage with two or more variants")
        }
        let variants = comparison.arms.map { arm in stage.diagnosis.variant(arm.label)?.funnel.variant }
        let counts: [Int]
        switch method {
        case .equal:
            let each = batchSize / comparison.arms.count
            let extra = batchSize % comparison.arms.count
            counts = comparison.arms.indices.map { each + ($0 < extra ? 1 : 0) }
        case .thompson:
            var rng = SplitMix64(seed: seed, stream: UInt64(stage.stage))
            let arms = try comparison.arms.map { try Proportion(successes: $0.estimate.successes, trials: $0.estimate.trials) }
            counts = try allocator.allocate(batchSize: batchSize, arms: arms, using: &rng)
        }
        var result: [Arm] = []
        for (index, arm) in comparison.arms.enumerated() {
            guard let variant = variants[index] else { continue }
            result.append(Arm(
                label: arm.label, variant: variant, successes: arm.estimate.successes, trials: arm.estimate.trials,
                sends: counts[index]))
        }
        return BatchAllocation(
            stage: stage.stage, method: method, metric: comparison.metric.rawValue, batchSize: batchSize, arms: result)
    }

    /// Terminal lines.
    public var textLines: [String] {
        ["Next batch of stage \(stage) (\(batchSize) sends, \(method == .thompson ? "Thompson sampling on \(metric)" : "equal split")):"]
            + arms.map { "  \($0.label): \($0.sends) (so far \($0.successes)/\($0.trials))" }
    }
}
