/// An error from loading, parsing or rendering a pitch template.
///
/// `description` is one sentence that names the file and line (when there is one), what is wrong and
/// what to do, for example:
///
/// ```
/// Templates/glow.pitch:14:4: template 'glow' needs {{handle}} but recipient row 7 has no value for it and there is no default; fill in the handle column for that row or add handle to defaults.
/// ```
///
/// Compare errors by ``kind`` (`error.kind == .missingVariable`); new kinds may be added without
/// breaking callers. Recipient addresses never appear in the text: rows are named by number.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``TemplateError`` (the kinds are in the extension below).
    public typealias Kind = ErrorKind<TemplateError>

    /// The category of this error.
    public let kind: Kind
    /// Where in the template file the problem is, when it is tied to a place.
    public let location: TemplateLocation?
    /// The file the error is about when there is no precise location.
    public let file: String?
    /// What is wrong and what to do, without the location prefix.
    public let message: String
    /// The template id, for render errors.
    public let templateID: String?
    /// The variable name, for ``Kind/missingVariable``.
    public let variable: String?
    /// The recipient row number, for ``Kind/missingVariable``.
    public let row: Int?

    init(
        _ kind: Kind, at location: TemplateLocation?, file: String? = nil, _ message: String,
        templateID: String? = nil, variable: String? = nil, row: Int? = nil
    ) {
        self.kind = kind
        self.location = location
        self.file = file ?? location?.file
        self.message = message
        self.templateID = templateID
        self.variable = variable
        self.row = row
    }

    /// One sentence: `file:line:column: what is wrong; what to do.`
    public var description: String {
        if let location {
            return "\(location): \(message)"
        }
        if let file {
            return "\(file): \(message)"
        }
        return message
    }

    /// The kind alone, with no values: safe for metric labels and logs.
    public var shortDescription: String { "TemplateError.\(kind)" }
}

extension ErrorKind where Owner == TemplateError {
    /// The file could not be read or is not UTF-8.
    public static var unreadableFile: Self { Self("unreadableFile") }
    /// The `---` front matter delimiters are missing or misplaced.
    public static var missingFrontMatter: Self { Self("missingFrontMatter") }
    /// The YAML front matter does not parse.
    public static var yamlSyntax: Self { Self("yamlSyntax") }
    /// A Mustache text (subject, body, offer, ask, signature) does not parse.
    public static var mustacheSyntax: Self { Self("mustacheSyntax") }
    /// A front matter field has the wrong type or an invalid value.
    public static var invalidField: Self { Self("invalidField") }
    /// The template lacks a part that rendering needs (a subject, a message, an offer, the ask).
    public static var incompleteTemplate: Self { Self("incompleteTemplate") }
    /// A requested subject, message or offer id does not exist.
    public static var unknownVariant: Self { Self("unknownVariant") }
    /// A recipient row has no value (or an empty one) for a variable that has no default.
    public static var missingVariable: Self { Self("missingVariable") }
}
