/// A reply rules file that cannot be used; `description` is one sentence naming the file, the
/// line and the field, what is wrong and what to do, for example:
///
/// ```
/// reply-rules.yaml:12:12: rules[2].class 'postive' is not a reply class (did you mean positive?); use one of positive, negotiate, decline, wrong_person, unsubscribe.
/// ```
///
/// Compare errors by ``kind``; new kinds may be added without breaking callers.
public struct ReplyRulesError: FileError {
    /// The category of a ``ReplyRulesError`` (see the extension below for the kinds).
    public typealias Kind = ErrorKind<ReplyRulesError>

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
}

extension ErrorKind where Owner == ReplyRulesError {
    /// The file could not be read or is not UTF-8.
    public static var unreadableFile: Self { Self("unreadableFile") }
    /// The file could not be written (scaffolding).
    public static var unwritableFile: Self { Self("unwritableFile") }
    /// The YAML does not parse.
    public static var yamlSyntax: Self { Self("yamlSyntax") }
    /// A key the format does not know.
    public static var unknownKey: Self { Self("unknownKey") }
    /// A required field is missing.
    public static var missingField: Self { Self("missingField") }
    /// A field has the wrong type or an invalid value (including a regex that does not compile).
    public static var invalidField: Self { Self("invalidField") }
}
