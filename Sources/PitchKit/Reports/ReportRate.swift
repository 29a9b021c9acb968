/// One rate in a report: the counts, the point estimate and its 95% and 80% Wilson intervals
/// (stats.md §3.1). Every key is always present; `rate` is null when there are no trials.
public struct ReportRate: Sendable, Hashable, Codable {
    /// Recipients with the event.
    public let successes: Int
    /// Recipients in the denominator.
    public let trials: Int
    /// successes / trials; nil when there are no trials.
    public let rate: Double?
    /// Lower bound of the 95% Wilson interval.
    public let lower95: Double
    /// Upper bound of the 95% Wilson interval.
    public let upper95: Double
    /// Lower bound of the 80% Wilson interval.
    public let lower80: Double
    /// Upper bound of the 80% Wilson interval.
    public let upper80: Double

    /// The report form of `estimate`.
    public init(_ estimate: RateEstimate) {
        successes = estimate.successes
        trials = estimate.trials
        rate = estimate.rate
        lower95 = estimate.lower95
        upper95 = estimate.upper95
        lower80 = estimate.lower80
        upper80 = estimate.upper80
    }

    /// "12.5% (6.9–21.5%)", or "–" without trials.
    var percentWithRange: String {
        guard let rate else { return "–" }
        return "\(AnalysisFormat.percent(rate)) (\(AnalysisFormat.range(lower95, upper95)))"
    }

    enum CodingKeys: String, CodingKey {
        case successes, trials, rate
        case lower95 = "lower_95"
        case upper95 = "upper_95"
        case lower80 = "lower_80"
        case upper80 = "upper_80"
    }

    /// Encodes every key, `rate` as null without trials.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(successes, forKey: .successes)
        try container.encode(trials, forKey: .trials)
        try container.encode(rate, forKey: .rate)
        try container.encode(lower95, forKey: .lower95)
        try container.encode(upper95, forKey: .upper95)
        try container.encode(lower80, forKey: .lower80)
        try container.encode(upper80, forKey: .upper80)
    }
}
