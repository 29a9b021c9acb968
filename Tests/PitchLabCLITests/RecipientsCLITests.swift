import Foundation
import Testing

/// End-to-end tests of `pitchlab init`, `recipients` and `suppress` against the built binary.
@Suite("pitchlab init, recipients, suppress (CLI)")
struct RecipientsCLITests {
    /// A path for a new workspace (not created).
    private func newWorkspacePath() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-ws-\(UUID().uuidString)")
    }

    /// A workspace made by `pitchlab init`.
    private func initialized() throws -> URL {
        let workspace = newWorkspacePath()
        let result = CLI.run(["init", workspace.path])
        try #require(result.status == 0, "init failed: \(result.stderr)")
        return workspace
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not one JSON object: \(text)")
    }

    @Test("init scaffolds a workspace whose template lints clean, and refuses to run twice")
    func initWorkspace() throws {
        let workspace = try initialized()
        defer { try? FileManager.default.removeItem(at: workspace) }
        for name in ["pitchlab.yaml", "Templates/dewpoint-peer.pitch", "recipients.csv"] {
            #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent(name).path), "\(name)")
        }
        let lint = CLI.run(["template", "lint"], cwd: workspace)
        #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
        let config = try String(contentsOf: workspace.appendingPathComponent("pitchlab.yaml"), encoding: .utf8)
        let again = CLI.run(["init", workspace.path])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already has pitchlab.yaml"))
        #expect(try String(contentsOf: workspace.appendingPathComponent("pitchlab.yaml"), encoding: .utf8) == config)
    }

    @Test("init with -C and no folder creates the workspace in the -C folder")
    func initWithC() throws {
        let workspace = newWorkspacePath()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let result = CLI.run(["init", "-C", workspace.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("pitchlab.yaml").path))
    }

    @Test("import --json prints exactly the contract, and re-importing merges everything")
    func importJSON() throws {
        let workspace = try initialized()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let first = CLI.run(["recipients", "import", "recipients.csv", "--json"], cwd: workspace)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.isEmpty)
        let summary = try json(first.stdout)
        #expect(Set(summary.keys) == ["rows", "imported", "merged", "rejected", "suppressed", "errors"])
        #expect(summary["rows"] as? Int == 5 && summary["imported"] as? Int == 5)
        #expect((summary["errors"] as? [Any])?.isEmpty == true)
        let second = CLI.run(["recipients", "import", "recipients.csv", "--json", "-C", workspace.path])
        #expect(second.status == 0, "\(second.stderr)")
        let again = try json(second.stdout)
        #expect(again["imported"] as? Int == 0 && again["merged"] as? Int == 5)
        let list = CLI.run(["recipients", "list", "--json", "-C", workspace.path])
        #expect(list.status == 0)
        #expect((try json(list.stdout)["recipients"] as? [Any])?.count == 5)
    }

    @Test("a rejected row makes import exit 1, listing line, field and reason without the address")
    func importRejected() throws {
        let workspace = try initialized()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let file = workspace.appendingPathComponent("more.csv")
        try Data("email,name\nnew@example.com,New\nnot-an-address,Bad\n\"x@example.com\",\"X\r\nBcc: y@example.org\"\n".utf8).write(to: file)
        let result = CLI.run(["recipients", "import", file.path, "--json", "-C", workspace.path])
        #expect(result.status == 1)
        let summary = try json(result.stdout)
        #expect(summary["rows"] as? Int == 3 && summary["imported"] as? Int == 1 && summary["rejected"] as? Int == 2)
        let errors = try #require(summary["errors"] as? [[String: Any]])
        #expect(errors.map { Set($0.keys) } == [["line", "field", "reason"], ["line", "field", "reason"]])
        #expect(errors.map { $0["line"] as? Int } == [3, 4])
        #expect(errors.map { $0["field"] as? String } == ["email", "name"])
        #expect(!result.stdout.contains("not-an-address"))
        let text = CLI.run(["recipients", "import", file.path, "-C", workspace.path])
        #expect(text.status == 1)
        #expect(text.stdout.contains("line 3: email:"))
    }

    @Test("a Windows-1252 file is refused without --encoding (nothing imported) and accepted with it")
    func importEncoding() throws {
        let workspace = try initialized()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let file = workspace.appendingPathComponent("excel.csv")
        try Data(Array("email,name\njose@example.com,Jos".utf8) + [0xE9, 0x0A]).write(to: file)
        let refused = CLI.run(["recipients", "import", "excel.csv", "--json"], cwd: workspace)
        #expect(refused.status != 0 && refused.status != 64)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.contains("not UTF-8 at line 2; if it comes from Excel, pass --encoding windows-1252"))
        let accepted = CLI.run(["recipients", "import", "excel.csv", "--encoding", "windows-1252", "--json"], cwd: workspace)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try json(accepted.stdout)["imported"] as? Int == 1)
        let bad = CLI.run(["recipients", "import", "excel.csv", "--encoding", "latin-9"], cwd: workspace)
        #expect(bad.status == 64)
    }

    @Test("commands outside a workspace say how to create one")
    func notAWorkspace() throws {
        let folder = newWorkspacePath()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = CLI.run(["recipients", "list"], cwd: folder)
        #expect(result.status != 0)
        #expect(result.stderr.contains("pitchlab init"))
    }

    @Test("suppress add, list and remove; a suppressed address is kept out of imports")
    func suppress() throws {
        let workspace = try initialized()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let add = CLI.run(["suppress", "add", "Aiko.Tanaka@Example.com", "other@example.org", "--reason", "unsubscribe"], cwd: workspace)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("Suppressed 2 addresses"))
        let list = CLI.run(["suppress", "list", "--json", "-C", workspace.path])
        #expect(list.status == 0)
        let entries = try #require(try json(list.stdout)["suppressions"] as? [[String: Any]])
        #expect(entries.map { $0["email"] as? String } == ["aiko.tanaka@example.com", "other@example.org"])
        #expect(entries.first?["reason"] as? String == "unsubscribe")
        let imported = CLI.run(["recipients", "import", "recipients.csv", "--json"], cwd: workspace)
        let summary = try json(imported.stdout)
        #expect(summary["suppressed"] as? Int == 1 && summary["imported"] as? Int == 4)
        let remove = CLI.run(["suppress", "remove", "other@example.org"], cwd: workspace)
        #expect(remove.status == 0)
        let after = try #require(try json(CLI.run(["suppress", "list", "--json"], cwd: workspace).stdout)["suppressions"] as? [Any])
        #expect(after.count == 1)
        let badAddress = CLI.run(["suppress", "add", "nobody"], cwd: workspace)
        #expect(badAddress.status == 64)
        #expect(!badAddress.stderr.contains("nobody"))
        let badReason = CLI.run(["suppress", "add", "a@example.com", "--reason", "angry"], cwd: workspace)
        #expect(badReason.status == 64)
    }
}
