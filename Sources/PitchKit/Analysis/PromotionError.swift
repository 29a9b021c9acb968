/// Why a stage cannot be promoted; one sentence saying what is wrong and what to do.
public struct PromotionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public let problem: String
    /// What to do.
    public let fix: String

    /// Creates an error.
    public init(_ problem: String, fix: String) {
        self.problem = problem
        self.fix = fix
    }

    public var description: String { "\(problem.prefix(1).uppercased() + problem.dropFirst()); \(fix)." }
}

extension PitchVariantChoice {
    /// The id of one part: the subject, message or offer variant.
    public subscript(dimension: StageDimension) -> String {
        switch dimension {
        case .subject: subject
        case .message: message
        case .offer: offer
        }
    }
}
