/// A CIDR list that cannot be read; `description` is one sentence naming the file, the line and
/// what to do, e.g.
///
/// ```
/// egress-ip-ranges.csv:12: '17.0.0.0/33' is not a valid CIDR (the prefix length must be 0 to 32 for IPv4); fix or remove the line.
/// ```
public struct CIDRSetError: FileError {
    /// The category of a ``CIDRSetError`` (see the extension below for the kinds).
    public typealias Kind = ErrorKind<CIDRSetError>

    /// The category of this error.
    public let kind: Kind
    /// The list's file name, as given when loading.
    public let file: String
    /// 1-based line, when the error is tied to one.
    public let line: Int?
    /// What is wrong and what to do, without the location prefix.
    public let message: String

    init(_ kind: Kind, file: String, line: Int?, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }
}

extension ErrorKind where Owner == CIDRSetError {
    /// The file could not be read or is not UTF-8.
    public static var unreadableFile: Self { Self("unreadableFile") }
    /// A line's first column is not an address or CIDR.
    public static var invalidCIDR: Self { Self("invalidCIDR") }
}
