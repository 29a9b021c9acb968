public import Foundation

/// The campaign report behind `pitchlab report`: per stage, the funnel and rates of every variant
/// with their intervals, the same per batch, the diagnosis, the comparison with its promotion
/// decision, and the next step.
///
/// ```swift
/// let report = try CampaignReport.load(workspace: workspace, environment: env, now: .now)
/// print(report.textLines.joined(separator: "\n"))          // terminal table
/// print(try JSONOutput.string(report))                     // docs/report-schema.md
/// try CampaignReportHTML(report: report).write(to: url)    // one self-contained page
/// ```
///
/// Stage-level numbers are ``CampaignAnalysis``'s, so `report` and `diagnose` always agree. A
/// **batch** is the sends of a stage that the relay accepted on the same UTC calendar day
/// (``ReportBatch``); each batch repeats the funnel per variant so a drift between days shows.
public struct CampaignReport: Sendable, Hashable, Codable {
    /// One stage of the report.
    public struct Stage: Sendable, Hashable, Codable {
        /// The stage number.
        public let stage: Int
        /// What the stage tests; nil for the stage that sends the winner to the rest.
        public let dimension: StageDimension?
        /// The stage's verdict (the rules on the pooled counts, plus those that need several variants).
        public let verdict: ReportVerdict
        /// Later stage-level rules that also fired.
        public let secondary: [ReportVerdict]
        /// Each variant's funnel, rates and verdict, in order of first send.
        public let variants: [ReportRow]
        /// All variants pooled.
        public let total: ReportRow
        /// The comparison on the stage's decision metric; nil with one variant.
        public let comparison: ReportComparison?
        /// The batches (UTC days), earliest first.
        public let batches: [ReportBatch]
        /// What to do next.
        public let nextStep: ReportNextStep

        enum CodingKeys: String, CodingKey {
            case stage, dimension, verdict, secondary, variants, total, comparison, batches
            case nextStep = "next_step"
        }

