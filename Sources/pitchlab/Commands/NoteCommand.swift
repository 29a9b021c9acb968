import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab note "…"`: a timestamped line in the campaign journal.
struct NoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Write a timestamped note into the campaign journal (see pitchlab journal).")

    @Argument(help: "The note; quote it.")
    var text: [String]

    @Flag(help: "Print the stored note as one JSON document: id, campaign, at, text.")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    private var joined: String { text.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines) }

    func validate() throws {
        guard !joined.isEmpty else { throw ValidationError("the note is empty; write it in quotes: pitchlab note \"what changed\".") }
    }

    func run() throws {
        let workspace = options.workspace
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName,
            environment: ProcessInfo.processInfo.environment)
        let note = try workspace.openStore().addNote(campaign: config.campaign.id, text: joined, at: Date())
        print(json ? try JSONOutput.string(note) : "Noted at \(ISO8601DateFormatter().string(from: note.at)).")
    }
}
