/// The counts of one variant in one batch or stage: the input of the rates and the diagnosis.
///
/// Every count is of recipients, each counted once (stats.md §0): `sent` handed to the relay,
/// hard and soft bounces, and of the delivered ones: `trackable` (opens measurable, i.e. not an
/// Apple MPP recipient, §2.3), `humanOpens` among the trackable, `rawOpens` (any pixel hit, machine
/// ones included), human replies by class (auto-replies excluded) and `trackableReplies`, the
/// repliers among the trackable (a reply proves an open). Open counts are nil when open tracking is
/// off (§5.4). Replies are counted within a fixed window from delivery (``ReplyWindow``);
/// `pendingReplyWindows` delivered recipients are still inside it, and the funnel is mature when
/// none are.
///
/// ```swift
/// let b = try VariantFunnel(label: "B", sent: 40, trackable: 30, humanOpens: 12,
///                           replies: ReplyCounts(positive: 1, decline: 1))
/// ```
public struct VariantFunnel: Sendable, Hashable, Codable {
    /// The variant's name in messages, e.g. "A" or a variant key.
    public let label: String
    /// The variant's subject, message and offer ids, when known (needed for "nothing works").
    public let variant: CampaignVariant?
    /// Recipients the relay accepted a message for.
    public let sent: Int
    /// Permanent bounces (5.x.x DSNs, rejected recipients).
    public let hardBounces: Int
    /// Transient bounces that never turned into a delivery.
    public let softBounces: Int
    /// Delivered recipients whose opens can be measured (not MPP); nil when open tracking is off.
    public let trackable: Int?
    /// Trackable recipients with a human open (a human click or reply counts as an open).
    public let humanOpens: Int?
    /// Delivered recipients with any pixel hit, machine opens included (deliverability signal only).
    public let rawOpens: Int?
    /// Human repliers among the trackable recipients (numerator of reply-given-open).
    public let trackableReplies: Int?
    /// Human repliers by class.
    public let replies: ReplyCounts
    /// Delivered recipients whose reply window is still open at the time of analysis.
    public let pendingReplyWindows: Int
    /// The reply window the counts use.
    public let replyWindow: ReplyWindow

    /// Creates and checks a funnel.
    ///
    /// - Throws: ``AnalysisError`` when the counts are inconsistent: negative counts, more bounces
    ///   than sends, opens without trackable recipients (or the reverse), more opens than trackable,
    ///   more replies than delivered, more trackable replies than human opens or replies.
    public init(
        label: String, variant: CampaignVariant? = nil, sent: Int, hardBounces: Int = 0, softBounces: Int = 0,
        trackable: Int? = nil, humanOpens: Int? = nil, rawOpens: Int? = nil, trackableReplies: Int? = nil,
        replies: ReplyCounts = ReplyCounts(), pendingReplyWindows: Int = 0, replyWindow: ReplyWindow = .standard
    ) throws(AnalysisError) {
        self.init(
            uncheckedLabel: label, variant: variant, sent: sent, hardBounces: hardBounces, softBounces: softBounces,
            trackable: trackable, humanOpens: humanOpens, rawOpens: rawOpens, trackableReplies: trackableReplies,
            replies: replies, pendingReplyWindows: pendingReplyWindows, replyWindow: replyWindow)
        try validate()
    }

    /// Hard plus soft bounces.
    public var bounced: Int { hardBounces + softBounces }
    /// Sent minus bounced: the denominator of reply rates.
    public var delivered: Int { sent - bounced }
    /// True when every delivered recipient's reply window has closed.
    public var isMature: Bool { pendingReplyWindows == 0 }
    /// True when opens are measured for this funnel.
    public var isOpenTracked: Bool { trackable != nil }

    /// Sums funnels (e.g. all variants of a stage) under a new label. Optional counts stay only
    /// when every funnel has them.
    public static func pooled(_ funnels: [VariantFunnel], label: String) -> VariantFunnel {
        func sum(_ path: KeyPath<VariantFunnel, Int?>) -> Int? {
            funnels.reduce(Optional(0)) { total, funnel in
                guard let total, let value = funnel[keyPath: path] else { return nil }
                return total + value
            }
        }
        let anyEmpty = funnels.isEmpty
        return VariantFunnel(
            uncheckedLabel: label, variant: nil,
            sent: funnels.reduce(0) { $0 + $1.sent },
            hardBounces: funnels.reduce(0) { $0 + $1.hardBounces },
            softBounces: funnels.reduce(0) { $0 + $1.softBounces },
            trackable: anyEmpty ? nil : sum(\.trackable),
            humanOpens: anyEmpty ? nil : sum(\.humanOpens),
            rawOpens: anyEmpty ? nil : sum(\.rawOpens),
            trackableReplies: anyEmpty ? nil : sum(\.trackableReplies),
            replies: funnels.reduce(ReplyCounts()) { $0 + $1.replies },
            pendingReplyWindows: funnels.reduce(0) { $0 + $1.pendingReplyWindows },
            replyWindow: funnels.first?.replyWindow ?? .standard)
    }

