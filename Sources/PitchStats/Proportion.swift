/// Observed counts for one arm: `successes` out of `trials` (e.g. 3 replies from 40 delivered).
public struct Proportion: Sendable, Hashable, CustomStringConvertible {
    /// Recipients with at least one event (open, reply, …).
    public let successes: Int
    /// Recipients counted in the denominator (delivered, or trackable for opens).
    public let trials: Int

    /// The largest number of trials accepted (10⁷): far beyond any outreach arm, and small enough
    /// that the exact sums (linear in the counts) stay fast and nothing overflows.
    public static let maximumTrials = 10_000_000

    /// Counts with 0 ≤ successes ≤ trials ≤ `maximumTrials`.
    public init(successes: Int, trials: Int) throws(StatsError) {
        guard successes >= 0, trials >= 0 else {
            throw .negativeCount(successes: successes, trials: trials)
        }
        guard trials <= Self.maximumTrials else {
            throw StatsError(
                code: .tooManyTrials, parameter: "counts \(successes)/\(trials)",
                reason: "at most \(Self.maximumTrials) trials per arm are supported")
        }
        guard successes <= trials else {
            throw .successesExceedTrials(successes: successes, trials: trials)
        }
        self.successes = successes
        self.trials = trials
    }

    /// Parses `S/N`, e.g. `"3/40"`; spaces around either number are allowed.
    ///
    /// Throws a `StatsError` naming the text for anything else: a missing slash, a number that is
    /// not a non-negative whole number, or more successes than trials.
    public init(parsing text: String) throws(StatsError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let successes = Self.wholeNumber(parts[0]),
            let trials = Self.wholeNumber(parts[1])
        else { throw .malformedCounts(text) }
        guard successes <= trials else {
            throw StatsError(
                code: .successesExceedTrials, parameter: "counts '\(text)'",
                reason: "successes (\(successes)) cannot exceed trials (\(trials))")
        }
        guard trials <= Self.maximumTrials else {
            throw StatsError(
                code: .tooManyTrials, parameter: "counts '\(text)'",
                reason: "at most \(Self.maximumTrials) trials per arm are supported")
        }
        try self.init(successes: successes, trials: trials)
    }

    /// The observed rate s/n, or nil when there are no trials (the rate is undefined, not 0).
    public var rate: Double? { trials == 0 ? nil : Double(successes) / Double(trials) }

    /// Failures, trials − successes.
    public var failures: Int { trials - successes }

    /// "s/n".
    public var description: String { "\(successes)/\(trials)" }

    private static func wholeNumber(_ text: Substring) -> Int? {
        let trimmed = text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed()
        let digits = String(trimmed)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(digits)
    }
}
