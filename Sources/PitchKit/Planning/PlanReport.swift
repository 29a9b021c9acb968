/// What `pitchlab plan` found and did for one stage: who gets what, what is missing, what is wrong.
///
/// `--json` prints it as one document (snake_case keys). ``isOK`` is false when there are problems
/// or template lint errors; then nothing was written.
public struct PlanReport: Sendable, Equatable, Encodable {
    /// The campaign id.
    public var campaign: String
    /// The stage number, 1-based.
    public var stage: Int
    /// The number of stages, the rest included.
    public var stages: Int
    /// `subject`, `message`, `offer` or `rest`.
    public var kind: String
    /// True when nothing was to be written (`--dry-run`).
    public var dryRun: Bool
    /// The winners of earlier stages the stage uses.
    public var winners: Winners
    /// Recipients the stage asks for; nil for the rest stage (everyone left).
    public var requested: Int?
    /// Recipients not yet pitched in the campaign and not suppressed, before this plan.
    public var eligible: Int
    /// Recipients not yet pitched that were left out because they are suppressed.
    public var suppressed: Int
    /// Rows of this stage that were already in the ledger (kept as they are).
    public var alreadyPlanned: Int
    /// New rows: written by `plan`, or that `plan` would write after a dry run.
    public var new: Int
    /// Rows actually written by this run (0 for a dry run or when there are problems).
    public var written: Int
    /// How many the stage asked for but could not get.
    public var shortfall: Int
    /// Per variant: counts, and counts per persona and per creator type.
    public var variants: [VariantCount]
    /// Recipients whose pitch would not render or compose.
    public var problems: [PlanProblem]
    /// The template's lint findings (errors stop the plan; warnings do not).
    public var lint: [LintDiagnostic]

    /// The winners used, by part.
    public struct Winners: Sendable, Equatable, Encodable {
        /// The winning subject id, when the stage uses one.
        public var subject: String?
        /// The winning message id, when the stage uses one.
        public var message: String?
        /// The winning offer id, when the stage uses one.
        public var offer: String?

        /// Creates winners by part.
        public init(subject: String? = nil, message: String? = nil, offer: String? = nil) {
            self.subject = subject
            self.message = message
            self.offer = offer
        }

        /// The winners of a ``StageWinners``.
        public init(_ winners: StageWinners) {
            self.init(subject: winners.subject, message: winners.message, offer: winners.offer)
        }

        /// Encodes every key, null when not decided.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(subject, forKey: .subject)
            try container.encode(message, forKey: .message)
            try container.encode(offer, forKey: .offer)
        }

        enum CodingKeys: String, CodingKey { case subject, message, offer }
    }

    /// One variant of the stage and who gets it.
    public struct VariantCount: Sendable, Equatable, Encodable {
        /// `template/subject/message/offer`.
        public var key: String
        /// The subject id.
        public var subject: String
        /// The message id.
        public var message: String
        /// The offer id.
        public var offer: String
        /// Recipients asked for; nil for everyone left.
        public var size: Int?
        /// Recipients in the stage with this variant (kept plus new).
        public var count: Int
        /// New recipients among them.
        public var new: Int
        /// Recipients per persona (trimmed, lower-cased; `-` when empty).
        public var personas: [String: Int]
        /// Recipients per creator type (`peer`, `authority`, `aspirational`; `-` when empty).
        public var types: [String: Int]

        enum CodingKeys: String, CodingKey { case key, subject, message, offer, size, count, new, personas, types }

        /// Encodes every key, `size` as null for the rest stage.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(key, forKey: .key)
            try container.encode(subject, forKey: .subject)
            try container.encode(message, forKey: .message)
            try container.encode(offer, forKey: .offer)
            try container.encode(size, forKey: .size)
            try container.encode(count, forKey: .count)
            try container.encode(new, forKey: .new)
            try container.encode(personas, forKey: .personas)
            try container.encode(types, forKey: .types)
        }
    }

    /// The number of lint errors.
    public var lintErrors: Int { lint.count { $0.isError } }

    /// True when the stage can be sent: no problems and no lint errors.
    public var isOK: Bool { problems.isEmpty && lintErrors == 0 }

    enum CodingKeys: String, CodingKey {
        case campaign, stage, stages, kind, winners, requested, eligible, suppressed, new, written, shortfall
        case variants, problems, lint, ok
        case dryRun = "dry_run"
        case alreadyPlanned = "already_planned"
        case lintErrors = "lint_errors"
    }

    /// Encodes every key (null where absent), plus `ok` and `lint_errors`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(campaign, forKey: .campaign)
        try container.encode(stage, forKey: .stage)
        try container.encode(stages, forKey: .stages)
        try container.encode(kind, forKey: .kind)
        try container.encode(dryRun, forKey: .dryRun)
        try container.encode(winners, forKey: .winners)
        try container.encode(requested, forKey: .requested)
        try container.encode(eligible, forKey: .eligible)
        try container.encode(suppressed, forKey: .suppressed)
        try container.encode(alreadyPlanned, forKey: .alreadyPlanned)
        try container.encode(new, forKey: .new)
        try container.encode(written, forKey: .written)
        try container.encode(shortfall, forKey: .shortfall)
        try container.encode(variants, forKey: .variants)
        try container.encode(problems, forKey: .problems)
        try container.encode(lint, forKey: .lint)
        try container.encode(lintErrors, forKey: .lintErrors)
        try container.encode(isOK, forKey: .ok)
    }
}
