/// A campaign plan or status that cannot be made; `description` is one sentence naming the file,
/// stage, option or ledger row, and what to do. Never contains a recipient address.
public struct PlanningError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``PlanningError`` (the kinds are in the extension below).
    public typealias Kind = ErrorKind<PlanningError>

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

extension ErrorKind where Owner == PlanningError {
    /// The campaign's template is missing from `Templates/` or does not parse.
    public static var templateNotFound: Self { Self("templateNotFound") }
    /// A `--winner` is malformed, names a part no earlier stage tests, or is missing.
    public static var invalidWinner: Self { Self("invalidWinner") }
    /// A given winner contradicts rows already planned with another one.
    public static var conflictingWinner: Self { Self("conflictingWinner") }
    /// The stage does not exist.
    public static var invalidStage: Self { Self("invalidStage") }
    /// The remembered winners file cannot be read or written.
    public static var winnersFile: Self { Self("winnersFile") }
}
