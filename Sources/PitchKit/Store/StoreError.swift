/// A failure of the campaign store; `description` is one sentence saying what is wrong and what to do.
///
/// Never contains a recipient address: rows are named by id or line.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``StoreError``.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The database could not be opened or migrated.
        public static let cannotOpen = Kind("cannotOpen")
        /// The database was written by a newer PitchLab.
        public static let newerSchema = Kind("newerSchema")
        /// A ledger row was not in the state an operation needs.
        public static let invalidTransition = Kind("invalidTransition")
        /// No ledger row has the given Message-ID, or it is not ambiguous.
        public static let unknownMessageID = Kind("unknownMessageID")
        /// An argument was not acceptable.
        public static let invalidInput = Kind("invalidInput")
        /// A database operation failed.
        public static let database = Kind("database")

        /// The kind's name, safe for logs and metrics.
        public var description: String { name }
    }

    /// The category.
    public let kind: Kind
    /// What is wrong and what to do.
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
