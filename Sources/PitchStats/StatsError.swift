/// An invalid input to a PitchStats function.
///
/// The error names the input it is about (`parameter`) and says what is wrong with it in one clause
/// (`reason`); `description` joins them into one sentence such as
/// "Invalid confidence: it must lie strictly between 0 and 1, got 1.5."
/// Compare errors by `code`, which does not carry the offending values.
public struct StatsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem, without the values involved (safe as a metric or log label).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// A short stable name such as `successesExceedTrials`.
        public let name: String

        /// A count that is not written as `S/N` with whole numbers.
        public static let malformedCounts = Code(name: "malformedCounts")
        /// A negative count of successes or trials.
        public static let negativeCount = Code(name: "negativeCount")
        /// More successes than trials.
        public static let successesExceedTrials = Code(name: "successesExceedTrials")
        /// More trials than `Proportion.maximumTrials`.
        public static let tooManyTrials = Code(name: "tooManyTrials")
        /// A confidence level outside the open interval (0, 1).
        public static let confidenceOutOfRange = Code(name: "confidenceOutOfRange")
        /// A probability, rate or p-value outside its allowed range, or not a number.
        public static let probabilityOutOfRange = Code(name: "probabilityOutOfRange")
        /// Baseline and target rates that are equal, so no sample size can separate them.
        public static let equalRates = Code(name: "equalRates")
        /// A comparison with fewer arms than it needs.
        public static let tooFewArms = Code(name: "tooFewArms")
        /// A computation that needs at least one trial got none.
        public static let noTrials = Code(name: "noTrials")
        /// A size, count or parameter that must be positive was not.
        public static let nonPositiveParameter = Code(name: "nonPositiveParameter")

        /// The code's name.
        public var description: String { name }
    }

    /// What kind of problem this is.
    public let code: Code
    /// The input the error is about, e.g. `confidence`, `baseline` or `counts '5/3'`.
    public let parameter: String
    /// What is wrong with it, as a lower-case clause without a final period.
    public let reason: String

    /// Creates an error; prefer the static factories below.
    public init(code: Code, parameter: String, reason: String) {
        self.code = code
        self.parameter = parameter
        self.reason = reason
    }

    /// One sentence naming the input and the problem.
    public var description: String { "Invalid \(parameter): \(reason)." }
}

extension StatsError {
    static func malformedCounts(_ text: String) -> StatsError {
        StatsError(
            code: .malformedCounts, parameter: "counts '\(text)'",
            reason: "write successes/trials with whole numbers, e.g. 3/40")
    }

    static func negativeCount(successes: Int, trials: Int) -> StatsError {
        StatsError(
            code: .negativeCount, parameter: "counts \(successes)/\(trials)",
            reason: "successes and trials cannot be negative")
    }

    static func successesExceedTrials(successes: Int, trials: Int) -> StatsError {
        StatsError(
            code: .successesExceedTrials, parameter: "counts \(successes)/\(trials)",
            reason: "successes (\(successes)) cannot exceed trials (\(trials))")
    }

    static func confidence(_ value: Double) -> StatsError {
        StatsError(
            code: .confidenceOutOfRange, parameter: "confidence",
            reason: "it must lie strictly between 0 and 1 (e.g. 0.95), got \(value)")
    }

    static func openProbability(_ name: String, _ value: Double) -> StatsError {
        StatsError(
            code: .probabilityOutOfRange, parameter: name,
            reason: "it must lie strictly between 0 and 1, got \(value)")
    }

    static func closedProbability(_ name: String, _ value: Double) -> StatsError {
        StatsError(
            code: .probabilityOutOfRange, parameter: name,
            reason: "it must lie between 0 and 1, got \(value)")
    }

    static func nonPositive(_ name: String, _ value: Int) -> StatsError {
        StatsError(
            code: .nonPositiveParameter, parameter: name,
            reason: "it must be at least 1, got \(value)")
    }
}

/// Checks that a confidence level lies in (0, 1).
func validateConfidence(_ confidence: Double) throws(StatsError) {
    guard confidence > 0, confidence < 1 else { throw .confidence(confidence) }
}

/// Checks that `value` lies in the open interval (0, 1).
func validateOpenProbability(_ value: Double, name: String) throws(StatsError) {
    guard value > 0, value < 1 else { throw .openProbability(name, value) }
}
