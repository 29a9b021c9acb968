import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab send`: sends a planned stage through the send ledger.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a planned stage through the crash-safe send ledger.",
        discussion: """
            Sends the planned (and due deferred) pitches of the stage at the campaign's rate limits, \
            in each recipient's send window. Ctrl-C stops claiming new sends, records the ones in \
            flight and exits; run 'pitchlab send' again to resume. Nobody is pitched twice: a send \
            whose outcome is unknown becomes ambiguous and is listed by 'pitchlab status'.
            Exit status: 0 when every send of the run was accepted or deferred, 1 when any was \
            rejected, ambiguous or could not be composed (or a dry run found problems), 2 when the \
            relay configuration stopped the run.
            """
    )

    @Option(help: "The stage to send (default: every planned stage).")
    var stage: Int?

    @Flag(help: "Render and compose every pitch; send nothing, write nothing.")
    var dryRun = false

    @Option(help: "Send at most N pitches in this run.")
    var limit: Int?

    @Option(help: ArgumentHelp("Wait at most this long for the next send to become possible (rate limit, window, retry) before stopping.", valueName: "seconds"))
    var maxWait: Double = 900

    @Flag(help: "Print one JSON summary document instead of progress and text.")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
        if let stage, stage < 1 { throw ValidationError("--stage must be at least 1.") }
        if maxWait < 0 { throw ValidationError("--max-wait must be 0 or more seconds.") }
    }

    func run() async throws {
        let stop = SendStopFlag()
        stop.installSignalHandlers {
            FileHandle.standardError.write(Data("\nStopping after the sends in flight (Ctrl-C again to quit at once).\n".utf8))
        }
        let summary = try await CampaignSender.run(
            workspace: options.workspace,
            options: CampaignSendOptions(stage: stage, limit: limit, dryRun: dryRun, maximumWait: maxWait),
            environment: ProcessInfo.processInfo.environment, stop: stop,
            progress: json ? nil : SendProgressPrinter())
        print(json ? try summary.jsonString() : summary.text)
        if summary.stopReason == .transportError { throw ExitCode(2) }
        if summary.rejected + summary.ambiguous + summary.skipped > 0 { throw ExitCode(1) }
    }
}
