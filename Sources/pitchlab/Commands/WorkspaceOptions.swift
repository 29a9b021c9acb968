import ArgumentParser
import Foundation
import PitchKit

/// `-C DIR`: the workspace folder, shared by every command that works on a workspace.
struct WorkspaceOptions: ParsableArguments {
    @Option(
        name: [.customShort("C"), .customLong("workspace")],
        help: ArgumentHelp("The workspace folder; the current folder by default.", valueName: "dir"))
    var directory = "."

    /// The workspace named by `-C`.
    var workspace: Workspace { Workspace(path: directory) }

    /// `path` as the command means it: absolute, or relative to the workspace folder when the file is
    /// there (as `git -C` does), else relative to the current folder.
    func resolve(_ path: String) -> String {
        guard !path.hasPrefix("/"), directory != "." else { return path }
        let inWorkspace = workspace.directory.appendingPathComponent(path).path
        return FileManager.default.fileExists(atPath: inWorkspace) ? inWorkspace : path
    }
}
