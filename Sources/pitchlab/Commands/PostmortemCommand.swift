import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab postmortem`: the campaign against its goal, and what to do next time.
struct PostmortemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmortem",
        abstract: "Was the goal met, which creators and variants delivered, and what to do next time.",
        discussion: """
            Counts from the stored events: the goal's progress (pitchlab goal), pitches, replies by \
            class, conversions and revenue per creator type, persona and variant against their \
            expected value (scoring:), pitch-to-reply time and posts published, and lessons — more, \
            faster, cheaper — each with its evidence, drawn only when the numbers support them.
            """)

    @Option(help: ArgumentHelp("Also write the post-mortem as one self-contained HTML page.", valueName: "file"))
    var html: String?

    @Flag(help: "Print one JSON document.")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let postmortem = try Postmortem.load(
            workspace: options.workspace, environment: ProcessInfo.processInfo.environment, now: Date())
        if let html {
            let url = URL(fileURLWithPath: html).standardizedFileURL
            try PostmortemHTML(postmortem).write(to: url)
            if !json { print("Wrote \(url.path)") }
        }
        print(json ? try JSONOutput.string(postmortem) : postmortem.textLines.joined(separator: "\n"))
    }
}
