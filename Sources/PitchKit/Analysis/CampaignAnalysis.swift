public import Foundation

/// The analysis of a campaign from its stored signals: per stage and variant, the funnel (sent,
/// bounced, trackable, human opens, replies by class within the reply window), then the diagnosis
/// rule set of stats.md §5 and the comparison that decides promotion.
///
/// ```swift
/// let analysis = try CampaignAnalysis.load(workspace: workspace, environment: env, now: .now)
/// print(analysis.textLines.joined(separator: "\n"))
/// ```
///
/// Replies count only within the reply window from acceptance (72 h unless configured), so arms are
/// compared on equal exposure; a variant whose window is still open for some sends is labelled
/// too early, not judged. Opens count only with open tracking on (`tracking.opens`); otherwise the
/// diagnosis separates subject from body by the stage design (stats.md §5.4).
public struct CampaignAnalysis: Sendable, Codable {
    /// One stage: its funnels and diagnosis.
    public struct Stage: Sendable, Codable {
        /// The stage number.
        public var stage: Int
        /// What the stage tests (nil for the stage that sends the winner to the rest).
        public var dimension: StageDimension?
        /// The verdicts, comparison and promotion decision.
        public var diagnosis: StageDiagnosis
        /// The same stage within each persona and each creator type (stratified by the split), so a
        /// variant that works for one audience and not another shows.
        public var segments: [Segment] = []
    }

    /// A stage's diagnosis restricted to the creators of one persona or one type.
    public struct Segment: Sendable, Codable {
        /// `persona` or `type`.
        public var factor: String
        /// The persona or type.
        public var value: String
        /// The diagnosis within the segment.
        public var diagnosis: StageDiagnosis
    }

    /// The campaign id.
    public var campaign: String
    /// When the analysis was made.
    public var generatedAt: Date
    /// True when opens were tracked (a pixel).
    public var openTracking: Bool
    /// The reply window, hours.
    public var replyWindowHours: Double
    /// Stages with sends, in order.
    public var stages: [Stage]

    enum CodingKeys: String, CodingKey {
        case campaign, stages
        case generatedAt = "generated_at"
        case openTracking = "open_tracking"
        case replyWindowHours = "reply_window_hours"
    }

