/// Why a mailbox path could not be read. Its description is one sentence naming the path; it
/// never holds an address or message content.
public struct MailboxReadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: Sendable, Equatable {
        /// Nothing exists at the path.
        case notFound
        /// The file or folder exists but could not be read.
        case unreadable
        /// The file is empty and not an mbox.
        case empty
        /// Neither an .eml file, an mbox, a Maildir nor a folder of .eml files.
        case unknownFormat
    }

    /// The kind of problem.
    public let code: Code
    /// The path that could not be read.
    public let path: String

    public init(_ code: Code, path: String) {
        self.code = code
        self.path = path
    }

    public var description: String {
        switch code {
        case .notFound: return "Nothing exists at \(path); check the path."
        case .unreadable: return "\(path) could not be read; check that it exists and that you may read it."
        case .empty: return "\(path) is empty; give an .eml file, an mbox file, a Maildir or a folder of .eml files."
        case .unknownFormat:
            return "\(path) is not an .eml file, an mbox file, a Maildir or a folder of .eml files; give one of those."
        }
    }
}
