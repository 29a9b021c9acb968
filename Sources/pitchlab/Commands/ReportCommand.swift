import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab report`: the funnel per variant and per batch, the diagnosis, the decision and the next
/// step, as a terminal table, one JSON document or a self-contained HTML page.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Report each stage: funnel per variant and per batch, diagnosis, decision and next step.",
        discussion: """
            Rates come with 95% Wilson intervals; replies count within the reply window from delivery. \
            A batch is the sends of a stage accepted on the same UTC day. --json prints one document \
            (docs/report-schema.md); --html FILE writes one self-contained page (inline CSS and SVG, no \
            scripts) and prints its path. A Bayesian "better bet" is advice, never called significant.
            """)

    @Option(help: "Report only this stage.")
    var stage: Int?

    @Flag(help: "Print one JSON document.")
    var json = false

    @Option(help: ArgumentHelp("Write a self-contained HTML page to this file and print its path.", valueName: "file"))
    var html: String?

    @Option(help: ArgumentHelp("Count replies within this many hours of delivery.", valueName: "hours"))
    var replyWindow: Double = 72

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        guard replyWindow > 0 else { throw ValidationError("--reply-window must be a positive number of hours.") }
        if let stage, stage < 1 { throw ValidationError("--stage must be 1 or more.") }
        if let html, html.isEmpty { throw ValidationError("--html needs a file name.") }
    }

    func run() throws {
        let report: CampaignReport
        do {
            report = try CampaignReport.load(
                workspace: options.workspace, environment: ProcessInfo.processInfo.environment, now: Date(),
                stage: stage, replyWindow: ReplyWindow(hours: replyWindow))
        } catch let error as ReportError where error.isUsageError {
            throw ValidationError(error.message)
        }
        if let html {
            let url = URL(fileURLWithPath: html).standardizedFileURL
            try CampaignReportHTML(report: report).write(to: url)
            if json {
                FileHandle.standardError.write(Data("Wrote \(url.path)\n".utf8))
            } else {
                print(url.path)
                return
            }
        }
        print(json ? try JSONOutput.string(report) : report.textLines.joined(separator: "\n"))
    }
}