    /// Reads the workspace's configuration and signals and analyses every stage with sends.
    public static func load(
        workspace: Workspace, environment: [String: String], now: Date, replyWindow: ReplyWindow = .standard,
        engine: DiagnosisEngine = DiagnosisEngine()
    ) throws -> CampaignAnalysis {
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: environment)
        let store = try workspace.openStore()
        let openTracking = config.trackingBaseURL != nil && config.tracking.opens
        let classifier = OpenClassifier(configuration: try .init(tracking: config.tracking, workspace: workspace))
        let sends = try store.sendSignals(campaign: config.campaign.id)
        let dimensions = Dictionary(uniqueKeysWithValues: config.stages.enumerated().map { ($0.offset + 1, $0.element.dimension) })
        return try analyse(
            campaign: config.campaign.id, sends: sends, dimensions: dimensions, openTracking: openTracking,
            classifier: classifier, replyWindow: replyWindow, engine: engine, now: now)
    }

    /// The analysis of sends (pure: no I/O).
    public static func analyse(
        campaign: String, sends: [SendSignals], dimensions: [Int: StageDimension], openTracking: Bool,
        classifier: OpenClassifier, replyWindow: ReplyWindow, engine: DiagnosisEngine, now: Date
    ) throws -> CampaignAnalysis {
        var byStage: [Int: [String: [SendSignals]]] = [:]
        var variantOrder: [Int: [String]] = [:]
        var variants: [String: CampaignVariant] = [:]
        for send in sends where send.state == .accepted {
            let label = send.variant.label
            if byStage[send.stage]?[label] == nil { variantOrder[send.stage, default: []].append(label) }
            byStage[send.stage, default: [:]][label, default: []].append(send)
            variants[label] = send.variant
        }
        var stages: [Stage] = []
        for stage in byStage.keys.sorted() {
            let funnels = try (variantOrder[stage] ?? []).map { label in
                try funnel(
                    label: label, variant: variants[label], sends: byStage[stage]?[label] ?? [], openTracking: openTracking,
                    classifier: classifier, replyWindow: replyWindow, now: now)
            }
            let dimension = dimensions[stage]
            // Batches (the sends accepted on one UTC day): with two or more, the valid claim uses the
            // within-batch conditional e-process, valid however often the stage was looked at.
            let stageSends = byStage[stage]?.values.flatMap { $0 } ?? []
            var days: [String: [SendSignals]] = [:]
            for send in stageSends { days[Self.day(of: send.acceptedAt ?? now), default: []].append(send) }
            let batches: [[VariantFunnel]]? = days.count < 2 ? nil : try days.keys.sorted().map { day in
                try (variantOrder[stage] ?? []).compactMap { label -> VariantFunnel? in
                    let sends = (days[day] ?? []).filter { $0.variant.label == label }
                    guard !sends.isEmpty else { return nil }
                    return try funnel(
                        label: label, variant: variants[label], sends: sends, openTracking: openTracking,
                        classifier: classifier, replyWindow: replyWindow, now: now)
                }
            }
            var segments: [Segment] = []
            for (factor, key) in [("persona", \SendSignals.persona), ("type", \SendSignals.creatorType)] {
                var values: [String: [SendSignals]] = [:]
                for send in stageSends { if let value = send[keyPath: key], !value.isEmpty { values[value, default: []].append(send) } }
                guard values.count >= 2 else { continue }  // one value: the stage itself
                for value in values.keys.sorted() {
                    let segmentFunnels = try (variantOrder[stage] ?? []).compactMap { label -> VariantFunnel? in
                        let sends = (values[value] ?? []).filter { $0.variant.label == label }
                        guard !sends.isEmpty else { return nil }
                        return try funnel(
                            label: label, variant: variants[label], sends: sends, openTracking: openTracking,
                            classifier: classifier, replyWindow: replyWindow, now: now)
                    }
                    segments.append(Segment(
                        factor: factor, value: value,
                        diagnosis: engine.diagnoseStage(segmentFunnels, number: stage, dimension: dimension)))
                }
            }
            stages.append(Stage(
                stage: stage, dimension: dimension,
                diagnosis: engine.diagnoseStage(funnels, number: stage, dimension: dimension, batches: batches),
                segments: segments))
        }
        return CampaignAnalysis(
            campaign: campaign, generatedAt: now, openTracking: openTracking, replyWindowHours: replyWindow.hours, stages: stages)
    }

    /// One variant's funnel from its sends: bounces, replies by class within the reply window (the
    /// first human reply of each send), and with open tracking the trackable recipients and human opens.
    public static func funnel(
        label: String, variant: CampaignVariant?, sends: [SendSignals], openTracking: Bool, classifier: OpenClassifier,
        replyWindow: ReplyWindow, now: Date
    ) throws -> VariantFunnel {
        var hard = 0, soft = 0, trackable = 0, humanOpens = 0, rawOpens = 0, trackableReplies = 0, pending = 0
        var replies = ReplyCounts()
        let linkCount = sends.clickedLinkCount
        for send in sends {
            if send.bounced {
                if send.hardBounce { hard += 1 } else { soft += 1 }
                continue
            }
            let accepted = send.acceptedAt ?? now
            if !replyWindow.isClosed(deliveredAt: accepted, now: now) { pending += 1 }
            // The first human reply counts when it came within the window.
            var replyClass: ReplyClass?
            if let first = send.firstReplyAt, first <= replyWindow.closes(deliveredAt: accepted), let cls = send.replies.first {
                replyClass = cls
            }
            if let replyClass {
                switch replyClass {
                case .positive: replies.positive += 1
                case .negotiate: replies.negotiate += 1
                case .decline: replies.decline += 1
                case .wrongPerson: replies.wrongPerson += 1
                case .other: replies.other += 1
                }
            }
            guard openTracking else { continue }
            let summary = send.openSummary(
                classifier: classifier, deliveredAt: accepted, linkCount: linkCount, humanReply: replyClass != nil)
            if summary.rawOpen { rawOpens += 1 }
            if summary.trackable {
                trackable += 1
                if summary.humanOpen {
                    humanOpens += 1
                    if replyClass != nil { trackableReplies += 1 }
                }
            }
        }
        return try VariantFunnel(
            label: label, variant: variant, sent: sends.count, hardBounces: hard, softBounces: soft,
            trackable: openTracking ? trackable : nil, humanOpens: openTracking ? humanOpens : nil,
            rawOpens: openTracking ? rawOpens : nil, trackableReplies: openTracking ? trackableReplies : nil,
            replies: replies, pendingReplyWindows: pending, replyWindow: replyWindow)
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }()

    /// The UTC calendar day of `date`, `yyyy-MM-dd`: sends accepted on one day form a batch.
    public static func day(of date: Date) -> String {
        let parts = utcCalendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// Terminal lines: per stage, the verdict, the comparison's decision, and each variant's verdict
    /// with its evidence.
    public var textLines: [String] {
        guard !stages.isEmpty else {
            return ["Campaign \(campaign) has no accepted sends yet; send a stage first (pitchlab send --stage 1)."]
        }
        var lines = ["Campaign \(campaign) — replies within \(Int(replyWindowHours)) h of delivery; open tracking \(openTracking ? "on" : "off").", ""]
        for stage in stages {
            let d = stage.diagnosis
            lines.append("Stage \(stage.stage)\(stage.dimension.map { " (\($0.plural))" } ?? ""): \(Self.describe(d.verdict))")
            for line in d.verdict.evidence { lines.append("  \(line)") }
            if let comparison = d.comparison {
                lines.append("  Decision: \(comparison.decision.reason)")
            }
            for variant in d.variants {
                lines.append("  \(variant.label): \(Self.describe(variant.verdict))")
                for line in variant.verdict.evidence { lines.append("    \(line)") }
                if let settle = variant.verdict.settle?.additionalSends {
                    lines.append("    About \(settle) more sends would settle it.")
                }
                for warning in variant.warnings { lines.append("    Note: \(warning)") }
            }
            for segment in stage.segments {
                let funnels = segment.diagnosis.variants.map { v in
                    "\(v.label) \(v.funnel.replies.total)/\(v.funnel.delivered) replies (\(v.funnel.replies.positive) positive)"
                }
                let leader = segment.diagnosis.comparison?.leader.map { " — leader \($0)" } ?? ""
                lines.append("  \(segment.factor) \(segment.value): \(funnels.joined(separator: ", "))\(leader); \(segment.diagnosis.verdict.cause.rawValue)")
            }
            lines.append("")
        }
        return lines
    }

    static func describe(_ verdict: Verdict) -> String {
        let strength = verdict.strength.map { "\($0.rawValue): " } ?? ""
        return strength + verdict.summary
    }
}
