/// The `stats compare` document.
///
/// `{"arms":[{"label","successes","trials","rate","lower","upper"}…], "fisher_p","z","z_p",
/// "prob_b_beats_a","expected_loss_a","expected_loss_b","p_best":[…],"holm_p":[…]}`.
/// Arm A (the first) is the control; the pairwise fields compare arm B with arm A; `z` is null when
/// the z-test is undefined (no successes at all, all successes, or an empty arm); `holm_p[0]` is
/// null and `holm_p[i]` is the Holm-adjusted Fisher p-value of arm i against A.
public struct CompareReport: StatsDocument, Hashable {
    /// One arm's counts and Wilson interval.
    public struct Arm: Codable, Sendable, Hashable {
        /// "A", "B", "C", … in argument order.
        public let label: String
        /// Observed successes.
        public let successes: Int
        /// Observed trials.
        public let trials: Int
        /// successes/trials, or nil (JSON null) when trials = 0.
        public let rate: Double?
        /// The Wilson lower bound at the report's confidence.
        public let lower: Double
        /// The Wilson upper bound at the report's confidence.
        public let upper: Double

        /// The arm entry for a labelled interval.
        public init(label: String, interval: WilsonInterval) {
            self.label = label
            successes = interval.counts.successes
            trials = interval.counts.trials
            rate = interval.rate
            lower = interval.lower
            upper = interval.upper
        }

        enum CodingKeys: String, CodingKey {
            case label, successes, trials, rate, lower, upper
        }

        /// Encodes every key, with `rate` as null when there are no trials.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(label, forKey: .label)
            try container.encode(successes, forKey: .successes)
            try container.encode(trials, forKey: .trials)
            try container.encode(rate, forKey: .rate)
            try container.encode(lower, forKey: .lower)
            try container.encode(upper, forKey: .upper)
        }
    }

    /// The arms in argument order.
    public let arms: [Arm]
    /// Two-sided Fisher exact p-value, B vs A.
    public let fisherP: Double
    /// Pooled z statistic of B minus A, or nil when undefined.
    public let z: Double?
    /// Two-sided p-value of the z-test (1 when `z` is nil).
    public let zP: Double
    /// P(p_B > p_A) under Beta(1, 1) priors, exact.
    public let probBBeatsA: Double
    /// Expected loss of keeping A: E[max(p_B − p_A, 0)].
    public let expectedLossA: Double
    /// Expected loss of choosing B: E[max(p_A − p_B, 0)].
    public let expectedLossB: Double
    /// P(each arm is best), in arm order.
    public let pBest: [Double]
    /// Holm-adjusted Fisher p-values against A; the first entry is nil.
    public let holmP: [Double?]
    /// The confidence of the arms' intervals; used by `text` only, not part of the JSON.
    public private(set) var confidence: Double? = nil

    /// Assembles a document; `StatsReport.compare` computes one from counts.
    public init(
        arms: [Arm], fisherP: Double, z: Double?, zP: Double, probBBeatsA: Double,
        expectedLossA: Double, expectedLossB: Double, pBest: [Double], holmP: [Double?],
        confidence: Double? = nil
    ) {
        self.arms = arms
        self.fisherP = fisherP
        self.z = z
        self.zP = zP
        self.probBBeatsA = probBBeatsA
        self.expectedLossA = expectedLossA
        self.expectedLossB = expectedLossB
        self.pBest = pBest
        self.holmP = holmP
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case arms
        case fisherP = "fisher_p"
        case z
        case zP = "z_p"
        case probBBeatsA = "prob_b_beats_a"
        case expectedLossA = "expected_loss_a"
        case expectedLossB = "expected_loss_b"
        case pBest = "p_best"
        case holmP = "holm_p"
    }

    /// Encodes every key, with nil values as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arms, forKey: .arms)
        try container.encode(fisherP, forKey: .fisherP)
        try container.encode(z, forKey: .z)
        try container.encode(zP, forKey: .zP)
        try container.encode(probBBeatsA, forKey: .probBBeatsA)
        try container.encode(expectedLossA, forKey: .expectedLossA)
        try container.encode(expectedLossB, forKey: .expectedLossB)
        try container.encode(pBest, forKey: .pBest)
        try container.encode(holmP, forKey: .holmP)
    }

    /// A few lines: each arm with its interval, then B vs A, P(best) and the Holm p-values.
    public var text: String {
        var lines = arms.map { arm in
            let rate = arm.rate.map(StatsFormat.percent) ?? "n/a"
            return "\(arm.label): \(arm.successes)/\(arm.trials) = \(rate), "
                + "\(StatsFormat.level(confidence))interval \(StatsFormat.percent(arm.lower)) to \(StatsFormat.percent(arm.upper))"
        }
        let zText = z.map { String(format: "%.3f", $0) } ?? "undefined"
        lines.append(
            "B vs A: Fisher p = \(StatsFormat.probability(fisherP)), z = \(zText) (p = \(StatsFormat.probability(zP))), "
                + "P(B > A) = \(StatsFormat.probability(probBBeatsA)).")
        lines.append(
            "Expected loss: keeping A \(StatsFormat.points(expectedLossA)), choosing B \(StatsFormat.points(expectedLossB)).")
        lines.append(
            "P(best): " + zip(arms, pBest).map { "\($0.label) \(StatsFormat.probability($1))" }.joined(separator: ", "))
        if arms.count > 2 {
            lines.append(
                "Holm-adjusted Fisher p vs A: "
                    + zip(arms, holmP).dropFirst().map { "\($0.label) \(StatsFormat.probability($1 ?? 1))" }
                    .joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
