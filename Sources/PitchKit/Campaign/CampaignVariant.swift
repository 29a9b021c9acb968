/// One arm of a campaign: a template and its subject, message and offer ids.
public struct CampaignVariant: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The template id.
    public var template: String
    /// The subject, message and offer ids.
    public var choice: PitchVariantChoice

    /// Creates a variant.
    public init(template: String, choice: PitchVariantChoice) {
        self.template = template
        self.choice = choice
    }

    /// A stable key for storage and JSON: `template/subject/message/offer`.
    public var key: String { "\(template)/\(choice.subject)/\(choice.message)/\(choice.offer)" }

    /// The id of one part of the pitch.
    public subscript(dimension: StageDimension) -> String {
        switch dimension {
        case .subject: choice.subject
        case .message: choice.message
        case .offer: choice.offer
        }
    }

    /// `template/subject/message/offer`.
    public var description: String { key }

    /// Orders by ``key``.
    public static func < (lhs: CampaignVariant, rhs: CampaignVariant) -> Bool { lhs.key < rhs.key }
}
