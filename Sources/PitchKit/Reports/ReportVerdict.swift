/// A diagnosis verdict as a report shows it (stats.md §5.3): the cause and rule, how sure, the
/// headline, the evidence and the sends that would settle it. Every key is always present.
public struct ReportVerdict: Sendable, Hashable, Codable {
    /// What the rule blames.
    public let cause: Verdict.Cause
    /// The rule number (0–7).
    public let rule: Int
    /// probably / clearly for a fired rule; nil for too early and undecided.
    public let strength: Strength?
    /// A finer label, when the rule has one.
    public let detail: Verdict.Detail?
    /// The headline advice.
    public let summary: String
    /// Plain sentences with the numbers behind the verdict.
    public let evidence: [String]
    /// More sends that would settle (or sharpen) the verdict; nil when none would or none are needed.
    public let sendsToSettle: Int?

    /// The report form of `verdict`.
    public init(_ verdict: Verdict) {
        cause = verdict.cause
        rule = verdict.rule
        strength = verdict.strength
        detail = verdict.detail
        summary = verdict.summary
        evidence = verdict.evidence
        sendsToSettle = verdict.settle?.additionalSends
    }

    /// "subject (probably)", "working (clearly)", "too early".
    var shortText: String {
        let name = cause.rawValue.replacingOccurrences(of: "_", with: " ")
        return strength.map { "\(name) (\($0.rawValue))" } ?? name
    }

    /// "probably (90%): Subject line … is the problem", or the summary alone.
    var headline: String {
        strength.map { "\($0.phrase): \(summary)" } ?? summary
    }

    enum CodingKeys: String, CodingKey {
        case cause, rule, strength, detail, summary, evidence
        case sendsToSettle = "sends_to_settle"
    }

    /// Encodes every key, with null for absent values.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cause, forKey: .cause)
        try container.encode(rule, forKey: .rule)
        try container.encode(strength, forKey: .strength)
        try container.encode(detail, forKey: .detail)
        try container.encode(summary, forKey: .summary)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(sendsToSettle, forKey: .sendsToSettle)
    }
}
