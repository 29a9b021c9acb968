/// The rates of one funnel, each with 95% and 80% Wilson intervals (stats.md §2.3, §3.1).
///
/// Denominators: bounces per sent; raw opens and replies per delivered; human opens per trackable
/// (MPP recipients removed from both sides); reply given open per human open; reply-class shares
/// per human reply. Open rates are nil with open tracking off; shares are nil without replies.
public struct FunnelRates: Sendable, Hashable, Codable {
    /// Bounced / sent.
    public let bounce: RateEstimate
    /// Delivered recipients with any pixel hit / delivered (deliverability signal only).
    public let rawOpen: RateEstimate?
    /// Human opens / trackable.
    public let open: RateEstimate?
    /// Human replies / delivered: the primary metric.
    public let reply: RateEstimate
    /// Positive replies / delivered.
    public let positive: RateEstimate
    /// Trackable repliers / human opens.
    public let replyGivenOpen: RateEstimate?
    /// (negotiate + decline) / human replies.
    public let objectionShare: RateEstimate?
    /// positive / human replies.
    public let positiveShare: RateEstimate?
    /// wrong_person / human replies.
    public let wrongPersonShare: RateEstimate?
    /// Share of delivered recipients whose opens cannot be measured (MPP); nil without tracking or
    /// deliveries. Shown next to the open rate because it shrinks n.
    public let untrackableShare: Double?

    /// The rates of `funnel`.
    public init(_ funnel: VariantFunnel) {
        let delivered = funnel.delivered
        let replies = funnel.replies
        bounce = RateEstimate(successes: funnel.bounced, trials: funnel.sent)
        rawOpen = funnel.rawOpens.map { RateEstimate(successes: $0, trials: delivered) }
        if let trackable = funnel.trackable, let opens = funnel.humanOpens {
            open = RateEstimate(successes: opens, trials: trackable)
            untrackableShare = delivered > 0 ? Double(delivered - trackable) / Double(delivered) : nil
        } else {
            open = nil
            untrackableShare = nil
        }
        reply = RateEstimate(successes: replies.total, trials: delivered)
        positive = RateEstimate(successes: replies.positive, trials: delivered)
        if let repliers = funnel.trackableReplies, let opens = funnel.humanOpens, opens > 0 {
            replyGivenOpen = RateEstimate(successes: repliers, trials: opens)
        } else {
            replyGivenOpen = nil
        }
        if replies.total > 0 {
            objectionShare = RateEstimate(successes: replies.objections, trials: replies.total)
            positiveShare = RateEstimate(successes: replies.positive, trials: replies.total)
            wrongPersonShare = RateEstimate(successes: replies.wrongPerson, trials: replies.total)
        } else {
            objectionShare = nil
            positiveShare = nil
            wrongPersonShare = nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case bounce, open, reply, positive
        case rawOpen = "raw_open"
        case replyGivenOpen = "reply_given_open"
        case objectionShare = "objection_share"
        case positiveShare = "positive_share"
        case wrongPersonShare = "wrong_person_share"
        case untrackableShare = "untrackable_share"
    }
}
