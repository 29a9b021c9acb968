/// A failure of the campaign store; `description` is one sentence saying what is wrong and what to do.
///
/// Never contains a recipient address: rows are named by id or line.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``StoreError`` (the kinds are in the extension below).
    public typealias Kind = ErrorKind<StoreError>

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

extension ErrorKind where Owner == StoreError {
    /// The database could not be opened or migrated.
    public static var cannotOpen: Self { Self("cannotOpen") }
    /// The database was written by a newer PitchLab.
    public static var newerSchema: Self { Self("newerSchema") }
    /// A ledger row was not in the state an operation needs.
    public static var invalidTransition: Self { Self("invalidTransition") }
    /// No ledger row has the given Message-ID, or it is not ambiguous.
    public static var unknownMessageID: Self { Self("unknownMessageID") }
    /// An argument was not acceptable.
    public static var invalidInput: Self { Self("invalidInput") }
    /// A database operation failed.
    public static var database: Self { Self("database") }
}
