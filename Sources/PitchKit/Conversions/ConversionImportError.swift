/// A problem with a whole conversions file, so that nothing was imported; `description` is one
/// sentence naming the file (and line, when there is one) and what to do.
public struct ConversionImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``ConversionImportError``.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file could not be read.
        public static let unreadableFile = Kind("unreadableFile")
        /// The file is not UTF-8.
        public static let invalidEncoding = Kind("invalidEncoding")
        /// The file has no header row, or a header that cannot be used.
        public static let invalidHeader = Kind("invalidHeader")
        /// A required column (date; code or url) is missing.
        public static let missingColumn = Kind("missingColumn")
        /// Two columns mean the same field.
        public static let ambiguousColumns = Kind("ambiguousColumns")

        /// The kind's name.
        public var description: String { name }
    }

    /// The category.
    public let kind: Kind
    /// The file as given.
    public let file: String
    /// The 1-based line, when the problem is tied to one.
    public let line: Int?
    /// What is wrong and what to do.
    public let message: String

    init(_ kind: Kind, file: String, line: Int?, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message; nothing was imported.`
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(message); nothing was imported."
    }

    /// The kind alone, with no values: safe for metric labels and logs.
    public var shortDescription: String { "ConversionImportError.\(kind)" }
}
