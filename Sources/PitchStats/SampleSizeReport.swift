/// The `stats sample-size` document: `{"per_arm"}`.
public struct SampleSizeReport: StatsDocument, Hashable {
    /// Sends per arm, rounded up.
    public let perArm: Int
    /// The inputs, used by `text` only and not part of the JSON (nil after decoding).
    public private(set) var baseline: Double? = nil
    /// The target rate (see `baseline`).
    public private(set) var target: Double? = nil
    /// The two-sided significance level (see `baseline`).
    public private(set) var alpha: Double? = nil
    /// The power (see `baseline`).
    public private(set) var power: Double? = nil

    /// A document for `perArm` sends per arm and the inputs that produced it.
    public init(perArm: Int, baseline: Double? = nil, target: Double? = nil, alpha: Double? = nil, power: Double? = nil) {
        self.perArm = perArm
        self.baseline = baseline
        self.target = target
        self.alpha = alpha
        self.power = power
    }

    enum CodingKeys: String, CodingKey {
        case perArm = "per_arm"
    }

    /// E.g. "749 sends per arm to detect 3.0% → 6.0% (two-sided alpha 0.05, power 0.8)."
    public var text: String {
        var line = "\(perArm) sends per arm"
        if let baseline, let target {
            line += " to detect \(StatsFormat.percent(baseline)) → \(StatsFormat.percent(target))"
        }
        if let alpha, let power {
            line += " (two-sided alpha \(StatsFormat.probability(alpha)), power \(StatsFormat.probability(power)))"
        }
        return line + "."
    }
}
