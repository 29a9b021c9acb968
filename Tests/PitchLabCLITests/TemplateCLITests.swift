import Foundation
import Testing

/// End-to-end tests of `pitchlab template …` against the built binary, each in its own workspace.
@Suite("pitchlab template (CLI)")
struct TemplateCLITests {
    /// A fresh folder with the repository's Templates/ and the sample recipients file.
    private func makeWorkspace(withTemplates: Bool = true) throws -> URL {
        let manager = FileManager.default
        let workspace = manager.temporaryDirectory.appendingPathComponent("pitchlab-template-\(UUID().uuidString)")
        try manager.createDirectory(at: workspace, withIntermediateDirectories: true)
        let root = CLI.packageRoot
        if withTemplates {
            // Copy file by file, so the workspace never shares a folder (or a symlink) with the repository.
            let source = root.appendingPathComponent("Templates").resolvingSymlinksInPath()
            let target = workspace.appendingPathComponent("Templates")
            try manager.createDirectory(at: target, withIntermediateDirectories: true)
            for name in try manager.contentsOfDirectory(atPath: source.path) where name.hasSuffix(".pitch") {
                try manager.copyItem(at: source.appendingPathComponent(name), to: target.appendingPathComponent(name))
            }
        }
        try manager.copyItem(
            at: root.appendingPathComponent("Tests/PitchKitTests/Fixtures/recipients.csv"),
            to: workspace.appendingPathComponent("recipients.csv"))
        return workspace
    }

    private func badFixture(_ name: String, into workspace: URL) throws -> String {
        let source = CLI.packageRoot.appendingPathComponent("Tests/PitchKitTests/Fixtures/bad/\(name).pitch")
        try FileManager.default.copyItem(at: source, to: workspace.appendingPathComponent("\(name).pitch"))
        return "\(name).pitch"
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not one JSON object: \(text)")
    }

    @Test("lint passes on the shipped templates")
    func lintTemplates() throws {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let result = CLI.run(["template", "lint"], cwd: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 templates checked: no problems."))
        #expect(result.stderr.isEmpty)
    }

    @Test("lint --json prints one JSON document and exits 1 on errors")
    func lintJSONErrors() throws {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let file = try badFixture("attachment", into: workspace)
        let result = CLI.run(["template", "lint", file, "--json"], cwd: workspace)
        #expect(result.status == 1)
        let report = try json(result.stdout)
        #expect(report["errors"] as? Int == 1)
        let files = try #require(report["files"] as? [[String: Any]])
        let diagnostics = try #require(files.first?["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["rule"] as? String == "attachment")
        #expect(diagnostics.first?["line"] as? Int == 26)
        #expect(diagnostics.first?["file"] as? String == file)
        #expect(result.stderr.isEmpty)
    }

    @Test("lint --json on clean templates reports no errors and exits 0")
    func lintJSONClean() throws {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let result = CLI.run(["template", "lint", "--json"], cwd: workspace)
        #expect(result.status == 0)
        let report = try json(result.stdout)
        #expect(report["errors"] as? Int == 0 && report["warnings"] as? Int == 0)
        #expect((report["files"] as? [Any])?.count == 3)
    }

    @Test("lint prints file:line:column findings with hints; warnings alone exit 0")
    func lintHuman() throws {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let errorFile = try badFixture("unknown-variable", into: workspace)
        let errors = CLI.run(["template", "lint", errorFile], cwd: workspace)
        #expect(errors.status == 1)
        #expect(errors.stdout.contains("unknown-variable.pitch:20:53: error: {{channel_name}}"))
        #expect(errors.stdout.contains("hint: "))
        let warningFile = try badFixture("unused-default", into: workspace)
        let warnings = CLI.run(["template", "lint", warningFile], cwd: workspace)
        #expect(warnings.status == 0)
        #expect(warnings.stdout.contains("warning: the default for city is never used [unused-default]"))
        #expect(warnings.stdout.contains("0 errors, 1 warning"))
        let extra = CLI.run(["template", "lint", errorFile, "--columns", "channel_name"], cwd: workspace)
        #expect(extra.status == 0)
    }

    @Test("lint without a Templates folder fails with one clear sentence")
    func lintNoFolder() throws {
        let workspace = try makeWorkspace(withTemplates: false)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let result = CLI.run(["template", "lint"], cwd: workspace)
        #expect(result.status != 0 && result.status != 64)
        #expect(result.stderr.contains("Templates: there is no template folder here"))
        let missing = CLI.run(["template", "lint", "nope.pitch"], cwd: workspace)
        #expect(missing.status != 0 && missing.stderr.contains("nope.pitch: cannot read"))
    }

    @Test("new writes a lint-clean skeleton and refuses to overwrite")
    func new() throws {
        let workspace = try makeWorkspace(withTemplates: false)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let created = CLI.run(["template", "new", "glow-peer"], cwd: workspace)
        #expect(created.status == 0, "\(created.stderr)")
        let path = workspace.appendingPathComponent("Templates/glow-peer.pitch").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("id: glow-peer"))
        #expect(CLI.run(["template", "lint"], cwd: workspace).status == 0)

        try "edited".write(toFile: path, atomically: true, encoding: .utf8)
        let again = CLI.run(["template", "new", "glow-peer"], cwd: workspace)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "edited")

