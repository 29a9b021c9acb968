public import Foundation

/// What to do next with a stage, derived from its verdict and its promotion decision.
///
/// In order: reply windows still open → wait until the last one closes; too few delivered → send
/// more; deliverability → fix it before judging copy; "nothing works" → change the list; then the
/// decision: a valid claim → promote the winner (`pitchlab promote --stage N`); a better
/// bet → promote it as advice (`--accept-better-bet`), or send more to prove it (never "significant"); undecided → the sends
/// per variant that would settle it, or, when the rates are equal, decide on other grounds. A stage
/// with one variant follows its verdict.
public struct ReportNextStep: Sendable, Hashable, Codable {
    /// The kind of step.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        /// Reply windows are still open: wait, then report again.
        case wait
        /// Send more to every variant (too few delivered, or the comparison is undecided).
        case sendMore = "send_more"
        /// Bounces or spam placement: fix deliverability before judging copy.
        case fixDeliverability = "fix_deliverability"
        /// Several subjects and bodies all fail: change the list or segment.
        case changeAudience = "change_audience"
        /// A proven winner: promote it.
        case promote
        /// A better bet, not proven: promote it as advice, or send more to prove it.
        case promoteOrSendMore = "promote_or_send_more"
        /// The arms are equal at the observed rates: more sends will not separate them.
        case decideOnOtherGrounds = "decide_on_other_grounds"
        /// One variant that works: keep it and test the next element.
        case keepAndTestNext = "keep_and_test_next"
        /// One variant: act on its verdict.
        case followVerdict = "follow_verdict"

