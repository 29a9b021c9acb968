/// A problem with a whole conversions file, so that nothing was imported; `description` is one
/// sentence naming the file (and line, when there is one) and what to do.
public struct ConversionImportError: FileError {
    /// The category of a ``ConversionImportError`` (see the extension below for the kinds).
    public typealias Kind = ErrorKind<ConversionImportError>

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

    public static var consequence: String { "; nothing was imported." }
}

extension ErrorKind where Owner == ConversionImportError {
    /// The file could not be read.
    public static var unreadableFile: Self { Self("unreadableFile") }
    /// The file is not UTF-8.
    public static var invalidEncoding: Self { Self("invalidEncoding") }
    /// The file has no header row, or a header that cannot be used.
    public static var invalidHeader: Self { Self("invalidHeader") }
    /// A required column (date; code or url) is missing.
    public static var missingColumn: Self { Self("missingColumn") }
    /// Two columns mean the same field.
    public static var ambiguousColumns: Self { Self("ambiguousColumns") }
}
