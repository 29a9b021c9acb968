/// Which subject, message and offer variant to render: the unit an A/B test assigns to a recipient.
///
/// Subject, message and offer vary independently, so a test can tell which of the three moved the
/// open or reply rate.
public struct PitchVariantChoice: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The subject variant id.
    public var subject: String
    /// The message (body) variant id.
    public var message: String
    /// The offer variant id.
    public var offer: String

    /// Creates a choice from the three variant ids.
    public init(subject: String, message: String, offer: String) {
        self.subject = subject
        self.message = message
        self.offer = offer
    }

    /// `subject=a message=main offer=fee`.
    public var description: String { "subject=\(subject) message=\(message) offer=\(offer)" }
}
