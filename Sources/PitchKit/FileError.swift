/// An error about a file the user wrote or gave (`pitchlab.yaml`, reply rules, a recipients or
/// conversions CSV, a CIDR list). Its `description` is one sentence, `file:line[:column]: what is
/// wrong and what to do`, and never quotes a recipient's address.
public protocol FileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category.
    var kind: ErrorKind<Self> { get }
    /// The file, as given.
    var file: String { get }
    /// The 1-based line, when the error is tied to one.
    var line: Int? { get }
    /// The 1-based column, when known (nil by default).
    var column: Int? { get }
    /// What is wrong and what to do, without the location.
    var message: String { get }
    /// What the error meant for the command, said after the message (e.g. `; nothing was
    /// imported.`); empty by default.
    static var consequence: String { get }
}

extension FileError {
    public var column: Int? { nil }

    public static var consequence: String { "" }

    /// `file`, `file:line` or `file:line:column`.
    public var location: String {
        guard let line else { return file }
        return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }

    /// One sentence: `file:line:column: what is wrong; what to do.`
    public var description: String { "\(location): \(message)\(Self.consequence)" }

    /// The kind alone, with no values: safe for metric labels and logs.
    public var shortDescription: String { "\(Self.self).\(kind)" }
}
