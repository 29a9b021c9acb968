import Foundation
import PitchStats

/// The variants of one stage compared on the stage's decision metric (stats.md §3.10).
///
/// Subject stages compare open rates (reply rates without open tracking, §5.4); message stages
/// compare reply rates; offer stages compare positive-reply rates. The *valid claim* uses Fisher's
/// exact test at one look, or the within-batch conditional e-process when the stage has several
/// batches (the user looked after each); p-values of the leader against every other arm are
/// Holm-adjusted. The *better bet* uses exact Beta(1, 1) posteriors: P(best) and the expected loss
/// of choosing the leader. The two are reported apart, and a better bet is never called significant.
///
/// ```swift
/// let comparison = StageComparison(dimension: .message, batches: [[a1, b1], [a2, b2]])
/// print(comparison.decision.reason)
/// ```
public struct StageComparison: Sendable, Hashable, Codable {
    /// The rate compared.
    public enum Metric: String, Sendable, Hashable, Codable, CustomStringConvertible {
        /// Human opens / trackable.
        case openRate = "open_rate"
        /// Human replies / delivered.
        case replyRate = "reply_rate"
        /// Positive replies / delivered.
        case positiveRate = "positive_rate"

        /// The snake_case name.
        public var description: String { rawValue }

        /// "open rate", "reply rate", "positive-reply rate".
        var words: String {
            switch self {
            case .openRate: "open rate"
            case .replyRate: "reply rate"
            case .positiveRate: "positive-reply rate"
            }
        }

        /// What the successes are called in evidence strings.
        var successNoun: String {
            switch self {
            case .openRate: "human opens"
            case .replyRate: "replies"
            case .positiveRate: "positive replies"
            }
        }

        /// What the trials are called in evidence strings.
        var trialNoun: String { self == .openRate ? "trackable" : "delivered" }

        /// The counts of this metric in `funnel`; nil for opens without tracking.
        func estimate(_ funnel: VariantFunnel) -> RateEstimate? {
            switch self {
            case .openRate:
                guard let trackable = funnel.trackable, let opens = funnel.humanOpens else { return nil }
                return RateEstimate(successes: opens, trials: trackable)
            case .replyRate: return RateEstimate(successes: funnel.replies.total, trials: funnel.delivered)
            case .positiveRate: return RateEstimate(successes: funnel.replies.positive, trials: funnel.delivered)
            }
        }
    }

    /// Which test backs the valid claim.
    public enum ClaimTest: String, Sendable, Hashable, Codable, CustomStringConvertible {
        /// Fisher's exact test: valid at one planned look.
        case fisher
        /// The within-batch conditional e-process: valid after a look at every batch.
        case eProcess = "e_process"

        /// The snake_case name.
        public var description: String { rawValue }
    }

    /// One variant in the comparison.
    public struct Arm: Sendable, Hashable, Codable {
        /// The variant label.
        public let label: String
        /// The metric's counts and intervals, pooled over batches.
        public let estimate: RateEstimate
        /// P(this arm has the highest rate) under Beta(1, 1) posteriors.
        public let probabilityBest: Double
        /// P(leader's rate > this arm's); nil for the leader.
        public let probabilityLeaderBetter: Double?
        /// Expected loss of choosing the leader instead of this arm, E[max(p_arm − p_leader, 0)]; nil for the leader.
        public let expectedLossOfLeader: Double?
        /// The claim test's p-value against the leader (unadjusted); nil for the leader.
        public let pValue: Double?
        /// The Holm-adjusted p-value against the leader; nil for the leader.
        public let holmPValue: Double?

        enum CodingKeys: String, CodingKey {
            case label, estimate
            case probabilityBest = "probability_best"
            case probabilityLeaderBetter = "probability_leader_better"
            case expectedLossOfLeader = "expected_loss_of_leader"
            case pValue = "p_value"
            case holmPValue = "holm_p_value"
        }
    }