        let elsewhere = CLI.run(["template", "new", "other.pitch", "--dir", "drafts"], cwd: workspace)
        #expect(elsewhere.status == 0)
        #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("drafts/other.pitch").path))
    }

    @Test("new rejects a bad name as bad usage (64)")
    func newBadName() throws {
        let workspace = try makeWorkspace(withTemplates: false)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let result = CLI.run(["template", "new", "my pitch"], cwd: workspace)
        #expect(result.status == 64)
        #expect(result.stderr.contains("not a valid template name"))
    }

    @Test("render prints the composed message (headers and body) for the chosen row and variants")
    func render() throws {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let result = CLI.run(
            [
                "template", "render", "Templates/harlow-authority.pitch", "--recipients", "recipients.csv", "--row", "3",
                "--subject", "honest", "--offer", "keep-fee",
            ], cwd: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\nMessage-ID: <"))
        #expect(result.stdout.contains("\nMIME-Version: 1.0\n"))
        let shown = try MailDecode.decode(result.stdout)
        #expect(shown.subject == "An honest review request for @josestrums")
        #expect(shown.body.hasPrefix("Hi José,\n"))
        #expect(shown.body.contains("Your \"Martin D-28 vs Taylor 814ce\" video"))
        #expect(shown.body.contains("a $900 review fee"))
        #expect(shown.body.hasSuffix("Tomás Reyes\nArtist relations, Harlow & Finch Guitars\n"))

        let defaults = CLI.run(
            ["template", "render", "Templates/dewpoint-peer.pitch", "--recipients", "recipients.csv", "--row", "7", "--message", "short"],
            cwd: workspace)
        #expect(defaults.status == 0)
        let shownDefaults = try MailDecode.decode(defaults.stdout)
        #expect(shownDefaults.subject == "there, a Dewpoint kit for your evening routine?")
        #expect(shownDefaults.body.hasPrefix("Hi there,\n"))
    }

    @Test("render: a row or variant that does not exist is bad usage (64)")
    func renderBadUsage() throws {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        let base = ["template", "render", "Templates/crunchwell-aspirational.pitch", "--recipients", "recipients.csv"]
        let row = CLI.run(base + ["--row", "11"], cwd: workspace)
        #expect(row.status == 64)
        #expect(row.stderr.contains("has 10 rows"))
        let zero = CLI.run(base + ["--row", "0"], cwd: workspace)
        #expect(zero.status == 64)
        let subject = CLI.run(base + ["--subject", "nope"], cwd: workspace)
        #expect(subject.status == 64)
        #expect(subject.stderr.contains("use one of: spring, paid"))
        let missing = CLI.run(["template", "render", "Templates/crunchwell-aspirational.pitch"], cwd: workspace)
        #expect(missing.status == 64)
    }

    @Test("render stops on a missing variable, naming the row but not the address")
    func renderMissingVariable() throws {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        try "email,name,handle\nann@example.com,Ann,@ann\nbo@example.org,Bo,\n".write(
            to: workspace.appendingPathComponent("few.csv"), atomically: true, encoding: .utf8)
        let result = CLI.run(
            ["template", "render", "Templates/dewpoint-peer.pitch", "--recipients", "few.csv", "--row", "2", "--subject", "barrier"],
            cwd: workspace)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Templates/dewpoint-peer.pitch:10:"))
        #expect(result.stderr.contains("{{handle}}") && result.stderr.contains("recipient row 2"))
        #expect(!result.stderr.contains("bo@example.org"))
    }

    @Test("render reports a broken recipients file with its line")
    func renderBadCSV() throws {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        try "email,name\nann@example.com,\"Ann\n".write(
            to: workspace.appendingPathComponent("broken.csv"), atomically: true, encoding: .utf8)
        let result = CLI.run(
            ["template", "render", "Templates/dewpoint-peer.pitch", "--recipients", "broken.csv"], cwd: workspace)
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.csv:2: a quoted field starting on this line is never closed"))
    }

    @Test("list shows templates, variants and lint status, also as JSON")
    func list() throws {
        let workspace = try makeWorkspace()
        defer { try? FileManager.default.removeItem(at: workspace) }
        try FileManager.default.copyItem(
            at: CLI.packageRoot.appendingPathComponent("Tests/PitchKitTests/Fixtures/bad/vague-ask.pitch"),
            to: workspace.appendingPathComponent("Templates/vague-ask.pitch"))
        let human = CLI.run(["template", "list"], cwd: workspace)
        #expect(human.status == 0)
        #expect(human.stdout.hasPrefix("TEMPLATE"))
        #expect(human.stdout.contains("dewpoint-peer") && human.stdout.contains("routine, barrier"))
        #expect(human.stdout.contains("1 error"))

        let result = CLI.run(["template", "list", "--json"], cwd: workspace)
        #expect(result.status == 0)
        let templates = try #require(try json(result.stdout)["templates"] as? [[String: Any]])
        #expect(templates.count == 4)
        let harlow = try #require(templates.first { $0["id"] as? String == "harlow-authority" })
        #expect(harlow["offers"] as? [String] == ["loan-fee", "keep-fee"])
        #expect(harlow["status"] as? String == "ok")
        let bad = try #require(templates.first { $0["id"] as? String == "bad-vague-ask" })
        #expect(bad["status"] as? String == "errors")
    }

    @Test("template commands work on another workspace with -C")
    func workspaceOption() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-ws-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let created = CLI.run(["init", root.path])
        #expect(created.status == 0, "\(created.stderr)")
        let lint = CLI.run(["template", "lint", "-C", root.path, "--json"])
        #expect(lint.status == 0, "\(lint.stderr)")
        #expect(lint.stdout.contains("dewpoint-peer"))
        let render = CLI.run(["template", "render", "Templates/dewpoint-peer.pitch", "--recipients", "recipients.csv", "-C", root.path])
        #expect(render.status == 0, "\(render.stderr)")
        #expect(try MailDecode.decode(render.stdout).body.hasPrefix("Hi "))
        let new = CLI.run(["template", "new", "glow", "-C", root.path])
        #expect(new.status == 0)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Templates/glow.pitch").path))
    }
}
