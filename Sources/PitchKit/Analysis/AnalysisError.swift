/// Counts handed to the analyser that cannot describe a real funnel (e.g. more opens than trackable
/// recipients). Names the variant and the field, and says what is wrong.
public struct AnalysisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The variant label.
    public let variant: String
    /// The offending field, e.g. `human_opens`.
    public let field: String
    /// What is wrong, as a sentence fragment.
    public let reason: String

    /// Creates an error.
    public init(variant: String, field: String, reason: String) {
        self.variant = variant
        self.field = field
        self.reason = reason
    }

    /// "Invalid funnel for variant A: human_opens (12) exceeds trackable (10)."
    public var description: String { "Invalid funnel for variant \(variant): \(field) \(reason)." }
}
