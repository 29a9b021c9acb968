import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab diagnose`: what is wrong with each stage and variant, and what would settle it.
struct DiagnoseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Say per stage and variant whether the subject, message, offer or audience is the problem.",
        discussion: """
            Rules in order (stats.md §5): not enough data, deliverability, subject, message, offer, \
            audience, working. Each verdict comes with its evidence, its strength (probably = beyond the \
            80% interval, clearly = beyond the 95% one) and, when undecided, how many more sends would \
            settle it. Replies count within the reply window from delivery. A Bayesian "better bet" is \
            never called significant.
            """)

    @Option(help: ArgumentHelp("Count replies within this many hours of delivery.", valueName: "hours"))
    var replyWindow: Double = 72

    @Flag(help: "Print one JSON document.")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        guard replyWindow > 0 else { throw ValidationError("--reply-window must be a positive number of hours.") }
    }

    func run() throws {
        let analysis = try CampaignAnalysis.load(
            workspace: options.workspace, environment: ProcessInfo.processInfo.environment, now: Date(),
            replyWindow: ReplyWindow(hours: replyWindow))
        print(json ? try JSONOutput.string(analysis) : analysis.textLines.joined(separator: "\n"))
    }
}
