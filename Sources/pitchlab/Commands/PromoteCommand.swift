import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab promote`: pick a stage's winner with the decision rule, and remember it for the next stage.
struct PromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Promote the winner of a test stage (a proven difference, or a better bet you accept).",
        discussion: """
            A valid claim (the leader beats every other variant at family-wise 5%, with the sequential \
            test when the stage was looked at after several batches) promotes at once. A better bet \
            (not proven, small expected loss) is promoted only with --accept-better-bet, and is \
            reported as such. Otherwise nothing is promoted and the command says how many more sends \
            would settle it. The winner is saved in pitchlab.winners.json for 'pitchlab plan'. \
            Exit status: 0 promoted, 1 nothing promoted.
            """)

    @Option(help: "The stage (the latest test stage with sends by default).")
    var stage: Int?

    @Flag(help: "Promote the better bet when no difference is proven.")
    var acceptBetterBet = false

    @Option(help: ArgumentHelp("Count replies within this many hours of delivery.", valueName: "hours"))
    var replyWindow: Double = 72

    @Flag(help: "Print one JSON document.")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let analysis = try CampaignAnalysis.load(
            workspace: options.workspace, environment: ProcessInfo.processInfo.environment, now: Date(),
            replyWindow: ReplyWindow(hours: replyWindow))
        let promotion = try StagePromotion.promote(
            workspace: options.workspace, analysis: analysis, stage: stage, acceptBetterBet: acceptBetterBet)
        print(json ? try JSONOutput.string(promotion) : promotion.textLines.joined(separator: "\n"))
        if !promotion.saved { throw ExitCode(1) }
    }
}