        /// Encodes every key, with null for absent values.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stage, forKey: .stage)
            try container.encode(dimension, forKey: .dimension)
            try container.encode(verdict, forKey: .verdict)
            try container.encode(secondary, forKey: .secondary)
            try container.encode(variants, forKey: .variants)
            try container.encode(total, forKey: .total)
            try container.encode(comparison, forKey: .comparison)
            try container.encode(batches, forKey: .batches)
            try container.encode(nextStep, forKey: .nextStep)
        }
    }

    /// The version of the JSON layout (docs/report-schema.md).
    public static let schemaVersion = 1

    /// The JSON layout's version.
    public let schemaVersion: Int
    /// The campaign id.
    public let campaign: String
    /// When the report was made.
    public let generatedAt: Date
    /// True when opens were tracked (a pixel).
    public let openTracking: Bool
    /// Replies count within this many hours of delivery.
    public let replyWindowHours: Double
    /// How sends are grouped into batches: always `utc_day`.
    public let batching: String
    /// Stages with accepted sends, in order (only the one asked for with `--stage`).
    public let stages: [Stage]

    enum CodingKeys: String, CodingKey {
        case campaign, batching, stages
        case schemaVersion = "schema_version"
        case generatedAt = "generated_at"
        case openTracking = "open_tracking"
        case replyWindowHours = "reply_window_hours"
    }

    /// The stage numbered `number`.
    public func stage(_ number: Int) -> Stage? { stages.first { $0.stage == number } }

    /// Reads the workspace's configuration and signals and reports every stage with accepted sends
    /// (or only `stage`).
    ///
    /// - Throws: ``ReportError`` when `stage` has no accepted sends (naming the stages that have);
    ///   workspace, configuration and store errors as they come.
    public static func load(
        workspace: Workspace, environment: [String: String], now: Date, stage: Int? = nil,
        replyWindow: ReplyWindow = .standard, engine: DiagnosisEngine = DiagnosisEngine()
    ) throws -> CampaignReport {
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: environment)
        let store = try workspace.openStore()
        let classifier = OpenClassifier(configuration: try .init(tracking: config.tracking, workspace: workspace))
        let dimensions = Dictionary(uniqueKeysWithValues: config.stages.enumerated().map { ($0.offset + 1, $0.element.dimension) })
        return try make(
            campaign: config.campaign.id, sends: try store.sendSignals(campaign: config.campaign.id),
            dimensions: dimensions,
            openTracking: config.trackingBaseURL != nil && config.tracking.opens, classifier: classifier,
            replyWindow: replyWindow, engine: engine, now: now, stage: stage)
    }

    /// The report of `sends` (pure: no I/O).
    ///
    /// - Parameters:
    ///   - stage: Report only this stage.
    /// - Throws: ``ReportError`` when `stage` has no accepted sends; ``AnalysisError`` for
    ///   inconsistent signals.
    public static func make(
        campaign: String, sends: [SendSignals], dimensions: [Int: StageDimension],
        openTracking: Bool, classifier: OpenClassifier, replyWindow: ReplyWindow, engine: DiagnosisEngine, now: Date,
        stage: Int? = nil
    ) throws -> CampaignReport {
        let accepted = sends.filter { $0.state == .accepted }
        if let stage, !accepted.contains(where: { $0.stage == stage }) {
            throw ReportError.unknownStage(stage, existing: Set(accepted.map(\.stage)).sorted())
        }
        let chosen = stage.map { number in accepted.filter { $0.stage == number } } ?? accepted
        let analysis = try CampaignAnalysis.analyse(
            campaign: campaign, sends: chosen, dimensions: dimensions, openTracking: openTracking,
            classifier: classifier, replyWindow: replyWindow, engine: engine, now: now)
        var stages: [Stage] = []
        for analysed in analysis.stages {
            let stageSends = chosen.filter { $0.stage == analysed.stage }
            let diagnosis = analysed.diagnosis
            let batches = try batches(
                of: stageSends, order: diagnosis.variants.map(\.label), openTracking: openTracking,
                classifier: classifier, replyWindow: replyWindow, now: now)
            let lastClose = stageSends
                .filter { !$0.bounced }
                .map { replyWindow.closes(deliveredAt: $0.acceptedAt ?? now) }
                .filter { $0 > now }
                .max()
            stages.append(Stage(
                stage: analysed.stage, dimension: analysed.dimension,
                verdict: ReportVerdict(diagnosis.verdict), secondary: diagnosis.secondary.map(ReportVerdict.init),
                variants: diagnosis.variants.map(ReportRow.init), total: ReportRow(diagnosis.pooled),
                comparison: diagnosis.comparison.map(ReportComparison.init), batches: batches,
                nextStep: ReportNextStep.make(
                    diagnosis: diagnosis, stage: analysed.stage, lastWindowCloses: lastClose,
                    thresholds: engine.thresholds)))
        }
        return CampaignReport(
            schemaVersion: schemaVersion, campaign: campaign, generatedAt: now, openTracking: analysis.openTracking,
            replyWindowHours: analysis.replyWindowHours, batching: "utc_day", stages: stages)
    }

    /// The stage's sends split by UTC day of acceptance, each day's funnel per variant.
    static func batches(
        of sends: [SendSignals], order: [String], openTracking: Bool, classifier: OpenClassifier,
        replyWindow: ReplyWindow, now: Date
    ) throws -> [ReportBatch] {
        var byDay: [String: [SendSignals]] = [:]
        for send in sends { byDay[ReportBatch.day(of: send.acceptedAt ?? now), default: []].append(send) }
        var batches: [ReportBatch] = []
        for (offset, day) in byDay.keys.sorted().enumerated() {
            let daySends = byDay[day] ?? []
            let times = daySends.map { $0.acceptedAt ?? now }
            var rows: [ReportRow] = []
            for label in order {
                let variantSends = daySends.filter { $0.variant.label == label }
                guard let first = variantSends.first else { continue }
                let funnel = try CampaignAnalysis.funnel(
                    label: label, variant: first.variant, sends: variantSends, openTracking: openTracking,
                    classifier: classifier, replyWindow: replyWindow, now: now)
                rows.append(ReportRow(funnel: funnel, diagnosis: nil))
            }
            batches.append(ReportBatch(
                index: offset + 1, date: day, firstAcceptedAt: times.min() ?? now, lastAcceptedAt: times.max() ?? now,
                variants: rows))
        }
        return batches
    }
}