    /// The tested dimension; nil when unknown (e.g. a rest stage).
    public let dimension: StageDimension?
    /// The metric compared.
    public let metric: Metric
    /// The test backing a valid claim.
    public let claimTest: ClaimTest
    /// Number of batches the counts come from.
    public let batchCount: Int
    /// The arms, in input order.
    public let arms: [Arm]
    /// The leader's label (highest P(best)); nil without arms.
    public let leader: String?
    /// Expected loss of choosing the leader: exact for two arms; for more, the sum of the pairwise
    /// losses, an upper bound of E[max_j p_j − p_leader].
    public let leaderExpectedLoss: Double?
    /// What to promote.
    public let decision: PromotionDecision

    /// The metric a stage decides on: opens for subjects (replies when opens are not tracked),
    /// replies for messages, positive replies for offers, replies otherwise.
    public static func metric(for dimension: StageDimension?, openTracking: Bool) -> Metric {
        switch dimension {
        case .subject: openTracking ? .openRate : .replyRate
        case .message, nil: .replyRate
        case .offer: .positiveRate
        }
    }

    /// Compares the variants of a stage from one batch each (one look: Fisher).
    public init(
        dimension: StageDimension?, funnels: [VariantFunnel], metric: Metric? = nil,
        thresholds: DiagnosisThresholds = .standard
    ) {
        self.init(dimension: dimension, batches: [funnels], metric: metric, thresholds: thresholds)
    }

    /// Compares the variants of a stage from its batches; each batch lists funnels by variant label.
    ///
    /// Variants are matched by label across batches, in order of first appearance. With two or more
    /// batches the valid claim uses the conditional e-process (valid however often the stage was
    /// looked at); with one, Fisher's exact test.
    public init(
        dimension: StageDimension?, batches: [[VariantFunnel]], metric: Metric? = nil,
        thresholds: DiagnosisThresholds = .standard
    ) {
        var labels: [String] = []
        var perLabel: [String: [VariantFunnel]] = [:]
        for batch in batches {
            for funnel in batch {
                if perLabel[funnel.label] == nil { labels.append(funnel.label) }
                perLabel[funnel.label, default: []].append(funnel)
            }
        }
        let pooled = labels.map { VariantFunnel.pooled(perLabel[$0] ?? [], label: $0) }
        let tracked = !pooled.isEmpty && pooled.allSatisfy(\.isOpenTracked)
        var chosen = metric ?? Self.metric(for: dimension, openTracking: tracked)
        if chosen == .openRate && !tracked { chosen = .replyRate }
        let batchCount = batches.filter { !$0.isEmpty }.count
        self.dimension = dimension
        self.metric = chosen
        self.batchCount = batchCount
        claimTest = batchCount >= 2 ? .eProcess : .fisher

        let estimates = pooled.map { chosen.estimate($0) ?? RateEstimate(successes: 0, trials: 0) }
        let posteriors = estimates.map { estimate in
            BetaPosterior(posteriorFor: estimate)
        }
        let pBest = BetaPosterior.probabilityOfBeingBest(posteriors)
        let leaderIndex = pBest.indices.max { pBest[$0] < pBest[$1] }
        leader = leaderIndex.map { labels[$0] }

        // The claim test of the leader against each other arm, then Holm.
        var rawP: [Int: Double] = [:]
        var direction: [Int: Bool] = [:]
        if let leaderIndex {
            for index in labels.indices where index != leaderIndex {
                if batchCount >= 2 {
                    var process = ConditionalEProcess()
                    for batch in batches {
                        let control = batch.first { $0.label == labels[index] }.flatMap { chosen.estimate($0)?.proportion }
                        let challenger = batch.first { $0.label == labels[leaderIndex] }.flatMap { chosen.estimate($0)?.proportion }
                        // A batch missing either arm carries no within-batch comparison (LR = 1).
                        guard let control, let challenger else { continue }
                        process.observe(.init(control: control, challenger: challenger))
                    }
                    rawP[index] = process.pValue
                    direction[index] = process.direction == .challengerBetter
                } else if let control = estimates[index].proportion, let challenger = estimates[leaderIndex].proportion {
                    rawP[index] = FisherExactTest(control: control, challenger: challenger).pValue
                    direction[index] = (estimates[leaderIndex].rate ?? 0) > (estimates[index].rate ?? 0)
                }
            }
        }
        let others = rawP.keys.sorted()
        let adjusted = (try? MultipleTesting.holm(others.map { rawP[$0]! })) ?? others.map { _ in 1.0 }
        var holm: [Int: Double] = [:]
        for (position, index) in others.enumerated() { holm[index] = adjusted[position] }

        var arms: [Arm] = []
        var lossSum = 0.0
        for index in labels.indices {
            var beaten: Double?
            var loss: Double?
            if let leaderIndex, index != leaderIndex {
                let comparison = BayesianComparison(control: posteriors[index], challenger: posteriors[leaderIndex])
                beaten = comparison.probabilityChallengerBeatsControl
                loss = comparison.expectedLossOfChallenger
                lossSum += comparison.expectedLossOfChallenger
            }
            arms.append(Arm(
                label: labels[index], estimate: estimates[index], probabilityBest: pBest[index],
                probabilityLeaderBetter: beaten, expectedLossOfLeader: loss,
                pValue: rawP[index], holmPValue: holm[index]))
        }
        self.arms = arms
        leaderExpectedLoss = leaderIndex == nil ? nil : (labels.count > 1 ? lossSum : 0)

        decision = Self.decide(
            arms: arms, pooled: pooled, leaderIndex: leaderIndex, claimDirection: direction,
            metric: chosen, claimTest: claimTest, batchCount: batchCount,
            leaderLoss: leaderExpectedLoss, thresholds: thresholds)
    }

