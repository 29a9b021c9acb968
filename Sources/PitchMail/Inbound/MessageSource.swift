/// Where a raw message was read from, so that errors and listings of unmatched messages can
/// point to it: the file, and for an mbox the message's position and the line of its `From `
/// separator.
public struct MessageSource: Sendable, Hashable, CustomStringConvertible {
    /// The file path.
    public let path: String
    /// The 0-based position in an mbox file; nil for a file that holds one message.
    public let index: Int?
    /// The 1-based line of the mbox `From ` separator; nil for a file that holds one message.
    public let line: Int?

    public init(path: String, index: Int? = nil, line: Int? = nil) {
        self.path = path
        self.index = index
        self.line = line
    }

    /// `inbox.mbox, message 3 (line 120)` (1-based) or the path alone.
    public var description: String {
        guard let index else { return path }
        return "\(path), message \(index + 1)" + (line.map { " (line \($0))" } ?? "")
    }
}
