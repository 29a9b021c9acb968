/// A tracking key that cannot be loaded; `description` is one sentence naming the environment
/// variable and what to do, and never contains the variable's value.
///
/// ```
/// PITCHLAB_TRACKING_KEY is not set; export at least 32 random bytes as hex, e.g. export PITCHLAB_TRACKING_KEY=$(openssl rand -hex 32).
/// ```
public struct TrackingKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``TrackingKeyError`` (the kinds are in the extension below).
    public typealias Kind = ErrorKind<TrackingKeyError>

    /// The category of this error.
    public let kind: Kind
    /// The environment variable (or other source) the key was read from.
    public let variable: String
    /// What is wrong and what to do; never the key itself.
    public let message: String

    init(_ kind: Kind, variable: String, _ message: String) {
        self.kind = kind
        self.variable = variable
        self.message = message
    }

    /// One sentence: `VARIABLE what is wrong; what to do.`
    public var description: String { message }

    /// The kind alone, with no values: safe for metric labels and logs.
    public var shortDescription: String { "TrackingKeyError.\(kind)" }
}

extension ErrorKind where Owner == TrackingKeyError {
    /// The environment variable is unset or empty.
    public static var missing: Self { Self("missing") }
    /// The value is neither hex nor base64.
    public static var malformed: Self { Self("malformed") }
    /// The value decodes to fewer than ``TrackingKey/minimumByteCount`` bytes.
    public static var tooShort: Self { Self("tooShort") }
}
