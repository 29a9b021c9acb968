/// How much a lint finding matters: errors fail `template lint` (exit 1) and block a send; warnings inform.
public enum LintSeverity: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The pitch is broken or breaks a rule of good outreach; fix it before sending.
    case error
    /// The pitch will go out but probably does worse; worth a look.
    case warning

    /// `error` or `warning`.
    public var description: String { rawValue }
}

/// A pitch lint rule: a stable id (used in `--json` output and tests), a severity and a one-line summary.
///
/// The ids never change once released; new rules get new ids. ``all`` lists every rule in a fixed order.
public struct LintRule: Sendable, Hashable, Identifiable, CustomStringConvertible {
    /// The stable id, e.g. `word-limit`.
    public let id: String
    /// How much a finding of this rule matters.
    public let severity: LintSeverity
    /// What the rule checks, in a few words.
    public let summary: String

    private init(_ id: String, _ severity: LintSeverity, _ summary: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
    }

    /// The id.
    public var description: String { id }

    /// The file does not parse: front matter delimiters, YAML, Mustache or a field of the wrong type.
    public static let syntax = LintRule("syntax", .error, "the template parses")
    /// A message body is longer than the word limit.
    public static let wordLimit = LintRule("word-limit", .error, "short pitch: body within the word limit")
    /// There is no subject variant.
    public static let missingSubject = LintRule("missing-subject", .error, "at least one subject")
    /// There is no message body.
    public static let missingBody = LintRule("missing-body", .error, "at least one message body")
    /// There is no offer variant.
    public static let missingOffer = LintRule("missing-offer", .error, "an offer: what the brand gives")
    /// There is no ask.
    public static let missingAsk = LintRule("missing-ask", .error, "an ask: what the creator does, by when")
    /// An offer has no amount, percentage or quantity.
    public static let vagueOffer = LintRule("vague-offer", .error, "the offer names a concrete amount")
    /// The ask has no deliverable or no deadline.
    public static let vagueAsk = LintRule("vague-ask", .error, "the ask names a deliverable and a deadline")
    /// A message body does not render `{{offer}}`.
    public static let offerNotInBody = LintRule("offer-not-in-body", .error, "the body says the offer")
    /// A message body does not render `{{ask}}`.
    public static let askNotInBody = LintRule("ask-not-in-body", .error, "the body says the ask")
    /// Attachments, decks, PDFs or document links in a first pitch.
    public static let attachment = LintRule("attachment", .error, "no attachments, decks or document links in a first pitch")
    /// A subject longer than 60 characters.
    public static let subjectLength = LintRule("subject-length", .warning, "subject of 60 characters or fewer")
    /// A subject in capitals or with "!!".
    public static let subjectShouting = LintRule("subject-shouting", .warning, "subject without capitals or '!!'")
    /// A subject with spam trigger words.
    public static let subjectSpamWords = LintRule("subject-spam-words", .warning, "subject without spam trigger words")
    /// A variable that is neither a known recipient column nor a default.
    public static let unknownVariable = LintRule("unknown-variable", .error, "every variable is a known column or has a default")
    /// A default that no text uses.
    public static let unusedDefault = LintRule("unused-default", .warning, "every default is used")
    /// Neither subject nor body uses the recipient's name, handle or a declared column.
    public static let noPersonalisation = LintRule("no-personalisation", .warning, "the pitch is personalised")
    /// A body without `{{signature}}` or a sign-off.
    public static let missingSignature = LintRule("missing-signature", .warning, "the body ends with a sender signature")
    /// A front matter field the format does not know (often a typo).
    public static let unknownField = LintRule("unknown-field", .warning, "front matter fields are known ones")

    /// Two template files of one folder share an id (checked across files, by ``TemplateCatalog``).
    public static let duplicateID = LintRule("duplicate-id", .error, "each template id names one file")

    /// The rules checked across the files of a folder rather than within one file.
    public static let catalogRules: [LintRule] = [.duplicateID]

    /// Every rule checked within one file, in a fixed order.
    public static let all: [LintRule] = [
        .syntax, .wordLimit, .missingSubject, .missingBody, .missingOffer, .missingAsk, .vagueOffer, .vagueAsk,
        .offerNotInBody, .askNotInBody, .attachment, .subjectLength, .subjectShouting, .subjectSpamWords,
        .unknownVariable, .unusedDefault, .noPersonalisation, .missingSignature, .unknownField,
    ]

    /// The rule with this id.
    public static func rule(id: String) -> LintRule? { (all + catalogRules).first { $0.id == id } }
}
