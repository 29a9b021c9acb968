/// A tracking key that cannot be loaded; `description` is one sentence naming the environment
/// variable and what to do, and never contains the variable's value.
///
/// ```
/// PITCHLAB_TRACKING_KEY is not set; export at least 32 random bytes as hex, e.g. export PITCHLAB_TRACKING_KEY=$(openssl rand -hex 32).
/// ```
public struct TrackingKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``TrackingKeyError``, usable as a metric or log label.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The environment variable is unset or empty.
        public static let missing = Kind("missing")
        /// The value is neither hex nor base64.
        public static let malformed = Kind("malformed")
        /// The value decodes to fewer than ``TrackingKey/minimumByteCount`` bytes.
        public static let tooShort = Kind("tooShort")

        /// The kind's name, e.g. `tooShort`.
        public var description: String { name }
    }

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
