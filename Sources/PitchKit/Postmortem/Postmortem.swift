public import Foundation

/// The campaign's post-mortem: was the goal met, which personas, types and variants delivered
/// against expectation, how replies split, how long pitch to reply to post took, and what to do
/// next time (more, faster, cheaper) — each lesson with the numbers behind it.
///
/// Every figure is counted from the stored events (sends, replies, conversions), so it can be
/// checked against them; a lesson is drawn only when its interval says so, else the post-mortem
/// says the numbers are too small.
public struct Postmortem: Sendable, Encodable {
    /// One row of a breakdown (a persona, a type or a variant).
    public struct Group: Sendable, Codable, Hashable {
        /// The persona, type or variant label.
        public var key: String
        /// Pitches the relay accepted.
        public var pitched: Int
        /// Pitched and not bounced.
        public var delivered: Int
        /// Creators who replied (a person, not an automatic reply).
        public var replied: Int
        /// Creators whose first reply was positive.
        public var positive: Int
        /// Creators whose first reply negotiated.
        public var negotiated: Int
        /// Positive replies over delivered, with intervals.
        public var positiveRate: RateEstimate
        /// Conversions (orders, sign-ups, posts) attributed to these creators.
        public var conversions: Int
        /// The sum of the conversions' amounts.
        public var revenue: Double
        /// Expected value of these creators (relevant views × value per view), when scoring is configured.
        public var expectedValue: Double?
        /// Their cost (creator fee, product, shipping, fees), when scoring is configured.
        public var cost: Double?

        enum CodingKeys: String, CodingKey {
            case key, pitched, delivered, replied, positive, negotiated, conversions, revenue, cost
            case positiveRate = "positive_rate"
            case expectedValue = "expected_value"
        }
    }

    /// Something to do differently, with its evidence.
    public struct Lesson: Sendable, Codable, Hashable {
        /// `more`, `faster`, `cheaper` or `none`.
        public var kind: String
        /// The advice.
        public var advice: String
        /// The numbers behind it.
        public var evidence: String
    }

    public var campaign: String
    public var generatedAt: Date
    /// The goal's progress, or nil when the goal is not measurable.
    public var goal: GoalReport?
    /// Why there is no goal report, when there is none.
    public var goalNote: String?
    /// Every pitch, pooled.
    public var total: Group
    /// Human replies by class (first reply of each creator).
    public var replyClasses: [String: Int]
    /// Automatic replies and bounces, never counted as replies.
    public var automaticReplies: Int
    public var bounces: Int
    public var byPersona: [Group]
    public var byType: [Group]
    public var byVariant: [Group]
    /// Pitch-to-reply times and posts published (the journal).
    public var journal: CampaignJournal
    public var lessons: [Lesson]

    enum CodingKeys: String, CodingKey {
        case campaign, goal, total, bounces, journal, lessons
        case generatedAt = "generated_at"
        case goalNote = "goal_note"
        case replyClasses = "reply_classes"
        case automaticReplies = "automatic_replies"
        case byPersona = "by_persona"
        case byType = "by_type"
        case byVariant = "by_variant"
    }