    /// A funnel from counts already known to be consistent (sums of checked funnels).
    init(
        uncheckedLabel label: String, variant: CampaignVariant?, sent: Int, hardBounces: Int, softBounces: Int,
        trackable: Int?, humanOpens: Int?, rawOpens: Int?, trackableReplies: Int?, replies: ReplyCounts,
        pendingReplyWindows: Int, replyWindow: ReplyWindow
    ) {
        self.label = label
        self.variant = variant
        self.sent = sent
        self.hardBounces = hardBounces
        self.softBounces = softBounces
        self.trackable = trackable
        self.humanOpens = humanOpens
        self.rawOpens = rawOpens
        self.trackableReplies = trackableReplies
        self.replies = replies
        self.pendingReplyWindows = pendingReplyWindows
        self.replyWindow = replyWindow
    }

    /// Decodes and checks a funnel.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            label: container.decode(String.self, forKey: .label),
            variant: container.decodeIfPresent(CampaignVariant.self, forKey: .variant),
            sent: container.decode(Int.self, forKey: .sent),
            hardBounces: container.decodeIfPresent(Int.self, forKey: .hardBounces) ?? 0,
            softBounces: container.decodeIfPresent(Int.self, forKey: .softBounces) ?? 0,
            trackable: container.decodeIfPresent(Int.self, forKey: .trackable),
            humanOpens: container.decodeIfPresent(Int.self, forKey: .humanOpens),
            rawOpens: container.decodeIfPresent(Int.self, forKey: .rawOpens),
            trackableReplies: container.decodeIfPresent(Int.self, forKey: .trackableReplies),
            replies: container.decodeIfPresent(ReplyCounts.self, forKey: .replies) ?? ReplyCounts(),
            pendingReplyWindows: container.decodeIfPresent(Int.self, forKey: .pendingReplyWindows) ?? 0,
            replyWindow: container.decodeIfPresent(ReplyWindow.self, forKey: .replyWindow) ?? .standard)
    }

    enum CodingKeys: String, CodingKey {
        case label, variant, sent, trackable, replies
        case hardBounces = "hard_bounces"
        case softBounces = "soft_bounces"
        case humanOpens = "human_opens"
        case rawOpens = "raw_opens"
        case trackableReplies = "trackable_replies"
        case pendingReplyWindows = "pending_reply_windows"
        case replyWindow = "reply_window"
    }

    private func validate() throws(AnalysisError) {
        func fail(_ field: String, _ reason: String) -> AnalysisError {
            AnalysisError(variant: label, field: field, reason: reason)
        }
        let counts: [(String, Int?)] = [
            ("sent", sent), ("hard_bounces", hardBounces), ("soft_bounces", softBounces),
            ("trackable", trackable), ("human_opens", humanOpens), ("raw_opens", rawOpens),
            ("trackable_replies", trackableReplies), ("replies.positive", replies.positive),
            ("replies.negotiate", replies.negotiate), ("replies.decline", replies.decline),
            ("replies.wrong_person", replies.wrongPerson), ("replies.other", replies.other),
            ("pending_reply_windows", pendingReplyWindows),
        ]
        for (name, value) in counts {
            if let value, value < 0 { throw fail(name, "is negative (\(value))") }
        }
        guard bounced <= sent else { throw fail("bounces", "(\(bounced)) exceed sent (\(sent))") }
        guard (trackable == nil) == (humanOpens == nil) else {
            throw fail(
                trackable == nil ? "human_opens" : "trackable",
                "must be given together with \(trackable == nil ? "trackable" : "human_opens") (both nil when open tracking is off)")
        }
        if let trackable, trackable > delivered {
            throw fail("trackable", "(\(trackable)) exceeds delivered (\(delivered))")
        }
        if let humanOpens, let trackable, humanOpens > trackable {
            throw fail("human_opens", "(\(humanOpens)) exceeds trackable (\(trackable))")
        }
        if let rawOpens, rawOpens > delivered {
            throw fail("raw_opens", "(\(rawOpens)) exceeds delivered (\(delivered))")
        }
        guard replies.total <= delivered else {
            throw fail("replies", "(\(replies.total)) exceed delivered (\(delivered))")
        }
        if let trackableReplies {
            guard let humanOpens else {
                throw fail("trackable_replies", "needs open tracking (trackable and human_opens)")
            }
            guard trackableReplies <= humanOpens, trackableReplies <= replies.total else {
                throw fail("trackable_replies", "(\(trackableReplies)) exceeds human_opens or replies (a reply counts as an open)")
            }
        }
        guard pendingReplyWindows <= max(delivered, 0) else {
            throw fail("pending_reply_windows", "(\(pendingReplyWindows)) exceeds delivered (\(delivered))")
        }
    }
}
