import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab init [DIR]`: scaffolds a workspace (never overwrites one).
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: pitchlab.yaml, Templates/ with one pitch, and a sample recipients.csv.",
        discussion: "Refuses to touch a folder that already holds a workspace.")

    @Argument(help: "The folder to create the workspace in (default: the -C folder, else the current folder).")
    var dir: String?

    @OptionGroup var options: WorkspaceOptions

    func run() throws {
        let path =
            switch dir {
            case nil: options.directory
            case let dir? where dir.hasPrefix("/") || options.directory == ".": dir
            case let dir?: options.directory + "/" + dir
            }
        try Workspace.create(at: path)
        print("Created workspace \(path): pitchlab.yaml, Templates/\(Workspace.scaffoldTemplateFileName), recipients.csv.")
        print("Next: edit pitchlab.yaml, then run: pitchlab recipients import recipients.csv -C \(path)")
    }
}
