/// Why a mailbox could not be read. Its description is one clear sentence with what to do; it
/// never holds the password, message content or recipient addresses.
public struct IMAPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: Sendable, Equatable {
        /// The server refused the user name or password.
        case loginRefused
        /// The TLS handshake or the certificate check failed, or STARTTLS was not offered.
        case tlsFailed
        /// The mailbox named in the URL does not exist or cannot be opened.
        case mailboxMissing
        /// The server could not be reached, or the connection broke or timed out.
        case connectionFailed
        /// The server answered something this client cannot use.
        case protocolError
        /// The mailbox's UIDVALIDITY changed while it was being read; fetch again.
        case mailboxChanged
        /// The IMAP URL or another setting cannot be used.
        case badConfiguration
        /// The password could not be read from its environment variable or secrets file.
        case secretUnavailable
        /// libcurl could not be initialised.
        case curlUnavailable
    }

    /// The kind of problem.
    public let code: Code
    /// The sentence shown to the user.
    public let message: String
    /// libcurl's result code, when the error came from a transfer.
    public let curlCode: Int?

    public init(_ code: Code, _ message: String, curlCode: Int? = nil) {
        self.code = code
        self.message = message
        self.curlCode = curlCode
    }

    public var description: String { message }
}
