import Foundation
import PitchKit
import Testing

/// End-to-end tests of `pitchlab plan`, `status` and `resolve` against the built binary.
@Suite("pitchlab plan, status, resolve (CLI)")
struct PlanStatusCLITests {
    /// A workspace made by `pitchlab init` with its sample recipients imported (5 creators; the
    /// scaffold's plan: subjects, messages, offers, then the rest; 20 per variant).
    private func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-plan-\(UUID().uuidString)")
        let created = CLI.run(["init", directory.path])
        try #require(created.status == 0, "init failed: \(created.stderr)")
        let imported = CLI.run(["recipients", "import", "recipients.csv", "-C", directory.path])
        try #require(imported.status == 0, "import failed: \(imported.stderr)")
        return directory
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not one JSON object: \(text)")
    }

    private func status(_ directory: URL) throws -> [String: Any] {
        let result = CLI.run(["status", "--json", "-C", directory.path])
        try #require(result.status == 0, "status failed: \(result.stderr)")
        return try json(result.stdout)
    }

    @Test("plan --json prints one report and writes stage 1; planning again writes nothing new")
    func planStageOne() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let dry = CLI.run(["plan", "--dry-run", "--json", "-C", directory.path])
        #expect(dry.status == 0, "\(dry.stderr)")
        let preview = try json(dry.stdout)
        #expect(preview["dry_run"] as? Bool == true && preview["new"] as? Int == 5 && preview["written"] as? Int == 0)
        #expect(try status(directory)["total"] as? Int == 0)

        let first = CLI.run(["plan", "--json", "-C", directory.path])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.isEmpty)
        let report = try json(first.stdout)
        #expect(Set(report.keys) == [
            "campaign", "stage", "stages", "kind", "dry_run", "winners", "requested", "eligible", "suppressed",
            "already_planned", "new", "written", "shortfall", "variants", "problems", "lint", "lint_errors", "ok",
        ])
        #expect(report["stage"] as? Int == 1 && report["kind"] as? String == "subject" && report["ok"] as? Bool == true)
        #expect(report["requested"] as? Int == 40 && report["written"] as? Int == 5 && report["shortfall"] as? Int == 35)
        let variants = try #require(report["variants"] as? [[String: Any]])
        #expect(variants.compactMap { $0["subject"] as? String } == ["routine", "barrier"])
        #expect(variants.compactMap { $0["count"] as? Int }.reduce(0, +) == 5)
        #expect(variants.allSatisfy { $0["personas"] is [String: Int] && $0["types"] is [String: Int] })
        #expect(!first.stdout.contains("@example."))

        let again = CLI.run(["plan", "--stage", "1", "--json", "-C", directory.path])
        #expect(again.status == 0, "\(again.stderr)")
        let second = try json(again.stdout)
        #expect(second["written"] as? Int == 0 && second["already_planned"] as? Int == 5)
        #expect(try status(directory)["total"] as? Int == 5)

        let text = CLI.run(["plan", "--stage", "1", "-C", directory.path])
        #expect(text.status == 0 && text.stdout.contains("stage 1 of 4"))
    }

    @Test("a recipient row missing a variable stops the plan: exit 1, the row's id named, nothing written")
    func planProblem() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let extra = directory.appendingPathComponent("more.csv")
        try Data("email,name,persona,type\nnohandle@example.com,Nora,skincare minimalist,peer\n".utf8).write(to: extra)
        #expect(CLI.run(["recipients", "import", "more.csv", "-C", directory.path]).status == 0)

        let result = CLI.run(["plan", "--json", "-C", directory.path])
        #expect(result.status == 1)
        let report = try json(result.stdout)
        #expect(report["ok"] as? Bool == false && report["written"] as? Int == 0)
        let problems = try #require(report["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems.first?["recipient_id"] as? Int == 6 && problems.first?["field"] as? String == "handle")
        #expect(Set(problems.first?.keys.map { $0 } ?? []) == ["recipient_id", "field", "variant", "reason"])
        #expect(!result.stdout.contains("nohandle@") && !result.stderr.contains("nohandle@"))
        #expect(try status(directory)["total"] as? Int == 0)

        let text = CLI.run(["plan", "-C", directory.path])
        #expect(text.status == 1 && text.stdout.contains("recipient 6, handle") && text.stdout.contains("Nothing was written"))
    }

    @Test("stage 2 needs --winner subject=ID (64 without), uses it and remembers it")
    func stageTwoWinner() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(CLI.run(["plan", "-C", directory.path]).status == 0)
        let missing = CLI.run(["plan", "--stage", "2", "-C", directory.path])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("--winner subject=ID"))
        let extra = directory.appendingPathComponent("more.csv")
        try Data("email,name,handle,persona,type\nnew1@example.com,A,@a,x,peer\nnew2@example.com,B,@b,y,peer\n".utf8).write(to: extra)
        #expect(CLI.run(["recipients", "import", "more.csv", "-C", directory.path]).status == 0)

        let result = CLI.run(["plan", "--stage", "2", "--winner", "subject=barrier", "--json", "-C", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result.stdout)
        #expect(report["kind"] as? String == "message" && report["written"] as? Int == 2)
        #expect((report["winners"] as? [String: Any])?["subject"] as? String == "barrier")
        let variants = try #require(report["variants"] as? [[String: Any]])
        #expect(variants.allSatisfy { $0["subject"] as? String == "barrier" })
        let winners = try String(contentsOf: directory.appendingPathComponent("pitchlab.winners.json"), encoding: .utf8)
        #expect(winners.contains("\"subject\" : \"barrier\""))
        // Remembered: stage 2 again needs no --winner.
        #expect(CLI.run(["plan", "--stage", "2", "--dry-run", "-C", directory.path]).status == 0)
    }

    @Test("status --json: counts per state, stage and variant; resolve settles ambiguous sends")
    func statusAndResolve() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(CLI.run(["plan", "-C", directory.path]).status == 0)
        // Two sends die in flight: claimed, then found `sending` at the next start.
        let store = try Workspace(path: directory.path).openStore()
        let ids = try store.entries(campaign: "spring-creators", state: .planned).map(\.id)
        let claimed = try store.claim(Array(ids.prefix(2)), now: Date(), messageIDDomain: "brand.example").sending
        try store.recoverInterrupted(now: Date())

        let document = try status(directory)
        #expect(Set(document.keys) == ["campaign", "total", "states", "stages", "deferred", "ambiguous", "winners"])
        #expect(document["total"] as? Int == 5)
        let states = try #require(document["states"] as? [String: Int])
        #expect(states["planned"] == 3 && states["ambiguous"] == 2 && states.count == 8)
        let stages = try #require(document["stages"] as? [[String: Any]])
        #expect(stages.count == 1 && stages.first?["kind"] as? String == "subject")
        #expect((stages.first?["variants"] as? [[String: Any]])?.count == 2)
        let ambiguous = try #require(document["ambiguous"] as? [[String: Any]])
        #expect(Set(ambiguous.compactMap { $0["message_id"] as? String }) == Set(claimed.map(\.messageID)))
        #expect(ambiguous.allSatisfy { ($0["action"] as? String)?.contains("pitchlab resolve") == true })
        let text = CLI.run(["status", "-C", directory.path])
        #expect(text.status == 0 && text.stdout.contains(claimed[0].messageID) && !text.stdout.contains("@example."))

        let sent = CLI.run(["resolve", "<\(claimed[0].messageID)>", "--sent", "-C", directory.path])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("accepted"))
        let notSent = CLI.run(["resolve", claimed[1].messageID, "--not-sent", "-C", directory.path])
        #expect(notSent.status == 0, "\(notSent.stderr)")
        let after = try #require(try status(directory)["states"] as? [String: Int])
        #expect(after["accepted"] == 1 && after["planned"] == 4 && after["ambiguous"] == 0)

        let again = CLI.run(["resolve", claimed[0].messageID, "--sent", "-C", directory.path])
        #expect(again.status == 1 && again.stderr.contains("no ambiguous send"))
        let unknown = CLI.run(["resolve", "nope@brand.example", "--not-sent", "-C", directory.path])
        #expect(unknown.status == 1 && unknown.stderr.contains("pitchlab status"))
    }

    @Test("bad usage exits 64")
    func badUsage() throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        for arguments in [
            ["resolve", "x@brand.example"], ["resolve", "x@brand.example", "--sent", "--not-sent"],
            ["plan", "--winner", "colour=red"], ["plan", "--winner", "subject"], ["plan", "--stage", "0"],
            ["plan", "--stage", "9"], ["plan", "--stage", "2", "--winner", "subject=nope"],
            ["plan", "--stage", "1", "--winner", "subject=routine"], ["status", "--bogus"],
        ] {
            let result = CLI.run(arguments + ["-C", directory.path])
            #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        #expect(try status(directory)["total"] as? Int == 0)
    }
}
