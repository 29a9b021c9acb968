/// One reason a stage cannot be planned as it is: a recipient whose pitch would not render or compose.
///
/// Names the recipient by its store id (`pitchlab recipients list --json` shows ids) and the field,
/// never by its address.
public struct PlanProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The recipient's id in the workspace store.
    public let recipientID: Int64
    /// The variable, header or column at fault (`handle`, `Subject`, `email`…).
    public let field: String
    /// The variant key that showed the problem, when it depends on the variant.
    public let variant: String?
    /// What is wrong and what to do.
    public let reason: String

    /// Creates a problem.
    public init(recipientID: Int64, field: String, variant: String?, reason: String) {
        self.recipientID = recipientID
        self.field = field
        self.variant = variant
        self.reason = reason
    }

    /// `recipient 7, handle: has no value for {{handle}} …`
    public var description: String { "recipient \(recipientID), \(field): \(reason)" }

    enum CodingKeys: String, CodingKey {
        case field, variant, reason
        case recipientID = "recipient_id"
    }

    /// Encodes every key, `variant` as null when absent.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(recipientID, forKey: .recipientID)
        try container.encode(field, forKey: .field)
        try container.encode(variant, forKey: .variant)
        try container.encode(reason, forKey: .reason)
    }
}
