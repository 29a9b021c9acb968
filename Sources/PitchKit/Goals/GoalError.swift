/// Why `pitchlab goal` cannot measure the campaign's goal; `description` is one sentence naming
/// the file, line and setting, and what to add.
public struct GoalError: FileError {
    /// The category of a ``GoalError`` (see the extension below for the kinds).
    public typealias Kind = ErrorKind<GoalError>

    /// The category.
    public let kind: Kind
    /// The configuration file.
    public let file: String
    /// The line of `goal:`, when there is one.
    public let line: Int?
    /// What is wrong and what to do.
    public let message: String

    init(_ kind: Kind, file: String, line: Int?, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }
}

extension ErrorKind where Owner == GoalError {
    /// `pitchlab.yaml` has no `goal:`.
    public static var missingGoal: Self { Self("missingGoal") }
    /// The goal is a description without metric, target and deadline.
    public static var notMeasurable: Self { Self("notMeasurable") }
}
