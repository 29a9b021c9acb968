/// One alternative of a template part — a subject line, a message body or an offer — with its id and
/// where its text starts in the file.
///
/// The text is Mustache, parsed once when the template is loaded.
public struct PitchVariant: Sendable, Equatable, Identifiable {
    /// The variant id, unique within its part (`subjects`, `messages` or `offers`).
    public let id: String
    /// The Mustache text as written (trailing whitespace removed).
    public let text: String
    /// Where the text starts in the template file.
    public var location: TemplateLocation { compiled.origin.start }

    let compiled: CompiledText
    /// Where the variant's `id` (or the part's key) is written, for lint messages.
    let idLocation: TemplateLocation

    init(id: String, compiled: CompiledText, idLocation: TemplateLocation) {
        self.id = id
        self.text = compiled.source
        self.compiled = compiled
        self.idLocation = idLocation
    }

    /// Two variants are equal when their ids, texts and positions are.
    public static func == (lhs: PitchVariant, rhs: PitchVariant) -> Bool {
        lhs.id == rhs.id && lhs.text == rhs.text && lhs.location == rhs.location
    }
}
