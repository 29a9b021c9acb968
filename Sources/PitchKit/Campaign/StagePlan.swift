/// What one stage sends: its variants and how many recipients each gets.
///
/// ```swift
/// let stage1 = try StagePlan.make(config: config, template: template, stage: 1)
/// let stage2 = try StagePlan.make(config: config, template: template, stage: 2,
///                                 winners: StageWinners(subject: "routine"))
/// let rest = try StagePlan.make(config: config, template: template, stage: StagePlan.stageCount(config: config, template: template),
///                               winners: StageWinners(subject: "routine", message: "short", offer: "fee-kit"))
/// ```
///
/// A test stage varies one part (``StageDimension``) and fixes the others: an earlier stage's part at
/// its winner, a later one at its control (the first id the stage lists, or the template's first).
/// The stage after the last test stage is the rest: the overall winner goes to everyone not yet
/// pitched in the campaign (a size of nil).
public struct StagePlan: Sendable, Equatable {
    /// What a stage does.
    public enum Kind: Sendable, Hashable, CustomStringConvertible {
        /// A test of one part's variants.
        case test(StageDimension)
        /// The winner to everyone not yet pitched.
        case rest

        /// `subject`, `message`, `offer` or `rest`.
        public var description: String {
            switch self {
            case .test(let dimension): dimension.rawValue
            case .rest: "rest"
            }
        }
    }

    /// One variant of the stage and its share.
    public struct Arm: Sendable, Hashable {
        /// The variant sent.
        public var variant: CampaignVariant
        /// Recipients it gets; nil for everyone left (the rest stage).
        public var size: Int?
    }

    /// The stage number, 1-based.
    public let number: Int
    /// What the stage does.
    public let kind: Kind
    /// The variants, in configuration order.
    public let arms: [Arm]

    /// The recipients the stage asks for; nil for the rest stage (everyone left).
    public var requestedSize: Int? {
        arms.reduce(Optional(0)) { total, arm in
            guard let total, let size = arm.size else { return nil }
            return total + size
        }
    }

    /// The test stages that apply with this template: the configured ones, or the default plan
    /// without the parts the template has only one variant of.
    public static func testStages(config: CampaignConfig, template: PitchTemplate) -> [StageConfig] {
        guard config.stagesAreDefault else { return config.stages }
        return config.stages.filter { variants(of: $0.dimension, in: template).count >= 2 }
    }

    /// The number of stages, the rest included.
    public static func stageCount(config: CampaignConfig, template: PitchTemplate) -> Int {
        testStages(config: config, template: template).count + 1
    }

    /// Plans stage `stage` (1-based).
    ///
    /// - Parameters:
    ///   - config: The campaign configuration.
    ///   - template: The template named by `config.template`.
    ///   - stage: The stage number; the last one is the rest.
    ///   - winners: The winning ids of the earlier stages (every part tested before `stage`).
    /// - Throws: ``CampaignConfigError`` (kind `invalidStage` or `invalidField`) when the stage does not
    ///   exist, a winner is missing or unknown, or the configured variants are not in the template.
    public static func make(
        config: CampaignConfig, template: PitchTemplate, stage: Int, winners: StageWinners = StageWinners()
    ) throws(CampaignConfigError) -> StagePlan {
        func failure(_ kind: CampaignConfigError.Kind, line: Int?, field: String?, _ message: String) -> CampaignConfigError {
            CampaignConfigError(kind, file: config.file, line: line, column: nil, field: field, message)
        }
        guard template.id == config.template else {
            throw failure(.invalidField, line: nil, field: "template",
                          "the campaign uses template '\(config.template)' but was given '\(template.id)'; load the template the campaign names.")
        }
        let tests = testStages(config: config, template: template)
        let restNumber = tests.count + 1
        guard (1...restNumber).contains(stage) else {
            throw failure(.invalidStage, line: nil, field: "stages",
                          "there is no stage \(stage): the plan has \(tests.count) test stage\(tests.count == 1 ? "" : "s") and stage \(restNumber) sends the winner to the rest; pick a stage from 1 to \(restNumber).")
        }

        // The ids each configured stage tests, checked against the template.
        var tested: [StageDimension: (index: Int, ids: [String])] = [:]
        for (index, stageConfig) in tests.enumerated() {
            let field = "stages[\(index + 1)].variants"
            let available = variants(of: stageConfig.dimension, in: template)
            let ids = stageConfig.variants ?? available
            if let unknown = ids.first(where: { !available.contains($0) }) {
                throw failure(.invalidField, line: stageConfig.line, field: field,
                              "\(field) names \(stageConfig.dimension) '\(unknown)', which template '\(template.id)' does not have; use one of: \(available.joined(separator: ", ")).")
            }
            guard ids.count >= 2 else {
                throw failure(.invalidStage, line: stageConfig.line, field: "stages[\(index + 1)]",
                              "stage \(index + 1) tests \(stageConfig.dimension.plural) but template '\(template.id)' has only \(ids.count); add \(stageConfig.dimension) variants to the template or remove the stage.")
            }
            tested[stageConfig.dimension] = (index, ids)
        }

        // Fix each part: an earlier stage's winner, or the control.
        var fixed: [StageDimension: String] = [:]
        for dimension in StageDimension.allCases {
            let available = variants(of: dimension, in: template)
            guard let control = tested[dimension]?.ids.first ?? available.first else {
                throw failure(.invalidStage, line: nil, field: "template",
                              "template '\(template.id)' has no \(dimension); add one and run pitchlab template lint.")
            }
            if let entry = tested[dimension], entry.index + 1 < stage {
                guard let winner = winners[dimension] else {
                    throw failure(.invalidStage, line: tests[entry.index].line, field: "stages[\(entry.index + 1)]",
                                  "stage \(stage) needs the winning \(dimension) of stage \(entry.index + 1); name it (one of: \(entry.ids.joined(separator: ", "))).")
                }
                guard entry.ids.contains(winner) else {
                    throw failure(.invalidStage, line: tests[entry.index].line, field: "stages[\(entry.index + 1)]",
                                  "the winning \(dimension) '\(winner)' was not tested in stage \(entry.index + 1); name one of: \(entry.ids.joined(separator: ", ")).")
                }
                fixed[dimension] = winner
            } else {
                fixed[dimension] = control
            }
        }

        func variant(_ dimension: StageDimension?, _ id: String?) -> CampaignVariant {
            var parts = fixed
            if let dimension, let id { parts[dimension] = id }
            return CampaignVariant(
                template: template.id,
                choice: PitchVariantChoice(subject: parts[.subject]!, message: parts[.message]!, offer: parts[.offer]!))
        }

        if stage == restNumber {
            return StagePlan(number: stage, kind: .rest, arms: [Arm(variant: variant(nil, nil), size: nil)])
        }
        let stageConfig = tests[stage - 1]
        let ids = tested[stageConfig.dimension]!.ids
        let size = stageConfig.size ?? config.sizePerVariant
        return StagePlan(
            number: stage, kind: .test(stageConfig.dimension),
            arms: ids.map { Arm(variant: variant(stageConfig.dimension, $0), size: size) })
    }

    /// The template's ids of one part, in file order.
    static func variants(of dimension: StageDimension, in template: PitchTemplate) -> [String] {
        switch dimension {
        case .subject: template.subjects.map(\.id)
        case .message: template.messages.map(\.id)
        case .offer: template.offers.map(\.id)
        }
    }
}
