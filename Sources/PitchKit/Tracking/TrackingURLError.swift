/// A link that cannot be tracked: a click destination that is not a plain absolute web URL, or an
/// unusable tracking base URL. `description` is one sentence naming which URL and what is wrong;
/// it never repeats the URL, whose query may hold an address or a secret.
///
/// ```
/// The click destination is not an http:// or https:// URL, so it cannot be signed; link to a web page instead.
/// ```
public struct TrackingURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``TrackingURLError``, usable as a metric or log label.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The scheme is not `http://` or `https://` (this includes `//host` and `mailto:`).
        public static let notHTTP = Kind("notHTTP")
        /// The authority is empty or the host is not a plain DNS name or IP literal.
        public static let badHost = Kind("badHost")
        /// The URL holds a backslash, whitespace, a control or a non-ASCII character.
        public static let forbiddenCharacter = Kind("forbiddenCharacter")
        /// The URL holds `user@` credentials before the host.
        public static let userInfo = Kind("userInfo")
        /// The URL is longer than ``TrackingToken/maximumDestinationLength``.
        public static let tooLong = Kind("tooLong")
        /// A base URL with a query or fragment, which tracking paths cannot follow.
        public static let queryOrFragment = Kind("queryOrFragment")

        /// The kind's name, e.g. `notHTTP`.
        public var description: String { name }
    }

    /// Which URL was rejected: `click destination` or `tracking base URL`.
    public let subject: String
    /// The category of this error.
    public let kind: Kind
    /// What is wrong and what to do, starting with the subject.
    public let message: String

    init(_ kind: Kind, subject: String, _ problem: String) {
        self.kind = kind
        self.subject = subject
        self.message = "The \(subject) \(problem)"
    }

    /// One sentence: `The click destination … ; what to do.`
    public var description: String { message }

    /// The kind alone, with no values: safe for metric labels and logs.
    public var shortDescription: String { "TrackingURLError.\(kind)" }
}
