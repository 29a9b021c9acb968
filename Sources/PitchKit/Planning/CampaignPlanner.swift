public import Foundation

/// Plans a campaign's stages into the send ledger, after a preflight that renders and composes every
/// pitch of the stage exactly as it would be sent.
///
/// ```swift
/// let store = try workspace.openStore()
/// let planner = try CampaignPlanner.load(workspace: workspace, store: store,
///                                        environment: ProcessInfo.processInfo.environment)
/// let stage = try planner.nextStage()
/// let report = try planner.plan(stage: stage, winners: StageWinners(), now: .now)
/// if !report.isOK { for problem in report.problems { print(problem) } }
/// ```
///
/// The split is ``StratifiedSplitter``'s with the configuration's seed, keyed by normalised address,
/// so the same recipients and seed give the same assignment whatever the import order. Planning is
/// idempotent: rows already in the ledger are kept, recipients already pitched in the campaign are
/// never planned again, and a stage that is full gets nothing new. Winners of earlier stages come
/// from ``CampaignWinnersFile``, overridden by those given.
public struct CampaignPlanner: Sendable {
    /// The workspace.
    public let workspace: Workspace
    /// The workspace's store (recipients, suppressions, ledger).
    public let store: any CampaignStore
    /// The campaign configuration.
    public let config: CampaignConfig
    /// The template the campaign's variants come from.
    public let template: PitchTemplate
    /// The template's lint findings.
    public let lint: [LintDiagnostic]
    /// Where winners are remembered.
    public let winnersFile: CampaignWinnersFile

    /// Creates a planner from loaded parts; `lint` defaults to ``PitchLinter``'s findings.
    public init(
        workspace: Workspace, store: any CampaignStore, config: CampaignConfig, template: PitchTemplate,
        lint: [LintDiagnostic]? = nil
    ) {
        self.workspace = workspace
        self.store = store
        self.config = config
        self.template = template
        self.lint = lint ?? PitchLinter().lint(template)
        self.winnersFile = CampaignWinnersFile(workspace: workspace)
    }

