/// The `stats interval` document: `{"successes","trials","rate","confidence","lower","upper"}`.
///
/// `rate` is null when there are no trials (the interval is then [0, 1]).
public struct IntervalReport: StatsDocument, Hashable {
    /// Observed successes.
    public let successes: Int
    /// Observed trials.
    public let trials: Int
    /// successes/trials, or nil (JSON null) when trials = 0.
    public let rate: Double?
    /// The two-sided confidence level of the interval.
    public let confidence: Double
    /// The Wilson lower bound.
    public let lower: Double
    /// The Wilson upper bound.
    public let upper: Double

    /// The document for a computed interval.
    public init(_ interval: WilsonInterval) {
        successes = interval.counts.successes
        trials = interval.counts.trials
        rate = interval.rate
        confidence = interval.confidence
        lower = interval.lower
        upper = interval.upper
    }

    enum CodingKeys: String, CodingKey {
        case successes, trials, rate, confidence, lower, upper
    }

    /// Encodes every key, with `rate` as null when there are no trials.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(successes, forKey: .successes)
        try container.encode(trials, forKey: .trials)
        try container.encode(rate, forKey: .rate)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(lower, forKey: .lower)
        try container.encode(upper, forKey: .upper)
    }

    /// E.g. "2/40 = 5.0%, 95% Wilson interval 1.4% to 16.5%."
    public var text: String {
        let range = "\(StatsFormat.level(confidence))Wilson interval "
            + "\(StatsFormat.percent(lower)) to \(StatsFormat.percent(upper))"
        guard let rate else { return "\(successes)/\(trials): no trials yet, \(range)." }
        return "\(successes)/\(trials) = \(StatsFormat.percent(rate)), \(range)."
    }
}