        /// The snake_case name.
        public var description: String { rawValue }
    }

    /// The kind of step.
    public let action: Action
    /// The step in one or two sentences.
    public let text: String
    /// The command that carries it out, when there is one (e.g. `pitchlab promote --stage 1`).
    public let command: String?
    /// For `wait`: when the last reply window of the stage closes.
    public let waitUntil: Date?
    /// For `send_more` and `promote_or_send_more`: more sends per variant that would settle it.
    public let sendsPerVariant: Int?

    /// Creates a step.
    public init(action: Action, text: String, command: String? = nil, waitUntil: Date? = nil, sendsPerVariant: Int? = nil) {
        self.action = action
        self.text = text
        self.command = command
        self.waitUntil = waitUntil
        self.sendsPerVariant = sendsPerVariant
    }

    enum CodingKeys: String, CodingKey {
        case action, text, command
        case waitUntil = "wait_until"
        case sendsPerVariant = "sends_per_variant"
    }

    /// Encodes every key, with null for absent values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(action, forKey: .action)
        try container.encode(text, forKey: .text)
        try container.encode(command, forKey: .command)
        try container.encode(waitUntil, forKey: .waitUntil)
        try container.encode(sendsPerVariant, forKey: .sendsPerVariant)
    }

    /// The next step of a stage.
    ///
    /// - Parameters:
    ///   - diagnosis: The stage's diagnosis.
    ///   - stage: The stage number.
    ///   - lastWindowCloses: When the last open reply window of the stage closes; nil when none is open.
    ///   - thresholds: The diagnosis thresholds (minimum delivered per variant).
    static func make(
        diagnosis: StageDiagnosis, stage: Int, lastWindowCloses: Date?,
        thresholds: DiagnosisThresholds
    ) -> ReportNextStep {
        let funnels = diagnosis.variants.map(\.funnel)
        let verdict = diagnosis.verdict
        if verdict.cause == .tooEarly {
            if let lastWindowCloses {
                let hours = AnalysisFormat.hours(funnels.first?.replyWindow.hours ?? ReplyWindow.standard.hours)
                return ReportNextStep(
                    action: .wait,
                    text: "Wait until \(Self.utc(lastWindowCloses)) for the \(hours) reply window to close, then run pitchlab report again.",
                    command: "pitchlab report --stage \(stage)", waitUntil: lastWindowCloses)
            }
            let short = funnels.filter { $0.delivered < thresholds.minimumDelivered }
            let more = short.map { thresholds.minimumDelivered - $0.delivered }.max() ?? thresholds.minimumDelivered
            let names = short.isEmpty ? "the stage" : short.map(\.label).joined(separator: ", ")
            return ReportNextStep(
                action: .sendMore,
                text: "Send at least \(AnalysisFormat.count(more)) more to \(names): \(thresholds.minimumDelivered) delivered "
                    + "per variant are needed before judging.",
                sendsPerVariant: more)
        }
        if verdict.cause == .deliverability {
            return ReportNextStep(
                action: .fixDeliverability,
                text: "Fix deliverability or list quality before judging copy: check SPF, DKIM and DMARC and inbox "
                    + "placement, and clean the list; do not blame the subject yet.")
        }
        if verdict.cause == .audience, verdict.detail == .nothingWorks {
            return ReportNextStep(
                action: .changeAudience,
                text: "Stop rewriting copy: several subjects and bodies all fail, so change the list or segment.")
        }
        guard let comparison = diagnosis.comparison else { return single(diagnosis) }
        let decision = comparison.decision
        let leaderLabel = decision.winner ?? decision.leader ?? comparison.leader ?? "the leader"
        switch decision.kind {
        case .validClaim:
            let command = promoteCommand(dimension: diagnosis.dimension, stage: stage, betterBet: false)
            let how = command.map { ": \($0)" } ?? " to the rest of the list"
            return ReportNextStep(
                action: .promote,
                text: "Promote \(leaderLabel), a proven winner on \(comparison.metric.words)\(how).", command: command)
        case .betterBet:
            let command = promoteCommand(dimension: diagnosis.dimension, stage: stage, betterBet: true)
            let more = settle(comparison)
            let how = command.map { " (\($0))" } ?? ""
            let prove = more.map { "send about \(AnalysisFormat.count($0)) more per variant to prove it" }
                ?? "keep testing to prove it"
            return ReportNextStep(
                action: .promoteOrSendMore,
                text: "\(leaderLabel) is the better bet, not proven: promote it\(how) as advice, or \(prove).",
                command: command, sendsPerVariant: more)
        case .undecided:
            if let more = decision.sendsToSettle {
                return ReportNextStep(
                    action: .sendMore,
                    text: "Send about \(AnalysisFormat.count(more)) more per variant, then run pitchlab report again "
                        + "(\(leaderLabel) leads on \(comparison.metric.words), not yet decided).",
                    sendsPerVariant: more)
            }
            return ReportNextStep(
                action: .decideOnOtherGrounds,
                text: "The variants are level on \(comparison.metric.words); more sends will not separate them at these "
                    + "rates, so pick one on other grounds (cost, brand fit) and test the next element.")
        }
    }

    /// A stage with one variant: follow its verdict.
    private static func single(_ diagnosis: StageDiagnosis) -> ReportNextStep {
        let verdict = diagnosis.verdict
        let label = diagnosis.variants.first?.label ?? "the variant"
        switch verdict.cause {
        case .working:
            return ReportNextStep(
                action: .keepAndTestNext, text: "Keep \(label) and test the next element (offer, then call to action).")
        case .undecided:
            if let more = verdict.settle?.additionalSends {
                return ReportNextStep(
                    action: .sendMore,
                    text: "Send about \(AnalysisFormat.count(more)) more to \(label) to settle its \(verdict.settle.map { $0.metric.words } ?? "rate").",
                    sendsPerVariant: more)
            }
            return ReportNextStep(action: .followVerdict, text: verdict.summary)
        default:
            return ReportNextStep(action: .followVerdict, text: verdict.summary)
        }
    }

    /// `pitchlab promote --stage N` (with `--accept-better-bet` for a better bet), when the stage tests a
    /// part of the pitch; nil for the stage that sends the winner to the rest.
    static func promoteCommand(dimension: StageDimension?, stage: Int, betterBet: Bool) -> String? {
        guard dimension != nil else { return nil }
        return "pitchlab promote --stage \(stage)" + (betterBet ? " --accept-better-bet" : "")
    }

    /// Sends per arm that would turn the leader's lead into a settled comparison (stats.md §3.6).
    private static func settle(_ comparison: StageComparison) -> Int? {
        guard let leader = comparison.leader, let leaderArm = comparison.arm(leader) else { return nil }
        let runnerUp = comparison.arms.filter { $0.label != leader }.max { $0.probabilityBest < $1.probabilityBest }
        guard let runnerUp else { return nil }
        return StageComparison.sendsToSettle(leader: leaderArm.estimate, runnerUp: runnerUp.estimate)
    }

    /// "2026-11-16 10:00 UTC".
    static func utc(_ date: Date) -> String {
        // Rounded up to the minute, so "wait until" is never a minute early.
        let date = Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 60).rounded(.up) * 60)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0)
    }
}

extension SettleEstimate.Metric {
    /// "reply rate", "open rate", … for sentences.
    var words: String { rawValue.replacingOccurrences(of: "_", with: " ") }
}