    /// The arm with `label`.
    public func arm(_ label: String) -> Arm? { arms.first { $0.label == label } }

    enum CodingKeys: String, CodingKey {
        case dimension, metric, arms, leader, decision
        case claimTest = "claim_test"
        case batchCount = "batch_count"
        case leaderExpectedLoss = "leader_expected_loss"
    }

    // MARK: - Decision

    private static func decide(
        arms: [Arm], pooled: [VariantFunnel], leaderIndex: Int?, claimDirection: [Int: Bool], metric: Metric,
        claimTest: ClaimTest, batchCount: Int, leaderLoss: Double?, thresholds: DiagnosisThresholds
    ) -> PromotionDecision {
        guard let leaderIndex, arms.count >= 2, let leaderLoss else {
            return PromotionDecision(
                kind: .undecided, winner: nil, leader: leaderIndex.map { arms[$0].label }, sendsToSettle: nil,
                reason: "Only one variant: there is nothing to compare.")
        }
        let leader = arms[leaderIndex]
        let early = pooled.filter { !$0.isMature || $0.delivered < thresholds.minimumDelivered }
        if !early.isEmpty {
            let names = early.map(\.label).joined(separator: ", ")
            return PromotionDecision(
                kind: .undecided, winner: nil, leader: leader.label, sendsToSettle: nil,
                reason: "Too early to promote: \(names) \(early.count == 1 ? "has" : "have") fewer than "
                    + "\(thresholds.minimumDelivered) delivered or replies still inside the "
                    + "\(AnalysisFormat.hours(pooled[0].replyWindow.hours)) window.")
        }
        let others = arms.indices.filter { $0 != leaderIndex }
        let runnerUp = others.max { arms[$0].probabilityBest < arms[$1].probabilityBest }!
        let testName = claimTest == .fisher
            ? "Fisher p at this one planned look"
            : "anytime p of the e-process over \(batchCount) batches"
        let worstHolm = others.compactMap { arms[$0].holmPValue }.max() ?? 1
        let claimHolds = others.allSatisfy { index in
            (arms[index].holmPValue ?? 1) <= thresholds.alpha && claimDirection[index] == true
        }
        let counts = "\(leader.estimate.successes)/\(leader.estimate.trials) vs "
            + "\(arms[runnerUp].estimate.successes)/\(arms[runnerUp].estimate.trials) \(metric.successNoun)"
                let risk = AnalysisFormat.points(leaderLoss)
        let bet = AnalysisFormat.probabilityClause("P(\(leader.label) best)", leader.probabilityBest) + ", risk of choosing \(leader.label) \(risk)"
        let holmNote = others.count > 1 ? ", Holm-adjusted over \(others.count) comparisons" : ""

        if claimHolds {
            return PromotionDecision(
                kind: .validClaim, winner: leader.label, leader: leader.label, sendsToSettle: nil,
                reason: "\(leader.label) beats every other variant on \(metric.words) (\(counts)): a proven "
                    + "difference (\(testName) = \(AnalysisFormat.pValue(worstHolm))\(holmNote)); \(bet).")
        }
        let minimumTrials = arms.map(\.estimate.trials).min() ?? 0
        let isBetterBet = leader.probabilityBest >= thresholds.betterBetProbability
        if isBetterBet && leaderLoss < thresholds.thresholdOfCaring
            && minimumTrials >= thresholds.minimumPerArmForBetterBet
        {
            return PromotionDecision(
                kind: .betterBet, winner: leader.label, leader: leader.label, sendsToSettle: nil,
                reason: "\(leader.label) is the better bet (\(counts): \(bet)), below the threshold of caring "
                    + "(\(AnalysisFormat.points(thresholds.thresholdOfCaring))), but not a proven winner "
                    + "(\(testName) = \(AnalysisFormat.pValue(worstHolm))\(holmNote)). Promote it as advice, not as a proven result.")
        }
        let settle = sendsToSettle(leader: leader.estimate, runnerUp: arms[runnerUp].estimate)
        let settleText = settle.map { " About \(AnalysisFormat.count($0)) more sends per variant would settle it at the observed rates." }
            ?? " The observed rates are equal; more sends will not separate them at this size."
        let opening: String
        if isBetterBet {
            var missing: [String] = []
            if leaderLoss >= thresholds.thresholdOfCaring {
                missing.append("the risk is above the threshold of caring (\(AnalysisFormat.points(thresholds.thresholdOfCaring)))")
            }
            if minimumTrials < thresholds.minimumPerArmForBetterBet {
                missing.append("an arm has fewer than \(thresholds.minimumPerArmForBetterBet) \(metric.trialNoun)")
            }
            opening = "\(leader.label) is the better bet for the next batch (\(counts): \(bet)), but not yet a proven "
                + "winner (\(testName) = \(AnalysisFormat.pValue(worstHolm))\(holmNote)) and not yet promotable: "
                + missing.joined(separator: "; ") + "."
        } else {
            opening = "No winner yet on \(metric.words): \(leader.label) leads (\(counts): \(bet)); "
                + "\(testName) = \(AnalysisFormat.pValue(worstHolm))\(holmNote)."
        }
        return PromotionDecision(
            kind: .undecided, winner: nil, leader: leader.label, sendsToSettle: settle, reason: opening + settleText)
    }

