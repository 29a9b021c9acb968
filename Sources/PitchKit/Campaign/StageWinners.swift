/// The winning ids of earlier stages, as named by the user (later: by the analyser).
public struct StageWinners: Sendable, Hashable {
    /// The winning subject id.
    public var subject: String?
    /// The winning message id.
    public var message: String?
    /// The winning offer id.
    public var offer: String?

    /// Winners by part; nil where not decided yet.
    public init(subject: String? = nil, message: String? = nil, offer: String? = nil) {
        self.subject = subject
        self.message = message
        self.offer = offer
    }

    /// The winner of one part.
    public subscript(dimension: StageDimension) -> String? {
        get {
            switch dimension {
            case .subject: subject
            case .message: message
            case .offer: offer
            }
        }
        set {
            switch dimension {
            case .subject: subject = newValue
            case .message: message = newValue
            case .offer: offer = newValue
            }
        }
    }
}
