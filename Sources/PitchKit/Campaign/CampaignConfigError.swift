/// An error in `pitchlab.yaml`, or in a stage plan built from it.
///
/// `description` is one sentence that names the file, the line and the field, what is wrong and what
/// to do, for example:
///
/// ```
/// pitchlab.yaml:14:3: limits.per_minut is not a known setting (did you mean per_minute?); fix or remove it.
/// ```
///
/// Compare errors by ``kind``; new kinds may be added without breaking callers.
public struct CampaignConfigError: FileError {
    /// The category of a ``CampaignConfigError`` (see the extension below for the kinds).
    public typealias Kind = ErrorKind<CampaignConfigError>

    /// The category of this error.
    public let kind: Kind
    /// The configuration file, as given when loading.
    public let file: String
    /// 1-based line, when the error is tied to a place in the file.
    public let line: Int?
    /// 1-based column, when the error is tied to a place in the file.
    public let column: Int?
    /// The dotted setting path, e.g. `limits.per_minute`.
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

extension ErrorKind where Owner == CampaignConfigError {
    /// The file could not be read or is not UTF-8.
    public static var unreadableFile: Self { Self("unreadableFile") }
    /// The YAML does not parse.
    public static var yamlSyntax: Self { Self("yamlSyntax") }
    /// A key the format does not know.
    public static var unknownKey: Self { Self("unknownKey") }
    /// A required setting is missing.
    public static var missingField: Self { Self("missingField") }
    /// A setting has the wrong type or an invalid value.
    public static var invalidField: Self { Self("invalidField") }
    /// A stage cannot be planned (unknown stage, missing or unknown winner, too few variants).
    public static var invalidStage: Self { Self("invalidStage") }
}
