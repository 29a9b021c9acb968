/// A link that cannot be tracked: a click destination that is not a plain absolute web URL, or an
/// unusable tracking base URL. `description` is one sentence naming which URL and what is wrong;
/// it never repeats the URL, whose query may hold an address or a secret.
///
/// ```
/// The click destination is not an http:// or https:// URL, so it cannot be signed; link to a web page instead.
/// ```
public struct TrackingURLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``TrackingURLError`` (the kinds are in the extension below).
    public typealias Kind = ErrorKind<TrackingURLError>

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

extension ErrorKind where Owner == TrackingURLError {
    /// The scheme is not `http://` or `https://` (this includes `//host` and `mailto:`).
    public static var notHTTP: Self { Self("notHTTP") }
    /// The authority is empty or the host is not a plain DNS name or IP literal.
    public static var badHost: Self { Self("badHost") }
    /// The URL holds a backslash, whitespace, a control or a non-ASCII character.
    public static var forbiddenCharacter: Self { Self("forbiddenCharacter") }
    /// The URL holds `user@` credentials before the host.
    public static var userInfo: Self { Self("userInfo") }
    /// The URL is longer than ``TrackingToken/maximumDestinationLength``.
    public static var tooLong: Self { Self("tooLong") }
    /// A base URL with a query or fragment, which tracking paths cannot follow.
    public static var queryOrFragment: Self { Self("queryOrFragment") }
}
