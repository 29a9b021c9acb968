import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab goal`: progress against the goal of pitchlab.yaml, and whether the pace reaches it.
struct GoalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goal",
        abstract: "Show progress against the campaign's goal and whether the pace reaches it by the deadline.",
        discussion: """
            The goal is the goal: section of pitchlab.yaml (metric sales, orders, signups or posts; \
            target; measured_by code, url or code_or_url; deadline). Progress counts the conversions \
            imported with 'pitchlab conversions import' from the day of the first accepted pitch to \
            the deadline. The pace is linear from that first pitch to now, projected to the deadline: \
            on_track, behind, reached, missed, or no_data (with the reason).
            """)

    @Flag(help: "Print one JSON document: metric, target, progress, percent, status, message, pace…")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let report = try GoalReport.load(
            workspace: options.workspace, environment: ProcessInfo.processInfo.environment, now: Date())
        print(json ? try JSONOutput.string(report) : report.textLines.joined(separator: "\n"))
    }
}
