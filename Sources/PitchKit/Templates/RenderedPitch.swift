/// A pitch rendered for one recipient: exactly the subject and body text that will be sent.
public struct RenderedPitch: Sendable, Hashable, Codable {
    /// The template's id.
    public let templateID: String
    /// The variants used.
    public let choice: PitchVariantChoice
    /// The subject line, on one line (line breaks in recipient values become spaces).
    public let subject: String
    /// The plain-text body, without a trailing newline.
    public let body: String

    /// Creates a rendered pitch.
    public init(templateID: String, choice: PitchVariantChoice, subject: String, body: String) {
        self.templateID = templateID
        self.choice = choice
        self.subject = subject
        self.body = body
    }
}
