import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab plan`: the preflight of a stage, then its planned sends in the ledger.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Check a stage (render every pitch, lint, sizes, suppression) and plan its sends.",
        discussion: """
            Splits the recipients not yet pitched in the campaign among the stage's variants (random, \
            seeded by pitchlab.yaml, balanced across persona and creator type), renders and composes \
            every pitch exactly as it would be sent, and writes the stage's planned sends in one \
            transaction. Any problem (a missing variable, an invalid address, a value that would \
            inject a header, a template lint error) is listed with the recipient's id and nothing is \
            written. Running it again adds nothing new.
            Stages after the first use the winners of earlier ones: name them once with \
            --winner subject=ID (then message=ID, offer=ID); they are remembered in \
            pitchlab.winners.json. Exit status: 0 planned (or checked), 1 problems found, 64 bad usage.
            """)

    @Option(help: "The stage to plan; by default the first stage not yet fully planned.")
    var stage: Int?

    @Option(
        name: .customLong("winner"),
        help: ArgumentHelp("The winner of an earlier stage, as part=ID (subject, message or offer); repeatable.", valueName: "part=id"))
    var winners: [String] = []

    @Flag(help: "Check only: write nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp(
        "Plan one more batch of a test stage with this many sends, split by --allocate from the stage's results so far.",
        valueName: "n"))
    var more: Int?

    @Option(help: ArgumentHelp("How --more is split: thompson (more to the likely best, a floor per arm) or equal.", valueName: "method"))
    var allocate = "thompson"

    @Option(help: "The seed of the Thompson split (the same results and seed give the same split).")
    var allocationSeed: UInt64 = 1

    @Flag(help: "Print one JSON document: the plan report.")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if let stage, stage < 1 { throw ValidationError("--stage must be 1 or more.") }
        if let more {
            guard more >= 1 else { throw ValidationError("--more must be 1 or more.") }
            guard stage != nil else { throw ValidationError("--more needs --stage: the test stage to add a batch to.") }
        }
        guard BatchAllocation.Method(rawValue: allocate) != nil else {
            throw ValidationError("--allocate '\(allocate)' is not one of: thompson, equal.")
        }
        _ = try parsedWinners()
    }

    /// The `--winner` options as winners by part.
    private func parsedWinners() throws -> StageWinners {
        var result = StageWinners()
        for text in winners {
            let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let dimension = StageDimension(rawValue: parts[0].lowercased()), !parts[1].isEmpty else {
                throw ValidationError("--winner '\(text)' must be subject=ID, message=ID or offer=ID.")
            }
            if let earlier = result[dimension], earlier != parts[1] {
                throw ValidationError("--winner names two \(dimension.plural) ('\(earlier)' and '\(parts[1])'); give one.")
            }
            result[dimension] = parts[1]
        }
        return result
    }

    func run() throws {
        let store = try options.workspace.openStore()
        let planner = try CampaignPlanner.load(
            workspace: options.workspace, store: store, environment: ProcessInfo.processInfo.environment)
        let report: PlanReport
        var allocation: BatchAllocation?
        do {
            let stage = try self.stage ?? planner.nextStage()
            if let more {
                let analysis = try CampaignAnalysis.load(
                    workspace: options.workspace, environment: ProcessInfo.processInfo.environment, now: Date())
                guard let analysed = analysis.stages.first(where: { $0.stage == stage }) else {
                    throw ValidationError("stage \(stage) has no accepted sends yet; send it before planning another batch.")
                }
                allocation = try BatchAllocation.make(
                    stage: analysed, batchSize: more, method: BatchAllocation.Method(rawValue: allocate) ?? .thompson,
                    seed: allocationSeed)
            }
            report = dryRun
                ? try planner.preflight(stage: stage, winners: try parsedWinners(), extraBatch: allocation?.extraBatch)
                : try planner.plan(stage: stage, winners: try parsedWinners(), now: Date(), extraBatch: allocation?.extraBatch)
        } catch let error as PlanningError where error.isUsageError {
            throw ValidationError(error.message)
        }
        if json {
            print(try JSONOutput.string(report))
        } else {
            if let allocation { print(allocation.textLines.joined(separator: "\n")) }
            print(report.textLines.joined(separator: "\n"))
        }
        if !report.isOK { throw ExitCode(1) }
    }
}
