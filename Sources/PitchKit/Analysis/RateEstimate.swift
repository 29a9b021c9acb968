import PitchStats

/// One rate with its Wilson intervals at 95% and 80% (stats.md §3.1).
///
/// With no trials the rate is nil (unknown, not 0) and both intervals are [0, 1].
public struct RateEstimate: Sendable, Hashable, Codable {
    /// z for a two-sided 95% interval.
    public static let z95 = 1.959963984540054
    /// z for a two-sided 80% interval (one-sided 90% bound).
    public static let z80 = 1.2815515655446004

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

    /// The estimate for `successes` of `trials`; counts are clamped into 0 ≤ successes ≤ trials.
    public init(successes: Int, trials: Int) {
        let n = max(0, trials)
        let s = min(max(0, successes), n)
        self.successes = s
        self.trials = n
        rate = n == 0 ? nil : Double(s) / Double(n)
        (lower95, upper95) = WilsonInterval.bounds(successes: s, trials: n, z: Self.z95)
        (lower80, upper80) = WilsonInterval.bounds(successes: s, trials: n, z: Self.z80)
    }

    /// The interval verdict against `threshold` (stats.md §5.2).
    public func verdict(against threshold: Double) -> IntervalVerdict {
        guard trials > 0 else { return .unknown }
        if upper95 < threshold { return .clearlyBelow }
        if upper80 < threshold { return .probablyBelow }
        if lower95 > threshold { return .clearlyAbove }
        if lower80 > threshold { return .probablyAbove }
        return .unknown
    }

    /// The counts as a `Proportion` for PitchStats.
    var proportion: Proportion? { try? Proportion(successes: successes, trials: trials) }

    /// "2 replies of 40 delivered (5.0%, 95% range 1.4–16.5%)".
    public func describe(_ successNoun: String, of trialNoun: String) -> String {
        guard let rate else { return "no \(trialNoun) yet" }
        let noun = successes == 1 ? AnalysisFormat.singular(successNoun) : successNoun
        return "\(successes) \(noun) of \(trials) \(trialNoun) (\(AnalysisFormat.percent(rate)), "
            + "95% range \(AnalysisFormat.range(lower95, upper95)))"
    }

    enum CodingKeys: String, CodingKey {
        case successes, trials, rate
        case lower95 = "lower_95"
        case upper95 = "upper_95"
        case lower80 = "lower_80"
        case upper80 = "upper_80"
    }
}
