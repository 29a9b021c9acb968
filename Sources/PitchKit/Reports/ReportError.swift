/// A report that cannot be made or written; `description` is one sentence saying what is wrong and
/// what to do.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``ReportError``.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// `--stage N` names a stage without accepted sends.
        public static let unknownStage = Kind("unknownStage")
        /// The HTML file could not be written.
        public static let cannotWrite = Kind("cannotWrite")

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

    /// "Stage 4 has no accepted sends; stages with sends: 1, 2."
    static func unknownStage(_ stage: Int, existing: [Int]) -> ReportError {
        let have = existing.isEmpty
            ? "no stage has accepted sends yet (send one first: pitchlab send --stage 1)"
            : "stages with sends: \(existing.map(String.init).joined(separator: ", "))"
        return ReportError(.unknownStage, "Stage \(stage) has no accepted sends; \(have).")
    }

    /// True for errors in what the user typed (the CLI exits 64 for these).
    public var isUsageError: Bool { kind == .unknownStage }

    /// The message.
    public var description: String { message }
}
