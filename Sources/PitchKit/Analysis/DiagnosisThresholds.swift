/// The thresholds of the diagnosis (stats.md §4 defaults, for a first-touch step). Treat them as
/// priors: after about 1,000 delivered on the sender's own account, replace them with its own rates.
public struct DiagnosisThresholds: Sendable, Hashable, Codable {
    /// Fewer delivered than this per variant is "not enough data" (rule 0). Default 20.
    public var minimumDelivered: Int = 20
    /// Bounce rate probably above this blocks the diagnosis (rule 1). Default 5%.
    public var bounceHigh: Double = 0.05
    /// An observed bounce rate above this is flagged as a warning (without blocking). Default 3%.
    public var bounceWarning: Double = 0.03
    /// An untrackable (MPP) share above this is flagged: the open rate rests on few recipients. Default 45%.
    public var untrackableWarning: Double = 0.45
    /// Pooled raw open rate probably below this suggests spam placement (rule 1). Default 10%.
    public var rawOpenLow: Double = 0.10
    /// Human open rate probably below this blames the subject (rule 2). Default 20%.
    public var openLow: Double = 0.20
    /// Healthy human open rate. Default 30%.
    public var openHealthy: Double = 0.30
    /// Reply rate LOW line. Default 1%.
    public var replyLow: Double = 0.01
    /// Reply rate healthy line: below blames the body (rule 3), above is working (rule 6). Default 3%.
    public var replyHealthy: Double = 0.03
    /// Reply given open probably below this blames the body (rule 3). Default 3%.
    public var replyGivenOpenLow: Double = 0.03
    /// (negotiate + decline) share probably above this blames the offer (rule 4). Default 60%.
    public var objectionShareHigh: Double = 0.60
    /// Positive share LOW line, reported only (not a trigger). Default 15%.
    public var positiveShareLow: Double = 0.15
    /// Wrong-person share probably above this blames the audience (rule 5). Default 30%.
    public var wrongPersonShareHigh: Double = 0.30
    /// Reply-class shares are judged only from this many human replies. Default 5.
    public var minimumRepliesForShares: Int = 5
    /// "Nothing works" needs at least this many variants. Default 3.
    public var nothingWorksMinimumVariants: Int = 3
    /// Family-wise α for a valid claim between variants. Default 0.05.
    public var alpha: Double = 0.05
    /// P(best) at or above which the leader is "the better bet" (advice). Default 0.9.
    public var betterBetProbability: Double = 0.9
    /// Threshold of caring: the leader's expected loss must be below it to promote as the better
    /// bet. Default 0.5 percentage points (0.005).
    public var thresholdOfCaring: Double = 0.005
    /// Delivered per arm before a better bet may be promoted (stats.md §3.5). Default 100.
    public var minimumPerArmForBetterBet: Int = 100

    /// The defaults of stats.md §4.
    public init() {}

    /// The defaults of stats.md §4.
    public static let standard = DiagnosisThresholds()

    enum CodingKeys: String, CodingKey {
        case alpha
        case minimumDelivered = "minimum_delivered"
        case bounceHigh = "bounce_high"
        case bounceWarning = "bounce_warning"
        case untrackableWarning = "untrackable_warning"
        case rawOpenLow = "raw_open_low"
        case openLow = "open_low"
        case openHealthy = "open_healthy"
        case replyLow = "reply_low"
        case replyHealthy = "reply_healthy"
        case replyGivenOpenLow = "reply_given_open_low"
        case objectionShareHigh = "objection_share_high"
        case positiveShareLow = "positive_share_low"
        case wrongPersonShareHigh = "wrong_person_share_high"
        case minimumRepliesForShares = "minimum_replies_for_shares"
        case nothingWorksMinimumVariants = "nothing_works_minimum_variants"
        case betterBetProbability = "better_bet_probability"
        case thresholdOfCaring = "threshold_of_caring"
        case minimumPerArmForBetterBet = "minimum_per_arm_for_better_bet"
    }
}
