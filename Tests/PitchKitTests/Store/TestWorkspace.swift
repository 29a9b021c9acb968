import Foundation
import PitchKit

/// A scaffolded workspace in a fresh temporary folder, removed by ``remove()``.
struct TestWorkspace {
    let workspace: Workspace
    let store: SQLiteCampaignStore

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-store-\(UUID().uuidString)")
        workspace = try Workspace.create(at: directory.path)
        store = try workspace.openStore()
    }

    var directory: URL { workspace.directory }

    /// Writes `bytes` to a file in the workspace and returns its URL.
    func write(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// Writes UTF-8 `text` to a file in the workspace and returns its URL.
    func write(_ name: String, _ text: String) throws -> URL {
        try write(name, Array(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
