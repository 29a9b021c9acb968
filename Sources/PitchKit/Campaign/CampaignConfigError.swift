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
public struct CampaignConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``CampaignConfigError``, usable as a metric or log label.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file could not be read or is not UTF-8.
        public static let unreadableFile = Kind("unreadableFile")
        /// The YAML does not parse.
        public static let yamlSyntax = Kind("yamlSyntax")
        /// A key the format does not know.
        public static let unknownKey = Kind("unknownKey")
        /// A required setting is missing.
        public static let missingField = Kind("missingField")
        /// A setting has the wrong type or an invalid value.
        public static let invalidField = Kind("invalidField")
        /// A stage cannot be planned (unknown stage, missing or unknown winner, too few variants).
        public static let invalidStage = Kind("invalidStage")

        /// The kind's name, e.g. `unknownKey`.
        public var description: String { name }
    }

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
    public var shortDescription: String { "CampaignConfigError.\(kind)" }
}
