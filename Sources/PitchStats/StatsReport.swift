import Foundation

/// A result document of `pitchlab stats …`: Codable with the exact snake_case keys of DESIGN.md,
/// plus a short human-readable `text`.
///
/// Optional values encode as JSON `null` (never omitted), and no document ever holds NaN or ±∞,
/// so encoding always yields valid JSON.
public protocol StatsDocument: Codable, Sendable {
    /// A short human-readable rendering for the terminal.
    var text: String { get }
}

extension StatsDocument {
    /// The document as one line of JSON, keys sorted so the output is byte-for-byte reproducible.
    public func jsonString() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// Builders for the `pitchlab stats` documents, so the command only parses and prints.
public enum StatsReport {
    /// `stats interval S/N`: the rate and its Wilson interval.
    public static func interval(
        successes: Int, trials: Int, confidence: Double = 0.95
    ) throws(StatsError) -> IntervalReport {
        try interval(Proportion(successes: successes, trials: trials), confidence: confidence)
    }

    /// `stats interval S/N` for parsed counts.
    public static func interval(_ counts: Proportion, confidence: Double = 0.95) throws(StatsError) -> IntervalReport {
        IntervalReport(try WilsonInterval(counts, confidence: confidence))
    }

    /// `stats compare S/N S/N [S/N…]`: the first arm is the control (A); pairwise fields compare the
    /// second arm (B) with it; `holm_p[i]` is the Holm-adjusted Fisher p of arm i against the control.
    public static func compare(_ arms: [Proportion], confidence: Double = 0.95) throws(StatsError) -> CompareReport {
        guard arms.count >= 2 else {
            throw StatsError(
                code: .tooFewArms, parameter: "arms",
                reason: "a comparison needs at least two S/N arguments, got \(arms.count)")
        }
        let intervals = try arms.map { (arm) throws(StatsError) in try WilsonInterval(arm, confidence: confidence) }
        let control = arms[0]
        let challenger = arms[1]
        let fisherVersusControl = arms.dropFirst().map {
            FisherExactTest(control: control, challenger: $0).pValue
        }
        let holm = try MultipleTesting.holm(fisherVersusControl)
        let zTest = TwoProportionZTest(control: control, challenger: challenger)
        let bayes = BayesianComparison(control: control, challenger: challenger)
        let posteriors = arms.map(BetaPosterior.init(validCounts:))
        return CompareReport(
            arms: intervals.enumerated().map { index, interval in
                CompareReport.Arm(label: armLabel(index), interval: interval)
            },
            fisherP: fisherVersusControl[0],
            z: zTest.z,
            zP: zTest.pValue,
            probBBeatsA: bayes.probabilityChallengerBeatsControl,
            expectedLossA: bayes.expectedLossOfControl,
            expectedLossB: bayes.expectedLossOfChallenger,
            pBest: BetaPosterior.probabilityOfBeingBest(posteriors),
            holmP: [nil] + holm,
            confidence: confidence)
    }

    /// `stats sample-size`: sends per arm for a fixed-horizon two-sided test.
    public static func sampleSize(
        baseline: Double, target: Double, alpha: Double = 0.05, power: Double = 0.8
    ) throws(StatsError) -> SampleSizeReport {
        let perArm = try SampleSize.perArm(baseline: baseline, target: target, alpha: alpha, power: power)
        return SampleSizeReport(perArm: perArm, baseline: baseline, target: target, alpha: alpha, power: power)
    }

    /// `stats settle S/N --threshold T`: additional sends at the current rate until the interval
    /// excludes T (null when the rate equals T).
    public static func settle(
        _ counts: Proportion, threshold: Double, confidence: Double = 0.95
    ) throws(StatsError) -> SettleReport {
        let sends = try SendsToSettle.additionalSends(counts, threshold: threshold, confidence: confidence)
        return SettleReport(additionalSends: sends, counts: counts, threshold: threshold, confidence: confidence)
    }

    /// Arm labels in order: A, B, …, Z, AA, AB, … (spreadsheet column style).
    public static func armLabel(_ index: Int) -> String {
        var n = index + 1
        var label = ""
        while n > 0 {
            let digit = (n - 1) % 26
            label = String(UnicodeScalar(UInt8(65 + digit))) + label
            n = (n - 1) / 26
        }
        return label
    }
}

/// Formatting helpers for the human-readable texts.
enum StatsFormat {
    /// A rate as a percentage: "5.0%", or two significant digits below 0.1%.
    static func percent(_ value: Double) -> String {
        let p = value * 100
        if p == 0 || p >= 0.1 { return String(format: "%.1f%%", p) }
        return String(format: "%.2g%%", p)
    }

    /// An absolute difference of rates in percentage points: "9.7 pp", "0.12 pp".
    static func points(_ value: Double) -> String {
        let p = value * 100
        return p >= 1 ? String(format: "%.1f pp", p) : String(format: "%.2g pp", p)
    }

    /// A probability or p-value with three significant digits.
    static func probability(_ value: Double) -> String { String(format: "%.3g", value) }

    /// A confidence level as "95%".
    static func level(_ confidence: Double?) -> String {
        guard let confidence else { return "" }
        return String(format: "%g%% ", confidence * 100)
    }
}
