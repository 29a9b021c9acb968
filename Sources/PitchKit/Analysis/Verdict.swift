/// One finding of the diagnosis: the cause, how sure, the evidence in plain words with numbers, and,
/// when undecided or only "probably", how many more sends would settle it.
public struct Verdict: Sendable, Hashable, Codable {
    /// What the rule blames (stats.md §5.3, in rule order).
    public enum Cause: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
        /// Rule 0: the reply window has not matured, or too few delivered. Labelled, not judged.
        case tooEarly = "too_early"
        /// Rule 1: bounces or spam placement; fix before judging copy.
        case deliverability
        /// Rule 2: the subject line, sender name or preview.
        case subject
        /// Rule 3: the message body or call to action.
        case message
        /// Rule 4: the offer.
        case offer
        /// Rule 5: the list or segment.
        case audience
        /// Rule 6: the pitch works.
        case working
        /// Rule 7: no rule fired; an interval still straddles its threshold.
        case undecided

        /// The rule number of stats.md §5.3.
        public var rule: Int {
            switch self {
            case .tooEarly: 0
            case .deliverability: 1
            case .subject: 2
            case .message: 3
            case .offer: 4
            case .audience: 5
            case .working: 6
            case .undecided: 7
            }
        }

        /// The snake_case name.
        public var description: String { rawValue }
    }

    /// A finer label for some causes.
    public enum Detail: String, Sendable, Hashable, Codable, CustomStringConvertible {
        /// Subject: every variant opens low, so subjects or the sender identity.
        case subjectsOrSender = "subjects_or_sender"
        /// Subject: this variant opens (or, without tracking, replies) worse than the best one.
        case worseThanBest = "worse_than_best"
        /// Message, without open tracking: body and offer cannot be told apart (§5.4).
        case bodyOrOffer = "body_or_offer"
        /// Offer: negotiate replies outnumber declines.
        case priceOrTerms = "price_or_terms"
        /// Offer: declines outnumber negotiate replies.
        case offerFit = "offer_fit"
        /// Audience: too many wrong-person replies.
        case wrongContacts = "wrong_contacts"
        /// Audience: several subjects and bodies all fail.
        case nothingWorks = "nothing_works"
        /// Undecided: the rate sits at the threshold; more sends will not separate them.
        case sitsAtThreshold = "sits_at_threshold"

        /// The snake_case name.
        public var description: String { rawValue }
    }

    /// The cause.
    public let cause: Cause
    /// The rule number (0–7).
    public var rule: Int { cause.rule }
    /// probably / clearly for a fired rule; nil for too early and undecided.
    public let strength: Strength?
    /// A finer label, when the rule has one.
    public let detail: Detail?
    /// The headline advice, e.g. "They open but don't reply: the message body/CTA is the problem."
    public let summary: String
    /// Plain sentences with the numbers behind the verdict.
    public let evidence: [String]
    /// More sends that would settle the question (undecided), or upgrade "probably" to "clearly".
    public let settle: SettleEstimate?

    /// Creates a verdict.
    public init(
        cause: Cause, strength: Strength?, detail: Detail? = nil, summary: String, evidence: [String],
        settle: SettleEstimate? = nil
    ) {
        self.cause = cause
        self.strength = strength
        self.detail = detail
        self.summary = summary
        self.evidence = evidence
        self.settle = settle
    }

    enum CodingKeys: String, CodingKey {
        case cause, rule, strength, detail, summary, evidence, settle
    }

    /// Encodes with the rule number included.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cause, forKey: .cause)
        try container.encode(rule, forKey: .rule)
        try container.encodeIfPresent(strength, forKey: .strength)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encode(summary, forKey: .summary)
        try container.encode(evidence, forKey: .evidence)
        try container.encodeIfPresent(settle, forKey: .settle)
    }

    /// Decodes a verdict (the rule number is derived from the cause).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cause = try container.decode(Cause.self, forKey: .cause)
        strength = try container.decodeIfPresent(Strength.self, forKey: .strength)
        detail = try container.decodeIfPresent(Detail.self, forKey: .detail)
        summary = try container.decode(String.self, forKey: .summary)
        evidence = try container.decode([String].self, forKey: .evidence)
        settle = try container.decodeIfPresent(SettleEstimate.self, forKey: .settle)
    }
}

/// "N more sends would settle it" (stats.md §3.2): the Wilson inversion at the current rate.
public struct SettleEstimate: Sendable, Hashable, Codable {
    /// The metric whose interval is to exclude the threshold.
    public enum Metric: String, Sendable, Hashable, Codable, CustomStringConvertible {
        /// Bounced / sent.
        case bounceRate = "bounce_rate"
        /// Human opens / trackable.
        case openRate = "open_rate"
        /// Replies / delivered.
        case replyRate = "reply_rate"
        /// Positive replies / delivered.
        case positiveRate = "positive_rate"
        /// Trackable replies / human opens.
        case replyGivenOpen = "reply_given_open"
        /// (negotiate + decline) / replies.
        case objectionShare = "objection_share"
        /// positive / replies.
        case positiveShare = "positive_share"
        /// wrong_person / replies.
        case wrongPersonShare = "wrong_person_share"

        /// The snake_case name.
        public var description: String { rawValue }
    }

    /// The metric.
    public let metric: Metric
    /// The threshold it is judged against.
    public let threshold: Double
    /// The confidence the settled interval would have (0.95 for "clearly").
    public let confidence: Double
    /// More trials in the metric's own denominator (delivered, trackable, opens or replies);
    /// nil when the rate sits at the threshold.
    public let additionalTrials: Int?
    /// The same in sends at the current funnel rates; nil when it sits at the threshold or the
    /// conversion rate is 0.
    public let additionalSends: Int?

    /// Creates an estimate.
    public init(metric: Metric, threshold: Double, confidence: Double, additionalTrials: Int?, additionalSends: Int?) {
        self.metric = metric
        self.threshold = threshold
        self.confidence = confidence
        self.additionalTrials = additionalTrials
        self.additionalSends = additionalSends
    }

    /// True when the rate equals the threshold, so no number of sends separates them.
    public var sitsAtThreshold: Bool { additionalTrials == nil }

    enum CodingKeys: String, CodingKey {
        case metric, threshold, confidence
        case additionalTrials = "additional_trials"
        case additionalSends = "additional_sends"
        case sitsAtThreshold = "sits_at_threshold"
    }

    /// Encodes every key; the counts are null when the rate sits at the threshold.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(metric, forKey: .metric)
        try container.encode(threshold, forKey: .threshold)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(additionalTrials, forKey: .additionalTrials)
        try container.encode(additionalSends, forKey: .additionalSends)
        try container.encode(sitsAtThreshold, forKey: .sitsAtThreshold)
    }

    /// Decodes an estimate.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metric = try container.decode(Metric.self, forKey: .metric)
        threshold = try container.decode(Double.self, forKey: .threshold)
        confidence = try container.decode(Double.self, forKey: .confidence)
        additionalTrials = try container.decodeIfPresent(Int.self, forKey: .additionalTrials)
        additionalSends = try container.decodeIfPresent(Int.self, forKey: .additionalSends)
    }
}
