/// Why `pitchlab goal` cannot measure the campaign's goal; `description` is one sentence naming
/// the file, line and setting, and what to add.
public struct GoalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``GoalError``.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// `pitchlab.yaml` has no `goal:`.
        public static let missingGoal = Kind("missingGoal")
        /// The goal is a description without metric, target and deadline.
        public static let notMeasurable = Kind("notMeasurable")

        /// The kind's name.
        public var description: String { name }
    }

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

    /// `pitchlab.yaml:42: goal is … ; add …`.
    public var description: String {
        "\(line.map { "\(file):\($0)" } ?? file): \(message)"
    }

    /// The kind alone, with no values: safe for metric labels and logs.
    public var shortDescription: String { "GoalError.\(kind)" }
}
