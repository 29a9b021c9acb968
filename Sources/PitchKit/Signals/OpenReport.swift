import Foundation

/// Opens and clicks per stage and variant, with machine opens told apart (stats.md §2.3): the
/// classification is recomputed from the raw hits each time and stored next to them.
///
/// The human open rate counts only trackable recipients (delivered, not Apple MPP): MPP
/// recipients' opens are unobservable, not zero. Clicks and human replies count as opens.
public struct OpenReport: Sendable, Codable, Hashable {
    /// One stage × variant row.
    public struct Row: Sendable, Codable, Hashable {
        public var stage: Int
        /// `subject/message/offer`.
        public var variant: String
        /// Accepted by the relay and not bounced.
        public var delivered: Int
        /// Delivered and not Apple MPP.
        public var trackable: Int
        /// Recipients with at least one Apple proxy hit.
        public var mppRecipients: Int
        /// Trackable recipients who opened as a person (pixel, later Google fetch, click or reply).
        public var humanOpens: Int
        /// Recipients with any pixel hit (deliverability signal only).
        public var rawOpens: Int
        /// Recipients who clicked as a person.
        public var humanClicks: Int
        /// Hits per class.
        public var hits: [String: Int]
        /// Human opens ÷ trackable (nil without trackable recipients).
        public var humanOpenRate: Double?

        enum CodingKeys: String, CodingKey {
            case stage, variant, delivered, trackable, hits
            case mppRecipients = "mpp_recipients"
            case humanOpens = "human_opens"
            case rawOpens = "raw_opens"
            case humanClicks = "human_clicks"
            case humanOpenRate = "human_open_rate"
        }
    }

    /// The campaign.
    public var campaign: String
    /// Rows by stage, then variant.
    public var rows: [Row]
    /// Hits classified in this run.
    public var classifiedHits: Int

    enum CodingKeys: String, CodingKey {
        case campaign, rows
        case classifiedHits = "classified_hits"
    }

    /// Classifies every hit of the campaign, stores the classes, and sums them up.
    public static func build(
        campaign: String, store: SQLiteCampaignStore, classifier: OpenClassifier
    ) throws -> OpenReport {
        let sends = try store.sendSignals(campaign: campaign)
        var rows: [String: Row] = [:]
        var classes: [(id: Int64, class: String)] = []
        // The links of a variant's message: the distinct destinations its recipients clicked.
        let linkCounts = Dictionary(grouping: sends, by: \.variant.label).mapValues(\.clickedLinkCount)
        for send in sends where send.state == .accepted {
            let delivered = send.acceptedAt ?? send.hits.map(\.at).min() ?? Date.distantPast
            let opens = send.openHits
            let clicks = send.clickHits
            let summary = send.openSummary(
                classifier: classifier, deliveredAt: delivered, linkCount: linkCounts[send.variant.label] ?? 1,
                humanReply: !send.replies.isEmpty)
            let key = "\(send.stage) \(send.variant.label)"
            var row = rows[key] ?? Row(
                stage: send.stage, variant: send.variant.label, delivered: 0, trackable: 0, mppRecipients: 0,
                humanOpens: 0, rawOpens: 0, humanClicks: 0, hits: [:], humanOpenRate: nil)
            if summary.delivered { row.delivered += 1 }
            if summary.trackable { row.trackable += 1 }
            if summary.mppRecipient { row.mppRecipients += 1 }
            if summary.trackable && summary.humanOpen { row.humanOpens += 1 }
            if summary.rawOpen { row.rawOpens += 1 }
            if summary.clickClasses.contains(.human) { row.humanClicks += 1 }
            for (hit, openClass) in zip(opens, summary.hitClasses) {
                row.hits[openClass.rawValue, default: 0] += 1
                classes.append((hit.id, openClass.rawValue))
            }
            for (hit, clickClass) in zip(clicks, summary.clickClasses) {
                row.hits["click_\(clickClass.rawValue)", default: 0] += 1
                classes.append((hit.id, "click_\(clickClass.rawValue)"))
            }
            rows[key] = row
        }
        try store.setHitClasses(classes)
        let sorted = rows.values.map { row -> Row in
            var row = row
            row.humanOpenRate = row.trackable > 0 ? Double(row.humanOpens) / Double(row.trackable) : nil
            return row
        }.sorted { ($0.stage, $0.variant) < ($1.stage, $1.variant) }
        return OpenReport(campaign: campaign, rows: sorted, classifiedHits: classes.count)
    }

    /// Terminal lines: one per stage × variant.
    public var textLines: [String] {
        guard !rows.isEmpty else { return ["No delivered sends yet for campaign \(campaign)."] }
        var lines = ["stage  variant                         delivered  trackable  MPP  human opens      raw opens  clicks"]
        for row in rows {
            let rate = row.humanOpenRate.map { String(format: "%5.1f%%", $0 * 100) } ?? "    –"
            lines.append(
                "\(String(row.stage).padding(toLength: 5, withPad: " ", startingAt: 0))  "
                    + "\(row.variant.padding(toLength: 30, withPad: " ", startingAt: 0))  "
                    + "\(String(format: "%9d  %9d  %3d  %4d (%@)  %9d  %6d", row.delivered, row.trackable, row.mppRecipients, row.humanOpens, rate, row.rawOpens, row.humanClicks))")
        }
        lines.append("\(classifiedHits) hits classified (Apple proxy, Google proxy, scanner, human); MPP recipients are left out of the human open rate.")
        return lines
    }
}

extension CampaignVariant {
    /// `subject/message/offer`, the variant's short name in reports.
    public var label: String { "\(choice.subject)/\(choice.message)/\(choice.offer)" }
}

extension OpenClassifier.Configuration {
    /// The classification settings of `pitchlab.yaml`'s tracking section; range files (one CIDR a
    /// line, or Apple's egress CSV) are read relative to the workspace and added to the built-in lists.
    public init(tracking: CampaignConfig.Tracking, workspace: Workspace) throws {
        self.init(
            appleUserAgentWindow: tracking.appleWindowSeconds, scannerWindow: tracking.scannerSeconds,
            googleRefetchGap: tracking.googleRefetchSeconds)
        func load(_ file: String?) throws -> CIDRSet? {
            guard let file else { return nil }
            let path = file.hasPrefix("/") ? file : workspace.directory.appendingPathComponent(file).path
            return try CIDRSet.load(contentsOfFile: path)
        }
        if let extra = try load(tracking.appleRangesFile) { appleNetworks = appleNetworks.union(extra) }
        if let extra = try load(tracking.googleRangesFile) { googleNetworks = googleNetworks.union(extra) }
        if let extra = try load(tracking.scannerRangesFile) { scannerNetworks = scannerNetworks.union(extra) }
    }
}
