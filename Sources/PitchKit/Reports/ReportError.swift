/// A report that cannot be made or written; `description` is one sentence saying what is wrong and
/// what to do.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``ReportError`` (the kinds are in the extension below).
    public typealias Kind = ErrorKind<ReportError>

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

extension ErrorKind where Owner == ReportError {
    /// `--stage N` names a stage without accepted sends.
    public static var unknownStage: Self { Self("unknownStage") }
    /// The HTML file could not be written.
    public static var cannotWrite: Self { Self("cannotWrite") }
}
