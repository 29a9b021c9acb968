import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab opens`: opens and clicks per stage and variant, machine opens told apart.
struct OpensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opens",
        abstract: "Classify every pixel hit and click again, and show human opens per stage and variant.",
        discussion: """
            Hits are stored raw by pitchlab serve; this command classifies them (Apple Mail Privacy \
            Protection proxy, Google image proxy, security scanner, human) with the windows and range \
            files of pitchlab.yaml's tracking section, stores the classes next to the hits, and prints \
            the human open rate over trackable recipients (MPP recipients are left out: their opens \
            cannot be seen). Clicks and human replies count as opens.
            """)

    @Flag(help: "Print one JSON document.")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let workspace = options.workspace
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: ProcessInfo.processInfo.environment)
        let classifier = OpenClassifier(configuration: try .init(tracking: config.tracking, workspace: workspace))
        let report = try OpenReport.build(campaign: config.campaign.id, store: try workspace.openStore(), classifier: classifier)
        print(json ? try JSONOutput.string(report) : report.textLines.joined(separator: "\n"))
    }
}