    /// `max(0, ⌈1.8·n_fixed(p̂_runner-up, p̂_leader)⌉ − n_now)` per arm (stats.md §3.6), n_now the smaller
    /// arm. Rates of exactly 0 or 1 are replaced by the posterior mean so the formula stays defined.
    static func sendsToSettle(leader: RateEstimate, runnerUp: RateEstimate) -> Int? {
        func usable(_ estimate: RateEstimate) -> Double {
            guard let rate = estimate.rate, rate > 0, rate < 1 else {
                return Double(estimate.successes + 1) / Double(estimate.trials + 2)
            }
            return rate
        }
        let a = usable(runnerUp)
        let b = usable(leader)
        guard a != b, let fixed = try? SampleSize.unroundedPerArm(baseline: a, target: b), fixed <= 1e12 else {
            return nil
        }
        let now = min(leader.trials, runnerUp.trials)
        return max(0, Int((1.8 * fixed).rounded(.up)) - now)
    }
}

extension BetaPosterior {
    /// Beta(1 + s, 1 + n − s) for a rate estimate (counts already valid).
    init(posteriorFor estimate: RateEstimate) {
        // Counts of a RateEstimate satisfy 0 ≤ s ≤ n, so the parameters are at least 1.
        self = (try? BetaPosterior(successes: estimate.successes, trials: estimate.trials))
            ?? (try! BetaPosterior(alpha: 1, beta: 1))
    }
}
