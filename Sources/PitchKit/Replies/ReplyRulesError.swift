/// A reply rules file that cannot be used; `description` is one sentence naming the file, the
/// line and the field, what is wrong and what to do, for example:
///
/// ```
/// reply-rules.yaml:12:12: rules[2].class 'postive' is not a reply class (did you mean positive?); use one of positive, negotiate, decline, wrong_person, unsubscribe.
/// ```
///
/// Compare errors by ``kind``; new kinds may be added without breaking callers.
public struct ReplyRulesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``ReplyRulesError``, usable as a metric or log label.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file could not be read or is not UTF-8.
        public static let unreadableFile = Kind("unreadableFile")
        /// The file could not be written (scaffolding).
        public static let unwritableFile = Kind("unwritableFile")
        /// The YAML does not parse.
        public static let yamlSyntax = Kind("yamlSyntax")
        /// A key the format does not know.
        public static let unknownKey = Kind("unknownKey")
        /// A required field is missing.
        public static let missingField = Kind("missingField")
        /// A field has the wrong type or an invalid value (including a regex that does not compile).
        public static let invalidField = Kind("invalidField")

        /// The kind's name, e.g. `invalidField`.
        public var description: String { name }
    }

    /// The category of this error.
    public let kind: Kind
    /// The rules file, as given when loading.
    public let file: String
    /// 1-based line, when the error is tied to a place in the file.
    public let line: Int?
    /// 1-based column, when the error is tied to a place in the file.
    public let column: Int?
    /// The field path, e.g. `rules[2].class`.
    public let field: String?
    /// What is wrong and what to do, without the location prefix.
    public let message: String

    init(_ kind: Kind, file: String, line: Int?, column: Int?, field: String?, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// One sentence: `file:line:column: what is wrong; what to do.`
    public var description: String {
        var prefix = file
        if let line {
            prefix += ":\(line)"
            if let column { prefix += ":\(column)" }
        }
        return "\(prefix): \(message)"
    }

    /// The kind alone, with no values: safe for metric labels and logs.
    public var shortDescription: String { "ReplyRulesError.\(kind)" }
}
