/// Which variant of a stage to promote, and on what grounds (stats.md §3.5, §3.7, §3.10).
///
/// A *valid claim* is a frequentist statement that controls false positives (Fisher at one planned
/// look, or the conditional e-process when the stage was looked at after every batch; Holm across
/// arms). A *better bet* is Bayesian decision support: the leader's P(best) is high and the expected
/// loss of choosing it is below the threshold of caring. A better bet is never called significant.
public struct PromotionDecision: Sendable, Hashable, Codable {
    /// The grounds of the decision.
    public enum Kind: String, Sendable, Hashable, Codable, CustomStringConvertible {
        /// A proven difference: the leader beats every other arm at family-wise α.
        case validClaim = "valid_claim"
        /// Not proven, but the leader is the better bet and the risk of choosing it is small.
        case betterBet = "better_bet"
        /// Keep testing.
        case undecided

        /// The snake_case name.
        public var description: String { rawValue }
    }

    /// The grounds.
    public let kind: Kind
    /// The variant to promote; nil when undecided.
    public let winner: String?
    /// The current leader (highest P(best)), also when undecided.
    public let leader: String?
    /// More sends per arm that would settle the comparison at the observed rates
    /// (`1.8 × n_fixed − n_now`, stats.md §3.6); nil when decided or when the rates are equal.
    public let sendsToSettle: Int?
    /// The decision in plain words.
    public let reason: String

    /// Creates a decision.
    public init(kind: Kind, winner: String?, leader: String?, sendsToSettle: Int?, reason: String) {
        self.kind = kind
        self.winner = winner
        self.leader = leader
        self.sendsToSettle = sendsToSettle
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case kind, winner, leader, reason
        case sendsToSettle = "sends_to_settle"
    }

    /// Encodes every key, with null for absent values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(winner, forKey: .winner)
        try container.encode(leader, forKey: .leader)
        try container.encode(sendsToSettle, forKey: .sendsToSettle)
        try container.encode(reason, forKey: .reason)
    }
}
