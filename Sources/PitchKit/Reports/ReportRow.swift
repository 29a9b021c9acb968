/// One variant's funnel in a report — for a whole stage or for one batch — with its rates and,
/// at stage level, its verdict.
///
/// Counts are of recipients, each counted once (stats.md §0): `sent` accepted by the relay,
/// bounces, `delivered` = sent − bounces, and of the delivered: `trackable` (opens measurable, not
/// Apple MPP) and `human_opens` among them (both null with open tracking off), human replies within
/// the reply window by class. Every key is always present.
public struct ReportRow: Sendable, Hashable, Codable {
    /// The rates of a row.
    public struct Rates: Sendable, Hashable, Codable {
        /// Bounced / sent.
        public let bounce: ReportRate
        /// Human opens / trackable; nil with open tracking off.
        public let open: ReportRate?
        /// Human replies / delivered: the primary metric.
        public let reply: ReportRate
        /// Positive replies / delivered.
        public let positive: ReportRate
        /// Repliers among the trackable / human opens; nil without tracking or opens.
        public let replyGivenOpen: ReportRate?
        /// (negotiate + decline) / human replies; nil without replies.
        public let objectionShare: ReportRate?

        /// The report form of `rates`.
        public init(_ rates: FunnelRates) {
            bounce = ReportRate(rates.bounce)
            open = rates.open.map(ReportRate.init)
            reply = ReportRate(rates.reply)
            positive = ReportRate(rates.positive)
            replyGivenOpen = rates.replyGivenOpen.map(ReportRate.init)
            objectionShare = rates.objectionShare.map(ReportRate.init)
        }

        enum CodingKeys: String, CodingKey {
            case bounce, open, reply, positive
            case replyGivenOpen = "reply_given_open"
            case objectionShare = "objection_share"
        }

        /// Encodes every key, with null for absent rates.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(bounce, forKey: .bounce)
            try container.encode(open, forKey: .open)
            try container.encode(reply, forKey: .reply)
            try container.encode(positive, forKey: .positive)
            try container.encode(replyGivenOpen, forKey: .replyGivenOpen)
            try container.encode(objectionShare, forKey: .objectionShare)
        }
    }

    /// The variant's label (`subject/message/offer`), or the stage total's label.
    public let label: String
    /// The variant's template, subject, message and offer ids; nil for a stage total.
    public let variant: CampaignVariant?
    /// Recipients the relay accepted a message for.
    public let sent: Int
    /// Permanent bounces.
    public let hardBounces: Int
    /// Transient bounces that never turned into a delivery.
    public let softBounces: Int
    /// sent − bounces.
    public let delivered: Int
    /// Delivered recipients whose opens can be measured; nil with open tracking off.
    public let trackable: Int?
    /// Trackable recipients with a human open (a click or reply counts); nil with open tracking off.
    public let humanOpens: Int?
    /// Human replies within the reply window, by class.
    public let replies: ReplyCounts
    /// Delivered recipients whose reply window is still open.
    public let pendingReplyWindows: Int
    /// The rates with their intervals.
    public let rates: Rates
    /// The diagnosis of the variant; nil in a batch row (batches are shown, not judged).
    public let verdict: ReportVerdict?
    /// Cautions that do not change the verdict.
    public let warnings: [String]

    /// A row for `funnel`, with `diagnosis` when judged.
    init(funnel: VariantFunnel, diagnosis: Diagnosis?) {
        label = funnel.label
        variant = funnel.variant
        sent = funnel.sent
        hardBounces = funnel.hardBounces
        softBounces = funnel.softBounces
        delivered = funnel.delivered
        trackable = funnel.trackable
        humanOpens = funnel.humanOpens
        replies = funnel.replies
        pendingReplyWindows = funnel.pendingReplyWindows
        rates = Rates(diagnosis?.rates ?? FunnelRates(funnel))
        verdict = diagnosis.map { ReportVerdict($0.verdict) }
        warnings = diagnosis?.warnings ?? []
    }

    /// A judged row from a diagnosis.
    init(_ diagnosis: Diagnosis) {
        self.init(funnel: diagnosis.funnel, diagnosis: diagnosis)
    }

    enum CodingKeys: String, CodingKey {
        case label, variant, sent, delivered, trackable, replies, rates, verdict, warnings
        case hardBounces = "hard_bounces"
        case softBounces = "soft_bounces"
        case humanOpens = "human_opens"
        case pendingReplyWindows = "pending_reply_windows"
    }

    private enum VariantKeys: String, CodingKey {
        case template, subject, message, offer
    }

    /// Encodes every key, with null for absent values; the variant as `{template, subject, message, offer}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(label, forKey: .label)
        if let variant {
            var ids = container.nestedContainer(keyedBy: VariantKeys.self, forKey: .variant)
            try ids.encode(variant.template, forKey: .template)
            try ids.encode(variant.choice.subject, forKey: .subject)
            try ids.encode(variant.choice.message, forKey: .message)
            try ids.encode(variant.choice.offer, forKey: .offer)
        } else {
            try container.encodeNil(forKey: .variant)
        }
        try container.encode(sent, forKey: .sent)
        try container.encode(hardBounces, forKey: .hardBounces)
        try container.encode(softBounces, forKey: .softBounces)
        try container.encode(delivered, forKey: .delivered)
        try container.encode(trackable, forKey: .trackable)
        try container.encode(humanOpens, forKey: .humanOpens)
        try container.encode(replies, forKey: .replies)
        try container.encode(pendingReplyWindows, forKey: .pendingReplyWindows)
        try container.encode(rates, forKey: .rates)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(warnings, forKey: .warnings)
    }

    /// Decodes a row.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(String.self, forKey: .label)
        if try container.decodeNil(forKey: .variant) {
            variant = nil
        } else {
            let ids = try container.nestedContainer(keyedBy: VariantKeys.self, forKey: .variant)
            variant = CampaignVariant(
                template: try ids.decode(String.self, forKey: .template),
                choice: PitchVariantChoice(
                    subject: try ids.decode(String.self, forKey: .subject),
                    message: try ids.decode(String.self, forKey: .message),
                    offer: try ids.decode(String.self, forKey: .offer)))
        }
        sent = try container.decode(Int.self, forKey: .sent)
        hardBounces = try container.decode(Int.self, forKey: .hardBounces)
        softBounces = try container.decode(Int.self, forKey: .softBounces)
        delivered = try container.decode(Int.self, forKey: .delivered)
        trackable = try container.decodeIfPresent(Int.self, forKey: .trackable)
        humanOpens = try container.decodeIfPresent(Int.self, forKey: .humanOpens)
        replies = try container.decode(ReplyCounts.self, forKey: .replies)
        pendingReplyWindows = try container.decode(Int.self, forKey: .pendingReplyWindows)
        rates = try container.decode(Rates.self, forKey: .rates)
        verdict = try container.decodeIfPresent(ReportVerdict.self, forKey: .verdict)
        warnings = try container.decode([String].self, forKey: .warnings)
    }
}