    /// Reads `pitchlab.yaml` and the template it names from `Templates/`; opens nothing else.
    ///
    /// - Throws: ``WorkspaceError`` (not a workspace), ``CampaignConfigError``, ``TemplateError`` (the
    ///   template does not parse) or ``PlanningError`` (no template has the configured id).
    public static func load(workspace: Workspace, store: any CampaignStore, environment: [String: String]) throws -> CampaignPlanner {
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: environment)
        let template = try loadTemplate(id: config.template, workspace: workspace)
        return CampaignPlanner(workspace: workspace, store: store, config: config, template: template)
    }

    /// The template with id `id` in the workspace's `Templates/` folder.
    public static func loadTemplate(id: String, workspace: Workspace) throws -> PitchTemplate {
        let folder = Workspace.templatesFolderName
        let files = try TemplateCatalog.templateFiles(in: workspace.templatesURL.path)
        var broken: (file: String, error: any Error)?
        for file in files {
            let display = "\(folder)/\(URL(fileURLWithPath: file).lastPathComponent)"
            do {
                let template = try PitchTemplate.load(contentsOf: URL(fileURLWithPath: file), displayPath: display)
                if template.id == id { return template }
            } catch {
                if display == "\(folder)/\(id).\(PitchTemplate.fileExtension)" || broken == nil { broken = (display, error) }
            }
        }
        if let broken, broken.file == "\(folder)/\(id).\(PitchTemplate.fileExtension)" { throw broken.error }
        let hint = broken.map { "; \($0.file) does not parse, run 'pitchlab template lint' to see why" } ?? ""
        throw PlanningError(
            .templateNotFound,
            "\(Workspace.configFileName) names template '\(id)' but no template in \(folder)/ has that id\(hint); fix the template line or add the template.")
    }

    // MARK: - Stages

    /// The test stages that apply (see ``StagePlan/testStages(config:template:)``).
    public var testStages: [StageConfig] { StagePlan.testStages(config: config, template: template) }

    /// The number of stages, the rest included.
    public var stageCount: Int { testStages.count + 1 }

    /// The stage that tests `dimension`, 1-based; nil when no stage tests it.
    public func stage(testing dimension: StageDimension) -> Int? {
        testStages.firstIndex { $0.dimension == dimension }.map { $0 + 1 }
    }

    /// The kind of a stage: `subject`, `message`, `offer` or `rest`.
    public func kind(ofStage stage: Int) -> String {
        let tests = testStages
        return stage >= 1 && stage <= tests.count ? tests[stage - 1].dimension.rawValue : "rest"
    }

    /// The winners remembered for the campaign.
    public func storedWinners() throws -> StageWinners {
        try winnersFile.winners(campaign: config.campaign.id)
    }

    /// The first stage not yet fully planned: no rows yet, or fewer rows than asked while unpitched
    /// recipients remain. The rest stage when every test stage is full.
    public func nextStage() throws -> Int {
        let entries = try store.entries(campaign: config.campaign.id, state: nil)
        let pitched = Set(entries.map(\.recipientID))
        let suppressed = Set(try store.suppressions().map(\.email))
        let remaining = try store.recipients().contains { !pitched.contains($0.id) && !suppressed.contains($0.emailKey) }
        var rows: [Int: Int] = [:]
        for entry in entries where entry.step == 0 { rows[entry.stage, default: 0] += 1 }
        for (index, test) in testStages.enumerated() {
            let stage = index + 1
            let arms = test.variants?.count ?? StagePlan.variants(of: test.dimension, in: template).count
            let requested = arms * (test.size ?? config.sizePerVariant)
            let count = rows[stage, default: 0]
            if count == 0 || (count < requested && remaining) { return stage }
        }
        return stageCount
    }

    // MARK: - Winners

    /// The winners stage `stage` uses: remembered ones, overridden by `given`, checked.
    ///
    /// - Throws: ``PlanningError`` (`invalidWinner`) when a given winner names a part that no earlier
    ///   stage tests or an id that stage did not test, or when a needed winner is missing.
    public func winners(forStage stage: Int, given: StageWinners) throws -> StageWinners {
        try checkStage(stage)
        var merged = try storedWinners()
        for dimension in StageDimension.allCases {
            guard let id = given[dimension] else { continue }
            guard let tested = self.stage(testing: dimension) else {
                throw PlanningError(
                    .invalidWinner, "--winner \(dimension)=\(id): no stage of this campaign tests \(dimension.plural); leave it out.")
            }
            guard tested < stage else {
                throw PlanningError(
                    .invalidWinner,
                    "--winner \(dimension)=\(id): \(dimension.plural) are tested in stage \(tested), so the winner can be named only when planning stage \(tested + 1) or later.")
            }
            let ids = try testedIDs(stage: tested, dimension: dimension)
            guard ids.contains(id) else {
                throw PlanningError(
                    .invalidWinner,
                    "--winner \(dimension)=\(id): stage \(tested) did not test that \(dimension); name one of: \(ids.joined(separator: ", ")).")
            }
            merged[dimension] = id
        }
        var used = StageWinners()
        for dimension in StageDimension.allCases {
            guard let tested = self.stage(testing: dimension), tested < stage else { continue }
            guard let id = merged[dimension] else {
                let ids = (try? testedIDs(stage: tested, dimension: dimension)) ?? []
                throw PlanningError(
                    .invalidWinner,
                    "stage \(stage) needs the winning \(dimension) of stage \(tested); name it with --winner \(dimension)=ID (one of: \(ids.joined(separator: ", "))).")
            }
            used[dimension] = id
        }
        return used
    }

    private func checkStage(_ stage: Int) throws(PlanningError) {
        guard (1...stageCount).contains(stage) else {
            throw PlanningError(
                .invalidStage,
                "there is no stage \(stage): campaign '\(config.campaign.id)' has \(stageCount - 1) test stage\(stageCount == 2 ? "" : "s") and stage \(stageCount) sends the winner to the rest; pick --stage from 1 to \(stageCount).")
        }
    }

    /// The ids of `dimension` that stage `stage` tests.
    private func testedIDs(stage: Int, dimension: StageDimension) throws -> [String] {
        let test = testStages[stage - 1]
        return test.variants ?? StagePlan.variants(of: dimension, in: template)
    }

    // MARK: - Plan

    /// Checks stage `stage` without writing anything: the split, the counts, and every pitch rendered
    /// and composed. ``PlanReport/dryRun`` is true and ``PlanReport/written`` 0.
    ///
    /// - Parameter winners: Winners given now; remembered ones fill the rest.
    /// - Throws: ``PlanningError`` for a bad stage or winner, ``CampaignConfigError`` when the stage
    ///   cannot be built from the configuration, ``StoreError`` when the store fails.
    public func preflight(stage: Int, winners: StageWinners, extraBatch: [CampaignVariant: Int]? = nil) throws -> PlanReport {
        try prepare(stage: stage, given: winners, extraBatch: extraBatch).report
    }

    /// Runs the preflight, then (when it found no problems and no lint errors) remembers the winners
    /// and writes the stage's new `planned` rows in one transaction.
    ///
    /// - Returns: The report; ``PlanReport/written`` says how many rows were added (0 when
    ///   ``PlanReport/isOK`` is false: nothing is written then).
    ///   - extraBatch: Plan one more batch of the stage: this many more rows per variant, on top of the
    ///     rows it already has (e.g. a ``BatchAllocation`` by Thompson sampling); nil plans the
    ///     configured sizes.
    public func plan(stage: Int, winners: StageWinners, now: Date, extraBatch: [CampaignVariant: Int]? = nil) throws -> PlanReport {
        let prepared = try prepare(stage: stage, given: winners, extraBatch: extraBatch)
        var report = prepared.report
        report.dryRun = false
        guard report.isOK else { return report }
        if prepared.remember != (try storedWinners()) {
            try winnersFile.save(prepared.remember, campaign: config.campaign.id)
        }
        if !prepared.sends.isEmpty {
            report.written = try store.plan(prepared.sends, now: now)
        }
        return report
    }

    private struct Prepared {
        var report: PlanReport
        var sends: [PlannedSend]
        var remember: StageWinners
    }

    private func prepare(stage: Int, given: StageWinners, extraBatch: [CampaignVariant: Int]? = nil) throws -> Prepared {
        let campaign = config.campaign.id
        let used = try winners(forStage: stage, given: given)
        let plan = try StagePlan.make(config: config, template: template, stage: stage, winners: used)
        let entries = try store.entries(campaign: campaign, state: nil)

        // A winner given now must agree with the rows already planned with an earlier one.
        for dimension in StageDimension.allCases {
            guard let id = given[dimension], let tested = self.stage(testing: dimension) else { continue }
            if let row = entries.first(where: { $0.stage > tested && $0.variant[dimension] != id }) {
                throw PlanningError(
                    .conflictingWinner,
                    "--winner \(dimension)=\(id) contradicts stage \(row.stage), already planned with \(dimension) '\(row.variant[dimension])'; keep that winner (or leave --winner out).")
            }
        }

        // Recipients are held once; everything else refers to them by index (a workspace of 100,000
        // creators would otherwise be copied five or six times over).
        let recipients = try store.recipients()
        var indexByID: [Int64: Int] = [:]
        indexByID.reserveCapacity(recipients.count)
        for (index, recipient) in recipients.enumerated() { indexByID[recipient.id] = index }
        func recipient(_ id: Int64) -> StoredRecipient? { indexByID[id].map { recipients[$0] } }
        let suppressedKeys = Set(try store.suppressions().map(\.email))
        let pitched = Set(entries.map(\.recipientID))
        let stageRows = entries.filter { $0.stage == stage && $0.step == 0 }
        var existing: [CampaignVariant: Int] = [:]
        for row in stageRows { existing[row.variant, default: 0] += 1 }

        var unpitchedCount = 0
        var eligible: [Int] = []
        for (index, recipient) in recipients.enumerated() where !pitched.contains(recipient.id) {
            unpitchedCount += 1
            if !suppressedKeys.contains(recipient.emailKey) { eligible.append(index) }
        }
        let remainingArms = plan.arms.map { arm in
            if let extraBatch { return StagePlan.Arm(variant: arm.variant, size: max(0, extraBatch[arm.variant] ?? 0)) }
            return StagePlan.Arm(variant: arm.variant, size: arm.size.map { max(0, $0 - existing[arm.variant, default: 0]) })
        }
        var assignments: [(recipient: Int, variant: CampaignVariant)] = []
        if remainingArms.contains(where: { $0.size.map { $0 > 0 } ?? true }) {
            var indexByKey: [String: Int] = [:]
            indexByKey.reserveCapacity(eligible.count)
            for index in eligible where indexByKey[recipients[index].emailKey] == nil { indexByKey[recipients[index].emailKey] = index }
            let split = StratifiedSplitter.split(
                plan: StagePlan(number: plan.number, kind: plan.kind, arms: remainingArms),
                recipients: eligible.map {
                    SplitRecipient(id: recipients[$0].emailKey, persona: recipients[$0].fields.persona, type: recipients[$0].fields.type)
                },
                alreadyPitched: [], seed: config.seed)
            assignments = split.assignments.compactMap { a in indexByKey[a.recipientID].map { ($0, a.variant) } }
        }

        // Preflight: every recipient of the stage still to be sent, with every variant of the stage.
        let preflight = PitchPreflight(
            renderer: try TemplateRenderer(template: template), sender: try config.sender.makePitchSender())
        let armVariants = plan.arms.map(\.variant)
        var problems: [PlanProblem] = []
        for row in stageRows where row.state.isClaimable {
            guard let recipient = recipient(row.recipientID) else { continue }
            let variants = armVariants.contains(row.variant) ? armVariants : armVariants + [row.variant]
            problems += preflight.check(recipient, variants: variants)
        }
        for assignment in assignments {
            problems += preflight.check(recipients[assignment.recipient], variants: armVariants)
        }
        problems.sort { ($0.recipientID, $0.field) < ($1.recipientID, $1.field) }

        // Counts per variant, persona and type: the kept rows plus the new ones.
        var order = armVariants
        for row in stageRows where !order.contains(row.variant) { order.append(row.variant) }
        var counts = Dictionary(uniqueKeysWithValues: order.map { variant in
            (variant, PlanReport.VariantCount(
                key: variant.key, subject: variant.choice.subject, message: variant.choice.message,
                offer: variant.choice.offer, size: plan.arms.first { $0.variant == variant }?.size, count: 0, new: 0,
                personas: [:], types: [:]))
        })
        func tally(_ recipient: StoredRecipient?, _ variant: CampaignVariant, isNew: Bool) {
            counts[variant]?.count += 1
            if isNew { counts[variant]?.new += 1 }
            counts[variant]?.personas[Self.label(recipient?.fields.persona), default: 0] += 1
            counts[variant]?.types[Self.label(recipient?.fields.type), default: 0] += 1
        }
        for row in stageRows { tally(recipient(row.recipientID), row.variant, isNew: false) }
        for assignment in assignments { tally(recipients[assignment.recipient], assignment.variant, isNew: true) }

        let requested = plan.requestedSize
        let report = PlanReport(
            campaign: campaign, stage: stage, stages: stageCount, kind: plan.kind.description, dryRun: true,
            winners: PlanReport.Winners(used),
            requested: requested, eligible: eligible.count, suppressed: unpitchedCount - eligible.count,
            alreadyPlanned: stageRows.count, new: assignments.count, written: 0,
            shortfall: requested.map { max(0, $0 - stageRows.count - assignments.count) } ?? 0,
            variants: order.compactMap { counts[$0] }, problems: problems, lint: lint)

        var remember = try storedWinners()
        for dimension in StageDimension.allCases where given[dimension] != nil { remember[dimension] = given[dimension] }
        let sends = assignments.map {
            PlannedSend(campaign: campaign, recipientID: recipients[$0.recipient].id, stage: stage, variant: $0.variant)
        }
        return Prepared(report: report, sends: sends, remember: remember)
    }

    /// A persona or type as counted: trimmed, lower-cased, `-` when empty (as the split's strata).
    static func label(_ value: String?) -> String {
        let text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return text.isEmpty ? "-" : text
    }
}
