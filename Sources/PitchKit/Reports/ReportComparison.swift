/// The comparison of a stage's variants on its decision metric, as a report shows it
/// (stats.md §3.5, §3.7, §3.10): each arm's counts and intervals, its P(best), the claim test's
/// p-values against the leader, and the promotion decision. Every key is always present.
///
/// The decision's `kind` is `valid_claim` (a proven difference: Fisher or the e-process, Holm
/// across arms), `better_bet` (Bayesian advice: high P(best) and a small expected loss; never
/// called significant) or `undecided`.
public struct ReportComparison: Sendable, Hashable, Codable {
    /// One variant in the comparison.
    public struct Arm: Sendable, Hashable, Codable {
        /// The variant label.
        public let label: String
        /// The metric's counts and intervals.
        public let estimate: ReportRate
        /// P(this arm has the highest rate) under Beta(1, 1) posteriors.
        public let probabilityBest: Double
        /// P(leader's rate > this arm's); nil for the leader.
        public let probabilityLeaderBetter: Double?
        /// Expected loss of choosing the leader instead of this arm; nil for the leader.
        public let expectedLossOfLeader: Double?
        /// The claim test's p-value against the leader; nil for the leader.
        public let pValue: Double?
        /// The Holm-adjusted p-value against the leader; nil for the leader.
        public let holmPValue: Double?

        init(_ arm: StageComparison.Arm) {
            label = arm.label
            estimate = ReportRate(arm.estimate)
            probabilityBest = arm.probabilityBest
            probabilityLeaderBetter = arm.probabilityLeaderBetter
            expectedLossOfLeader = arm.expectedLossOfLeader
            pValue = arm.pValue
            holmPValue = arm.holmPValue
        }

        enum CodingKeys: String, CodingKey {
            case label, estimate
            case probabilityBest = "probability_best"
            case probabilityLeaderBetter = "probability_leader_better"
            case expectedLossOfLeader = "expected_loss_of_leader"
            case pValue = "p_value"
            case holmPValue = "holm_p_value"
        }

        /// Encodes every key, with null for the leader's pairwise values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(label, forKey: .label)
            try container.encode(estimate, forKey: .estimate)
            try container.encode(probabilityBest, forKey: .probabilityBest)
            try container.encode(probabilityLeaderBetter, forKey: .probabilityLeaderBetter)
            try container.encode(expectedLossOfLeader, forKey: .expectedLossOfLeader)
            try container.encode(pValue, forKey: .pValue)
            try container.encode(holmPValue, forKey: .holmPValue)
        }
    }

    /// The rate compared.
    public let metric: StageComparison.Metric
    /// The test backing a valid claim: `fisher` (one look) or `e_process` (a look after every batch).
    public let claimTest: StageComparison.ClaimTest
    /// Batches the comparison's counts come from.
    public let batchCount: Int
    /// The leader (highest P(best)).
    public let leader: String?
    /// Expected loss of choosing the leader.
    public let leaderExpectedLoss: Double?
    /// The arms, in the stage's variant order.
    public let arms: [Arm]
    /// What to promote, on what grounds, and why.
    public let decision: PromotionDecision

    init(_ comparison: StageComparison) {
        metric = comparison.metric
        claimTest = comparison.claimTest
        batchCount = comparison.batchCount
        leader = comparison.leader
        leaderExpectedLoss = comparison.leaderExpectedLoss
        arms = comparison.arms.map(Arm.init)
        decision = comparison.decision
    }

    enum CodingKeys: String, CodingKey {
        case metric, leader, arms, decision
        case claimTest = "claim_test"
        case batchCount = "batch_count"
        case leaderExpectedLoss = "leader_expected_loss"
    }

    /// Encodes every key, with null for absent values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metric, forKey: .metric)
        try container.encode(claimTest, forKey: .claimTest)
        try container.encode(batchCount, forKey: .batchCount)
        try container.encode(leader, forKey: .leader)
        try container.encode(leaderExpectedLoss, forKey: .leaderExpectedLoss)
        try container.encode(arms, forKey: .arms)
        try container.encode(decision, forKey: .decision)
    }
}
