public import Foundation

/// A parsed `.pitch` template: YAML front matter between `---` lines, then a Mustache body.
///
/// ```
/// ---
/// id: glow-peer
/// brand: Dewdrop Skin
/// subjects:
///   - id: routine
///     text: "{{name}}, a Dewdrop kit for your evening routine?"
/// offers:
///   - id: fee-kit
///     text: a $350 fee plus our full barrier kit (worth $120)
/// ask: one 30–60 s TikTok within 14 days of the kit arriving, code GLOW15 in the caption
/// defaults:
///   name: there
/// signature: |
///   Maya Ortiz
///   Creator partnerships, Dewdrop Skin
/// ---
/// Hi {{name}}, … we'd like to offer {{offer}}. In return: {{ask}}. …
///
/// {{signature}}
/// ```
///
/// The body after the front matter is the message variant `main`; `messages` in the front matter adds
/// alternatives, so subject, message and offer can each be varied alone. `{{offer}}`, `{{ask}}`,
/// `{{signature}}` and `{{brand}}` render the template's own fields; every other variable is a
/// recipient column, with `defaults` as fallbacks. Every text is parsed once, here.
public struct PitchTemplate: Sendable {
    /// The template id (the `id` field, or the file name without `.pitch`).
    public let id: String
    /// The file path, as given when loading.
    public let file: String
    /// The brand name (`brand`), available as `{{brand}}`.
    public let brand: String?
    /// A one-line description (`description`).
    public let summary: String?
    /// Subject line variants, in file order.
    public let subjects: [PitchVariant]
    /// Message (body) variants, in file order.
    public let messages: [PitchVariant]
    /// Offer variants — what the brand gives — in file order.
    public let offers: [PitchVariant]
    /// What the creator is asked to do, by when.
    public let ask: PitchVariant?
    /// The sender signature, rendered by `{{signature}}`.
    public let signature: PitchVariant?
    /// Fallback values for variables a recipient may lack (names lowercased, values trimmed, never empty).
    public let defaults: [String: String]
    /// Extra recipient columns the template relies on (`columns`), beyond the standard ones.
    public let columns: [String]
    /// The body word limit (`word_limit`, default 150).
    public let wordLimit: Int

    /// The default word limit for a body: short pitches get answers.
    public static let defaultWordLimit = 150
    /// The id of the message variant written after the front matter.
    public static let mainMessageID = "main"
    /// The file extension of templates.
    public static let fileExtension = "pitch"

    /// Where each front matter key is written.
    let fieldLocations: [String: TemplateLocation]
    /// Where each default is written, keyed by lowercased name.
    let defaultLocations: [String: TemplateLocation]
    /// Front matter keys that the format does not know, with their positions.
    let unknownFields: [(key: String, location: TemplateLocation)]
    /// The first line of the file (line 1, column 1).
    var fileStart: TemplateLocation { TemplateLocation(file: file, line: 1, column: 1) }

    /// Every combination of subject, message and offer, in file order (subjects outermost).
    public var allChoices: [PitchVariantChoice] {
        subjects.flatMap { subject in
            messages.flatMap { message in
                offers.map { PitchVariantChoice(subject: subject.id, message: message.id, offer: $0.id) }
            }
        }
    }

    /// The first subject, message and offer; nil when a part is missing.
    public var defaultChoice: PitchVariantChoice? {
        guard let subject = subjects.first, let message = messages.first, let offer = offers.first else { return nil }
        return PitchVariantChoice(subject: subject.id, message: message.id, offer: offer.id)
    }

    /// Every text of the template with its role, in file order.
    var allTexts: [(role: TemplateTextRole, variant: PitchVariant)] {
        var texts: [(role: TemplateTextRole, variant: PitchVariant)] = []
        texts += subjects.map { (.subject, $0) }
        texts += offers.map { (.offer, $0) }
        if let ask { texts.append((.ask, ask)) }
        if let signature { texts.append((.signature, signature)) }
        texts += messages.map { (.message, $0) }
        return texts.sorted { $0.variant.location < $1.variant.location }
    }

    /// Loads and parses a template file.
    ///
    /// - Parameters:
    ///   - url: The file to read.
    ///   - displayPath: The path shown in errors and lint messages; defaults to `url.path`.
    /// - Throws: ``TemplateError`` when the file cannot be read or does not parse.
    public static func load(contentsOf url: URL, displayPath: String? = nil) throws -> PitchTemplate {
        let path = displayPath ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TemplateError(
                .unreadableFile, at: nil, file: path,
                "cannot read the template file (\(Self.reason(error))); check the path and permissions")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw TemplateError(.unreadableFile, at: nil, file: path, "the template is not valid UTF-8; save it as UTF-8")
        }
        return try parse(text, file: path)
    }

    /// Parses template text.
    ///
    /// - Parameters:
    ///   - source: The whole `.pitch` file.
    ///   - file: The path used in errors and lint messages.
    /// - Throws: ``TemplateError`` with the file and line of the first syntax or field error.
    public static func parse(_ source: String, file: String) throws -> PitchTemplate {
        var parser = FrontMatterParser(source: source, file: file)
        return try parser.parse()
    }

    init(
        id: String, file: String, brand: String?, summary: String?, subjects: [PitchVariant],
        messages: [PitchVariant], offers: [PitchVariant], ask: PitchVariant?, signature: PitchVariant?,
        defaults: [String: String], columns: [String], wordLimit: Int, fieldLocations: [String: TemplateLocation],
        defaultLocations: [String: TemplateLocation], unknownFields: [(key: String, location: TemplateLocation)]
    ) {
        self.id = id
        self.file = file
        self.brand = brand
        self.summary = summary
        self.subjects = subjects
        self.messages = messages
        self.offers = offers
        self.ask = ask
        self.signature = signature
        self.defaults = defaults
        self.columns = columns
        self.wordLimit = wordLimit
        self.fieldLocations = fieldLocations
        self.defaultLocations = defaultLocations
        self.unknownFields = unknownFields
    }

    /// True when `id` is a valid template or variant id: ASCII letters, digits, '-', '_' or '.', starting
    /// with a letter or digit.
    public static func isValidID(_ id: String) -> Bool { FrontMatterParser.isIdentifier(id) }

    /// The subject variant with this id.
    public func subject(id: String) -> PitchVariant? { subjects.first { $0.id == id } }
    /// The message variant with this id.
    public func message(id: String) -> PitchVariant? { messages.first { $0.id == id } }
    /// The offer variant with this id.
    public func offer(id: String) -> PitchVariant? { offers.first { $0.id == id } }

    static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
            let posix = POSIXErrorCode(rawValue: Int32(underlying.code)), underlying.domain == NSPOSIXErrorDomain
        {
            return String(cString: strerror(posix.rawValue)).lowercased()
        }
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return ns.localizedDescription
    }
}
