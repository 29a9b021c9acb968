import Foundation

/// Promotes the winner of a test stage from the analysis (stats.md §3.7): a valid claim promotes
/// at once; a better bet (not proven, small expected loss) only when the user accepts it; an
/// undecided stage promotes nothing and says how many more sends would settle it. The winner is
/// remembered in `pitchlab.winners.json`, where `plan` reads it for the next stage.
public struct StagePromotion: Sendable, Codable, Hashable {
    /// The stage judged.
    public var stage: Int
    /// What it tested.
    public var dimension: StageDimension
    /// valid_claim, better_bet or undecided.
    public var decision: PromotionDecision.Kind
    /// The variant id promoted (the subject, message or offer id); nil when nothing was promoted.
    public var winner: String?
    /// The current leader's id, also when nothing was promoted.
    public var leader: String?
    /// True when the winner was saved for the next stage.
    public var saved: Bool
    /// The decision in plain words.
    public var reason: String
    /// More sends per variant that would settle it, when undecided.
    public var sendsToSettle: Int?

    enum CodingKeys: String, CodingKey {
        case stage, dimension, decision, winner, leader, saved, reason
        case sendsToSettle = "sends_to_settle"
    }

    /// Decides and, when it promotes, saves the winner.
    ///
    /// - Parameters:
    ///   - stage: The stage; the latest test stage with sends when nil.
    ///   - acceptBetterBet: Promote a better bet (stated as such, never as proven).
    /// - Throws: ``PromotionError`` when the stage has no sends or tests nothing; ``PlanningError`` when
    ///   the winners file cannot be written.
    public static func promote(
        workspace: Workspace, analysis: CampaignAnalysis, stage: Int?, acceptBetterBet: Bool
    ) throws -> StagePromotion {
        let tested = analysis.stages.filter { $0.dimension != nil }
        guard let chosen = stage.map({ n in tested.first { $0.stage == n } }) ?? tested.last else {
            let known = tested.map { String($0.stage) }.joined(separator: ", ")
            throw PromotionError(
                stage.map { "stage \($0) has no accepted sends or tests nothing" } ?? "no test stage has accepted sends yet",
                fix: known.isEmpty ? "send a stage first (pitchlab send --stage 1)" : "choose one of the stages with sends: \(known)")
        }
        guard let dimension = chosen.dimension, let comparison = chosen.diagnosis.comparison else {
            throw PromotionError(
                "stage \(chosen.stage) has a single variant, so there is nothing to compare",
                fix: "plan the stage with two or more variants")
        }
        let decision = comparison.decision
        func id(_ label: String?) -> String? {
            guard let label, let variant = chosen.diagnosis.variant(label)?.funnel.variant else { return nil }
            return variant.choice[dimension]
        }
        let promote = decision.kind == .validClaim || (decision.kind == .betterBet && acceptBetterBet)
        let winner = promote ? id(decision.winner ?? decision.leader) : nil
        if let winner {
            let file = CampaignWinnersFile(workspace: workspace)
            var winners = try file.winners(campaign: analysis.campaign)
            winners[dimension] = winner
            try file.save(winners, campaign: analysis.campaign)
        }
        return StagePromotion(
            stage: chosen.stage, dimension: dimension, decision: decision.kind, winner: winner, leader: id(decision.leader),
            saved: winner != nil, reason: decision.reason, sendsToSettle: decision.sendsToSettle)
    }

    /// Terminal lines.
    public var textLines: [String] {
        var lines = ["Stage \(stage) (\(dimension.plural)): \(reason)"]
        switch (decision, winner) {
        case (.validClaim, let winner?):
            lines.append("Promoted \(dimension) '\(winner)' (a proven difference). Plan the next stage: pitchlab plan --stage \(stage + 1).")
        case (.betterBet, let winner?):
            lines.append("Promoted \(dimension) '\(winner)' as the better bet — not proven. Plan the next stage: pitchlab plan --stage \(stage + 1).")
        case (.betterBet, nil):
            lines.append("'\(leader ?? "?")' is the better bet but not proven; promote it anyway with --accept-better-bet, or send more.")
        default:
            let more = sendsToSettle.map { "about \($0) more sends per variant" } ?? "more sends"
            lines.append("Nothing promoted: keep testing (\(more)).")
        }
        return lines
    }
}
