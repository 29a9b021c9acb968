import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab journal`: the notes, and what PitchLab recorded itself.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "List the campaign's notes and what PitchLab recorded: reply times, negotiations, posts.",
        discussion: """
            Pitch-to-reply time runs from the relay's acceptance to the first human reply's Date. \
            Negotiated counts creators with a reply classed negotiate, with the amount their latest \
            such reply names ($400, 400€, 400 EUR…), quoted text left out. Posts published are \
            conversions of kind post (pitchlab conversions import).
            """)

    @Flag(help: "Print one JSON document: notes, pitched, replied, reply_time, negotiated, negotiations, posts_published…")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let journal = try CampaignJournal.load(workspace: options.workspace, environment: ProcessInfo.processInfo.environment)
        print(json ? try JSONOutput.string(journal) : journal.textLines.joined(separator: "\n"))
    }
}
