/// A problem with a whole recipients file, so that nothing was imported; `description` is one sentence
/// naming the file (and line, when there is one) and what to do. It never quotes an address.
public struct RecipientImportError: FileError {
    /// The category of a ``RecipientImportError`` (see the extension below for the kinds).
    public typealias Kind = ErrorKind<RecipientImportError>

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

extension ErrorKind where Owner == RecipientImportError {
    /// The file could not be read.
    public static var unreadableFile: Self { Self("unreadableFile") }
    /// The file is not in the expected encoding.
    public static var invalidEncoding: Self { Self("invalidEncoding") }
    /// `--encoding` named an encoding PitchLab does not read.
    public static var unsupportedEncoding: Self { Self("unsupportedEncoding") }
    /// The file has no header row, or a header that cannot be used.
    public static var invalidHeader: Self { Self("invalidHeader") }
    /// No column holds the address.
    public static var missingEmailColumn: Self { Self("missingEmailColumn") }
    /// Two columns mean the same field.
    public static var ambiguousColumns: Self { Self("ambiguousColumns") }
}
