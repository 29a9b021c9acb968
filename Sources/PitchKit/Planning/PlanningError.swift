/// A campaign plan or status that cannot be made; `description` is one sentence naming the file,
/// stage, option or ledger row, and what to do. Never contains a recipient address.
public struct PlanningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``PlanningError``.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The campaign's template is missing from `Templates/` or does not parse.
        public static let templateNotFound = Kind("templateNotFound")
        /// A `--winner` is malformed, names a part no earlier stage tests, or is missing.
        public static let invalidWinner = Kind("invalidWinner")
        /// A given winner contradicts rows already planned with another one.
        public static let conflictingWinner = Kind("conflictingWinner")
        /// The stage does not exist.
        public static let invalidStage = Kind("invalidStage")
        /// The remembered winners file cannot be read or written.
        public static let winnersFile = Kind("winnersFile")

        /// The kind's name, safe for logs.
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

    /// True for errors in what the user typed (the CLI exits 64 for these).
    public var isUsageError: Bool { kind == .invalidWinner || kind == .invalidStage }

    /// The message.
    public var description: String { message }
}
