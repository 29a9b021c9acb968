/// A relay configuration problem that no retry of a message would fix. Its description is one
/// clear sentence with what to do; it never holds a password or a recipient address.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of problem.
    public enum Code: Sendable, Equatable {
        /// The relay refused the user name or password.
        case loginRefused
        /// The TLS handshake or the certificate check failed.
        case tlsFailed
        /// STARTTLS is required and the relay did not offer it.
        case startTLSNotOffered
        /// Plain text to a non-loopback host without the insecure flag.
        case insecureRefused
        /// The SMTP URL cannot be used.
        case badURL
        /// The password could not be read from its environment variable or secrets file.
        case secretUnavailable
        /// The relay demands something the configuration does not give (e.g. authentication).
        case relayRefusedSession
        /// libcurl could not be initialised.
        case curlUnavailable
    }

    /// The kind of problem.
    public let code: Code
    /// The sentence shown to the user.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
