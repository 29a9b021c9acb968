/// The class of one human reply (stats.md §5.1). Auto-replies are excluded before counting.
public enum ReplyClass: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Interested: asks for a call or details, or refers onward with intent.
    case positive
    /// An objection on price, terms, scope or timing, or a counter-offer.
    case negotiate
    /// Not interested, no budget, remove me (unsubscribe requests count here).
    case decline
    /// Not my area, talk to someone else, not relevant to my role.
    case wrongPerson = "wrong_person"
    /// Anything else a human wrote.
    case other

    /// The snake_case name used in JSON.
    public var description: String { rawValue }
}

/// Human repliers of one variant, by reply class: each recipient counted once, under one class.
public struct ReplyCounts: Sendable, Hashable, Codable {
    /// Interested replies.
    public var positive: Int
    /// Price, terms, scope or timing objections.
    public var negotiate: Int
    /// Refusals.
    public var decline: Int
    /// "Not the right person" replies.
    public var wrongPerson: Int
    /// Other human replies.
    public var other: Int

    /// Creates counts; every count defaults to 0.
    public init(positive: Int = 0, negotiate: Int = 0, decline: Int = 0, wrongPerson: Int = 0, other: Int = 0) {
        self.positive = positive
        self.negotiate = negotiate
        self.decline = decline
        self.wrongPerson = wrongPerson
        self.other = other
    }

    /// All human replies.
    public var total: Int { positive + negotiate + decline + wrongPerson + other }

    /// Replies that say no: negotiate + decline.
    public var objections: Int { negotiate + decline }

    /// The count of one class.
    public subscript(replyClass: ReplyClass) -> Int {
        switch replyClass {
        case .positive: positive
        case .negotiate: negotiate
        case .decline: decline
        case .wrongPerson: wrongPerson
        case .other: other
        }
    }

    /// The sum of two sets of counts (pooling variants).
    public static func + (lhs: ReplyCounts, rhs: ReplyCounts) -> ReplyCounts {
        ReplyCounts(
            positive: lhs.positive + rhs.positive, negotiate: lhs.negotiate + rhs.negotiate,
            decline: lhs.decline + rhs.decline, wrongPerson: lhs.wrongPerson + rhs.wrongPerson,
            other: lhs.other + rhs.other)
    }

    enum CodingKeys: String, CodingKey {
        case positive, negotiate, decline, other
        case wrongPerson = "wrong_person"
    }
}
