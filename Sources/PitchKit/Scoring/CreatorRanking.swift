import Foundation

/// Creators ranked by score (see ``CreatorScorer``), optionally the top N per group
/// (`--top 3 --by persona,type`), with the creators that could not be scored and why.
///
/// Within a group, creators are ordered by score, highest first; equal scores by recipient id, so
/// the order never depends on the file or the run. Groups are ordered by their values (empty last).
///
/// ```swift
/// let ranking = CreatorRanking.make(recipients: try store.recipients(), scorer: scorer, top: 2, by: [.persona, .type])
/// print(try JSONOutput.string(ranking))
/// ```
public struct CreatorRanking: Sendable, Equatable, Encodable {
    /// A scored creator and its rank in its group.
    public struct Entry: Sendable, Equatable, Encodable {
        /// 1 for the best in the group.
        public var rank: Int
        /// The score and its components.
        public var score: CreatorScore

        enum CodingKeys: String, CodingKey { case rank }

        /// Encodes the rank beside the score's keys.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(rank, forKey: .rank)
            try score.encode(to: encoder)
        }
    }

    /// The creators sharing the values of the `--by` fields.
    public struct Group: Sendable, Equatable, Encodable {
        /// The value of each `--by` field (null when the creator has none); empty without `--by`.
        public var key: [String: String?]
        /// Scored creators in the group, by rank (at most `top`).
        public var creators: [Entry]
        /// Scored creators in the group before `--top` was applied.
        public var scored: Int
    }

    /// A creator that could not be scored.
    public struct Unscored: Sendable, Equatable, Encodable {
        /// Who.
        public var creator: CreatorLabel
        /// The missing fields: `followers`, `avg_views`, `relevance`, `cost`.
        public var missing: [String]

        enum CodingKeys: String, CodingKey { case missing }

        /// Encodes the label's keys and `missing` at the same level.
        public func encode(to encoder: any Encoder) throws {
            try creator.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(missing, forKey: .missing)
        }
    }

    /// The value of one relevant view used.
    public var valuePerView: Double
    /// Product, shipping and fees added to each creator's cost.
    public var extraCost: CreatorScore.Cost
    /// The fields grouped by.
    public var by: [RankGrouping]
    /// The number kept per group; nil for all.
    public var top: Int?
    /// The groups, in order.
    public var groups: [Group]
    /// Creators that could not be scored, by id.
    public var unscored: [Unscored]

    /// Scores and ranks `recipients`.
    public static func make(recipients: [StoredRecipient], scorer: CreatorScorer, top: Int? = nil, by: [RankGrouping] = [])
        -> CreatorRanking
    {
        var scores: [CreatorScore] = []
        var unscored: [Unscored] = []
        for recipient in recipients.sorted(by: { $0.id < $1.id }) {
            switch scorer.score(recipient) {
            case .scored(let score): scores.append(score)
            case .unscored(let missing): unscored.append(Unscored(creator: CreatorLabel(recipient), missing: missing))
            }
        }
        var buckets: [[String?]: [CreatorScore]] = [:]
        for score in scores {
            buckets[by.map { $0.value(of: score.creator) }, default: []].append(score)
        }
        let keys = buckets.keys.sorted { lhs, rhs in
            for (a, b) in zip(lhs, rhs) where a != b {
                switch (a, b) {
                case (nil, _): return false
                case (_, nil): return true
                case (let a?, let b?): return a.lowercased() == b.lowercased() ? a < b : a.lowercased() < b.lowercased()
                }
            }
            return false
        }
        let groups = keys.map { key in
            let ranked = (buckets[key] ?? []).sorted { a, b in
                a.score != b.score ? a.score > b.score : a.creator.id < b.creator.id
            }
            let kept = top.map { Array(ranked.prefix($0)) } ?? ranked
            return Group(
                key: Dictionary(uniqueKeysWithValues: zip(by.map(\.rawValue), key)),
                creators: kept.enumerated().map { Entry(rank: $0.offset + 1, score: $0.element) },
                scored: ranked.count)
        }
        return CreatorRanking(
            valuePerView: scorer.valuePerView,
            extraCost: CreatorScore.Cost(creator: 0, product: scorer.productCost, shipping: scorer.shippingCost, fees: scorer.fees),
            by: by, top: top, groups: groups, unscored: unscored)
    }

    /// Ranks the workspace's recipients with the `scoring:` settings of `pitchlab.yaml`.
    ///
    /// - Throws: ``CampaignConfigError`` when `scoring.value_per_view` is not set.
    public static func load(workspace: Workspace, environment: [String: String], top: Int?, by: [RankGrouping]) throws
        -> CreatorRanking
    {
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: environment)
        guard let valuePerView = config.scoring.valuePerView else {
            throw CampaignConfigError(
                .missingField, file: Workspace.configFileName, line: nil, column: nil, field: "scoring.value_per_view",
                "scoring.value_per_view is missing, so creators cannot be valued; add scoring: with value_per_view: (what one relevant view is worth, e.g. 0.004) and product_cost, shipping_cost, fees as needed.")
        }
        let scorer = CreatorScorer(
            valuePerView: valuePerView, productCost: config.scoring.productCost, shippingCost: config.scoring.shippingCost,
            fees: config.scoring.fees)
        return make(recipients: try workspace.openStore().recipients(), scorer: scorer, top: top, by: by)
    }

    enum CodingKeys: String, CodingKey {
        case by, top, groups, unscored
        case valuePerView = "value_per_view"
        case extraCost = "extra_cost"
    }

    /// Encodes every key (`top` as null for all).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(valuePerView, forKey: .valuePerView)
        try container.encode(extraCost, forKey: .extraCost)
        try container.encode(by, forKey: .by)
        try container.encode(top, forKey: .top)
        try container.encode(groups, forKey: .groups)
        try container.encode(unscored, forKey: .unscored)
    }

    /// Terminal lines: one table per group, then the unscored creators.
    public var textLines: [String] {
        var lines: [String] = []
        let money = { (v: Double) in GoalReport.format(v, amount: true) }
        lines.append("Score = avg views x relevance x \(money(valuePerView)) per view - (cost + \(money(extraCost.total)) product, shipping and fees).")
        if groups.isEmpty { lines.append("No creator could be scored.") }
        for group in groups {
            if !by.isEmpty {
                let key = by.map { "\($0.rawValue) \((group.key[$0.rawValue] ?? nil) ?? "(none)")" }.joined(separator: ", ")
                let shown = top.map { " (top \(min($0, group.scored)) of \(group.scored))" } ?? ""
                lines.append("")
                lines.append("\(key)\(shown):")
            }
            var rows = [["RANK", "CREATOR", "VIEWS", "ENGAGEMENT", "RELEVANCE", "VALUE", "COST", "SCORE"]]
            for entry in group.creators {
                let s = entry.score
                rows.append([
                    "\(entry.rank)", s.creator.display, GoalReport.format(s.expectedViews, amount: false),
                    String(format: "%.1f%%", s.engagement * 100), String(format: "%.2f", s.relevance), money(s.value),
                    money(s.cost.total), money(s.score),
                ])
            }
            lines += Self.table(rows)
        }
        if !unscored.isEmpty {
            lines.append("")
            lines.append("Not scored (missing data; fill it in the recipients file and import it again):")
            for item in unscored {
                lines.append("  \(item.creator.display): no \(item.missing.joined(separator: ", "))")
            }
        }
        return lines
    }

    static func table(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
