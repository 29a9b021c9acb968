/// The diagnosis of one variant (or of a pooled stage): its funnel, rates, the first rule that fired
/// and every later rule that also fired.
public struct Diagnosis: Sendable, Hashable, Codable {
    /// The variant label.
    public let label: String
    /// The counts judged.
    public let funnel: VariantFunnel
    /// The rates with their intervals.
    public let rates: FunnelRates
    /// The first rule that fired, in the order of stats.md §5.3.
    public let verdict: Verdict
    /// Later rules that also fired, in rule order.
    public let secondary: [Verdict]
    /// Cautions that do not change the verdict (bounce rate above the warning line, a large
    /// untrackable share).
    public let warnings: [String]

    /// Creates a diagnosis.
    public init(
        label: String, funnel: VariantFunnel, rates: FunnelRates, verdict: Verdict, secondary: [Verdict],
        warnings: [String] = []
    ) {
        self.label = label
        self.funnel = funnel
        self.rates = rates
        self.verdict = verdict
        self.secondary = secondary
        self.warnings = warnings
    }

    /// False when the batch is too early to judge (rule 0): it is labelled, not judged.
    public var isJudged: Bool { verdict.cause != .tooEarly }

    /// The primary verdict followed by the secondary ones.
    public var allVerdicts: [Verdict] { [verdict] + secondary }
}

/// The diagnosis of one stage: every variant, the stage as a whole, and the comparison of its
/// variants on the tested dimension with the promotion decision.
public struct StageDiagnosis: Sendable, Hashable, Codable {
    /// The stage number, when known.
    public let stage: Int?
    /// The tested dimension, when known.
    public let dimension: StageDimension?
    /// True when every variant has open tracking.
    public let openTracking: Bool
    /// The stage's own verdict: the rules on the pooled counts, plus the rules that need several
    /// variants ("nothing works", "subjects or sender identity").
    public let verdict: Verdict
    /// Later stage-level rules that also fired.
    public let secondary: [Verdict]
    /// The pooled counts and rates of all variants.
    public let pooled: Diagnosis
    /// Each variant, in input order.
    public let variants: [Diagnosis]
    /// The comparison on the stage's decision metric; nil with fewer than two variants.
    public let comparison: StageComparison?

    /// Creates a stage diagnosis.
    public init(
        stage: Int?, dimension: StageDimension?, openTracking: Bool, verdict: Verdict, secondary: [Verdict],
        pooled: Diagnosis, variants: [Diagnosis], comparison: StageComparison?
    ) {
        self.stage = stage
        self.dimension = dimension
        self.openTracking = openTracking
        self.verdict = verdict
        self.secondary = secondary
        self.pooled = pooled
        self.variants = variants
        self.comparison = comparison
    }

    /// The diagnosis of the variant labelled `label`.
    public func variant(_ label: String) -> Diagnosis? { variants.first { $0.label == label } }

    enum CodingKeys: String, CodingKey {
        case stage, dimension, verdict, secondary, pooled, variants, comparison
        case openTracking = "open_tracking"
    }
}