    /// The post-mortem of the workspace's campaign.
    public static func load(workspace: Workspace, environment: [String: String], now: Date) throws -> Postmortem {
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: environment)
        let store = try workspace.openStore()
        var goal: GoalReport?
        var goalNote: String?
        do {
            goal = try GoalReport.load(workspace: workspace, environment: environment, now: now)
        } catch {
            goalNote = "\(error)"
        }
        let scorer = config.scoring.valuePerView.map {
            CreatorScorer(
                valuePerView: $0, productCost: config.scoring.productCost, shippingCost: config.scoring.shippingCost,
                fees: config.scoring.fees)
        }
        let automatic = try store.inboundMessages().filter { $0.campaign == config.campaign.id }
        return make(
            campaign: config.campaign.id, sends: try store.sendSignals(campaign: config.campaign.id),
            recipients: try store.recipients(), conversions: try store.conversions(), scorer: scorer,
            automaticReplies: automatic.filter { $0.kind == .autoReply }.count, goal: goal, goalNote: goalNote,
            journal: try CampaignJournal.make(campaign: config.campaign.id, store: store), now: now)
    }

    /// The post-mortem from its inputs (pure).
    public static func make(
        campaign: String, sends allSends: [SendSignals], recipients: [StoredRecipient], conversions: [StoredConversion],
        scorer: CreatorScorer?, automaticReplies: Int, goal: GoalReport?, goalNote: String?, journal: CampaignJournal,
        now: Date
    ) -> Postmortem {
        let sends = allSends.filter { $0.state == .accepted }
        let byRecipient = Dictionary(recipients.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var conversionsOf: [Int64: [StoredConversion]] = [:]
        for conversion in conversions { conversionsOf[conversion.recipientID, default: []].append(conversion) }

        func group(_ key: String, _ members: [SendSignals]) -> Group {
            let delivered = members.filter { !$0.bounced }
            let positive = delivered.filter { $0.replies.first == .positive }.count
            let recipientsOf = Set(members.map(\.recipientID))
            let converted = recipientsOf.flatMap { conversionsOf[$0] ?? [] }
            var value: Double?
            var cost: Double?
            if let scorer {
                for id in recipientsOf {
                    guard let recipient = byRecipient[id], case .scored(let score) = scorer.score(recipient) else { continue }
                    value = (value ?? 0) + score.value
                    cost = (cost ?? 0) + score.cost.total
                }
            }
            return Group(
                key: key, pitched: members.count, delivered: delivered.count,
                replied: delivered.filter { !$0.replies.isEmpty }.count, positive: positive,
                negotiated: delivered.filter { $0.replies.first == .negotiate }.count,
                positiveRate: RateEstimate(successes: positive, trials: delivered.count), conversions: converted.count,
                revenue: converted.compactMap(\.amount).reduce(0, +), expectedValue: value, cost: cost)
        }
        func breakdown(_ key: (SendSignals) -> String?) -> [Group] {
            var members: [String: [SendSignals]] = [:]
            for send in sends { members[key(send) ?? "(none)", default: []].append(send) }
            return members.keys.sorted().map { group($0, members[$0] ?? []) }
        }

        let total = group("all", sends)
        var classes: [String: Int] = [:]
        for send in sends where !send.bounced { if let first = send.replies.first { classes[first.rawValue, default: 0] += 1 } }
        let byPersona = breakdown(\.persona)
        let byType = breakdown(\.creatorType)
        let byVariant = breakdown { $0.variant.label }
        let lessons = Self.lessons(
            total: total, segments: byType.map { ("type", $0) } + byPersona.map { ("persona", $0) }, journal: journal,
            goal: goal, scorer: scorer, sends: sends, recipients: byRecipient)
        return Postmortem(
            campaign: campaign, generatedAt: now, goal: goal, goalNote: goalNote, total: total, replyClasses: classes,
            automaticReplies: automaticReplies, bounces: sends.filter(\.bounced).count, byPersona: byPersona,
            byType: byType, byVariant: byVariant, journal: journal, lessons: lessons)
    }

    /// More, faster, cheaper: each drawn only when the numbers support it.
    static func lessons(
        total: Group, segments: [(String, Group)], journal: CampaignJournal, goal: GoalReport?, scorer: CreatorScorer?,
        sends: [SendSignals], recipients: [Int64: StoredRecipient]
    ) -> [Lesson] {
        var lessons: [Lesson] = []
        let overall = total.positiveRate.rate ?? 0
        // More: a segment whose positive rate is above the campaign's beyond its 80% interval.
        let strong = segments.filter { $0.1.delivered >= 10 && $0.1.key != "(none)" && $0.1.positiveRate.lower80 > overall }
            .max { ($0.1.positiveRate.rate ?? 0) < ($1.1.positiveRate.rate ?? 0) }
        if let (factor, best) = strong {
            lessons.append(Lesson(
                kind: "more",
                advice: "Pitch more \(factor == "type" ? "\(best.key) creators" : "creators of the '\(best.key)' persona"): they answer yes more often than the rest.",
                evidence: "\(best.positive) positive of \(best.delivered) delivered (\(pct(best.positiveRate.rate)), 80% range \(pct(best.positiveRate.lower80))–\(pct(best.positiveRate.upper80))) against \(pct(overall)) over the campaign."))
        }
        // Faster: replies that take days, or a goal that the pace will not reach.
        if let times = journal.replyTime, times.count >= 3, times.medianHours > 48 {
            lessons.append(Lesson(
                kind: "faster", advice: "Follow up sooner: half of the replies took over two days.",
                evidence: String(format: "median pitch-to-reply %.0f h over %d replies (fastest %.0f h).", times.medianHours, times.count, times.minHours)))
        }
        if let goal, goal.status == .behind || goal.status == .missed, let pace = goal.pace {
            lessons.append(Lesson(
                kind: "faster", advice: "Send the next batches sooner: the pace does not reach the goal.",
                evidence: String(format: "%.0f of %.0f so far; %.1f a day projects %.0f by the deadline.", goal.progress, goal.target, pace.perDay, pace.projected)))
        }
        // Cheaper: haggling, and creators who cost more than they are expected to bring.
        if total.replied >= 5, Double(total.negotiated) / Double(total.replied) >= 0.25 {
            let asks = journal.negotiations.compactMap { $0.amount?.value }.sorted()
            let median = asks.isEmpty ? "" : String(format: "; median ask %.0f", asks[asks.count / 2])
            lessons.append(Lesson(
                kind: "cheaper", advice: "The offer is haggled over: state the fee up front, or pitch creators whose rates fit the budget.",
                evidence: "\(total.negotiated) of \(total.replied) creators who replied negotiated\(median)."))
        }
        if let scorer {
            let scored = Set(sends.map(\.recipientID)).compactMap { recipients[$0] }.compactMap { recipient -> CreatorScore? in
                if case .scored(let score) = scorer.score(recipient) { return score } else { return nil }
            }
            let losing = scored.filter { $0.score < 0 }
            if !scored.isEmpty, losing.count * 4 >= scored.count {
                lessons.append(Lesson(
                    kind: "cheaper", advice: "Skip creators whose cost exceeds their expected value (pitchlab recipients rank shows them).",
                    evidence: "\(losing.count) of \(scored.count) pitched creators were expected to cost more than their relevant views are worth."))
            }
        }
        if lessons.isEmpty {
            lessons.append(Lesson(
                kind: "none", advice: "No clear lesson yet: no persona, type, timing or price stands out beyond its interval.",
                evidence: "\(total.positive) positive of \(total.delivered) delivered (\(pct(total.positiveRate.rate)), 95% range \(pct(total.positiveRate.lower95))–\(pct(total.positiveRate.upper95)))."))
        }
        return lessons
    }

    static func pct(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.1f%%", value * 100)
    }

    /// Terminal lines.
    public var textLines: [String] {
        var lines = ["Post-mortem of campaign \(campaign)", ""]
        if let goal { lines += ["Goal: " + goal.message] } else { lines += ["Goal: not measured (\(goalNote ?? "no goal"))"] }
        lines.append("")
        lines.append("Pitched \(total.pitched), delivered \(total.delivered) (\(bounces) bounced), replied \(total.replied), positive \(total.positive) (\(Self.pct(total.positiveRate.rate)), 95% range \(Self.pct(total.positiveRate.lower95))–\(Self.pct(total.positiveRate.upper95))); automatic replies \(automaticReplies).")
        let classes = ReplyClass.allCases.compactMap { c in replyClasses[c.rawValue].map { "\(c.rawValue) \($0)" } }
        lines.append("Replies by class: \(classes.isEmpty ? "none" : classes.joined(separator: ", ")).")
        if let times = journal.replyTime {
            lines.append(String(format: "Pitch to reply: median %.1f h (fastest %.1f h, slowest %.1f h); posts published: %d by %d creators.", times.medianHours, times.minHours, times.maxHours, journal.postsPublished, journal.creatorsPosted))
        }
        for (title, groups) in [("By creator type", byType), ("By persona", byPersona), ("By variant", byVariant)] {
            lines.append("")
            lines.append("\(title):")
            for g in groups {
                var line = "  \(g.key): \(g.positive)/\(g.delivered) positive (\(Self.pct(g.positiveRate.rate))), \(g.negotiated) negotiated, \(g.conversions) conversions"
                if g.revenue > 0 { line += String(format: ", revenue %.2f", g.revenue) }
                if let value = g.expectedValue, let cost = g.cost { line += String(format: " (expected value %.2f, cost %.2f)", value, cost) }
                lines.append(line)
            }
        }
        lines.append("")
        lines.append("Next time:")
        for lesson in lessons { lines.append("  [\(lesson.kind)] \(lesson.advice) — \(lesson.evidence)") }
        return lines
    }
}
