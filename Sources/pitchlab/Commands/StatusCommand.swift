import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab status`: the campaign's send ledger at a glance.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show sends per state, stage and variant, the deferred queue and ambiguous sends.",
        discussion: """
            Ambiguous sends went out but got no final reply (or the sender stopped mid-send); they are \
            never resent automatically. Look for their Message-ID in your Sent folder or the relay's \
            log, then settle each with pitchlab resolve MESSAGE-ID --sent or --not-sent.
            """)

    @Flag(help: "Print one JSON document: states, stages, deferred, ambiguous, winners.")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let store = try options.workspace.openStore()
        let status = try CampaignStatus.load(
            workspace: options.workspace, store: store, environment: ProcessInfo.processInfo.environment)
        print(json ? try JSONOutput.string(status) : status.textLines.joined(separator: "\n"))
    }
}
