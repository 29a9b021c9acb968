import Foundation
import PitchKit
import PitchMail
import Testing

/// `pitchlab goal`, `conversions import`, `recipients rank`, `note` and `journal` against the built binary.
@Suite("pitchlab goal, conversions, rank, note, journal (CLI)", .enabled(if: CLI.executable != nil, "needs the built pitchlab binary"))
struct GoalsCLITests {
    static let goalYAML = """
        goal:
          description: Sell the kit through creator codes
          metric: sales
          target: 1000
          measured_by: code_or_url
          deadline: 2099-12-31
        scoring:
          value_per_view: 0.05
          product_cost: 118
          shipping_cost: 12
        """

    /// A workspace with creators that have codes and URLs, pitched ten days ago.
    struct GoalWorkspace {
        let workspace: Workspace
        var directory: URL { workspace.directory }

        init(goal: String = GoalsCLITests.goalYAML, pitched: Bool = true) throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-goal-\(UUID().uuidString)")
            workspace = try Workspace.create(at: directory.path)
            let yaml = """
                campaign:
                  id: goal-test
                sender:
                  from: partners@brand.example
                smtp:
                  url: smtp://127.0.0.1:2525
                template: dewpoint-peer
                \(goal)
                """
            try Data(yaml.utf8).write(to: workspace.configURL)
            let csv = """
                email,handle,followers,avg_views,relevance,cost,persona,type,code,url
                aiko@example.com,@aiko,48200,15300,0.82,350,skincare,peer,AIKO15,https://brand.example/r/aiko
                zoe@example.org,@zoe,61500,12800,0.77,400,skincare,peer,ZOE20,brand.example/r/zoe
                sam@example.org,@sam,23400,9100,0.88,250,skincare,peer,SAM10,
                maya@example.com,@maya,152000,41000,,900,derm,authority,,

                """
            let file = directory.appendingPathComponent("creators.csv")
            try Data(csv.utf8).write(to: file)
            let store = try workspace.openStore()
            _ = try RecipientImporter().importFile(at: file, into: store)
            guard pitched else { return }
            let start = Date().addingTimeInterval(-10 * 86_400)
            let variant = CampaignVariant(
                template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))
            try store.plan(try store.recipients().map { PlannedSend(campaign: "goal-test", recipientID: $0.id, stage: 1, variant: variant) }, now: start)
            let ids = try store.entries(campaign: "goal-test", state: nil).map(\.id)
            let claim = try store.claim(ids, now: start, messageIDDomain: "brand.example")
            try store.record(claim.sending.map { LedgerOutcome(entryID: $0.entryID, result: .accepted(SMTPReplyStub.ok)) }, now: start)
        }

        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not one JSON object: \(text)")
    }

    private static var today: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(-2 * 86_400))
    }

    @Test("conversions import --json: the contract, exit 1 with each rejected row's line, idempotent re-import")
    func conversionsImport() throws {
        let ws = try GoalWorkspace()
        defer { ws.remove() }
        try ws.write("orders.csv", "order_id,code,url,amount,date\n1,aiko15,,300,\(Self.today)\n2,,https://www.brand.example/r/zoe/,150,\(Self.today)\n3,NOPE,,10,\(Self.today)\n4,SAM10,,ten,\(Self.today)\n")
        let first = CLI.run(["conversions", "import", "orders.csv", "--json", "-C", ws.directory.path])
        #expect(first.status == 1, "\(first.stderr)")
        let summary = try json(first.stdout)
        #expect(Set(summary.keys) == ["rows", "imported", "duplicates", "rejected", "errors"])
        #expect(summary["rows"] as? Int == 4 && summary["imported"] as? Int == 2 && summary["rejected"] as? Int == 2)
        let errors = try #require(summary["errors"] as? [[String: Any]])
        #expect(errors.map { $0["line"] as? Int } == [4, 5])
        #expect(errors.map { $0["field"] as? String } == ["code", "amount"])
        let again = CLI.run(["conversions", "import", "orders.csv", "--json", "-C", ws.directory.path])
        let second = try json(again.stdout)
        #expect(second["imported"] as? Int == 0 && second["duplicates"] as? Int == 2)

        try ws.write("clean.csv", "code,amount,date\nZOE20,20,\(Self.today)\n")
        let clean = CLI.run(["conversions", "import", "clean.csv", "-C", ws.directory.path])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("1 imported"))
        let missing = CLI.run(["conversions", "import", "nope.csv", "-C", ws.directory.path])
        #expect(missing.status == 1 && missing.stderr.contains("nope.csv: the file cannot be read"))
        #expect(CLI.run(["conversions", "import", "-C", ws.directory.path]).status == 64)
    }

    @Test("goal --json: progress and pace since the first accepted pitch; a description-only goal exits 1")
    func goal() throws {
        let ws = try GoalWorkspace()
        defer { ws.remove() }
        let empty = CLI.run(["goal", "--json", "-C", ws.directory.path])
        #expect(empty.status == 0, "\(empty.stderr)")
        #expect(try json(empty.stdout)["status"] as? String == "no_data")

        try ws.write("orders.csv", "code,amount,date\nAIKO15,100,\(Self.today)\nZOE20,50,\(Self.today)\n")
        #expect(CLI.run(["conversions", "import", "orders.csv", "-C", ws.directory.path]).status == 0)
        let result = CLI.run(["goal", "--json", "-C", ws.directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result.stdout)
        #expect(Set(report.keys) == [
            "campaign", "description", "metric", "target", "measured_by", "deadline", "now", "started_at", "progress",
            "conversions", "percent", "before_start", "after_deadline", "status", "message", "pace",
        ])
        #expect(report["progress"] as? Double == 150 && report["conversions"] as? Int == 2)
        #expect(report["status"] as? String == "on_track")
        let pace = try #require(report["pace"] as? [String: Any])
        #expect(Set(pace.keys) == ["elapsed_days", "total_days", "per_day", "projected", "remaining", "days_left", "needed_per_day"])
        let text = CLI.run(["goal", "-C", ws.directory.path])
        #expect(text.status == 0 && text.stdout.contains("Goal: sales 1,000.00 by 2099-12-31") && text.stdout.contains("On track: 150.00 of 1,000.00"))

        let vague = try GoalWorkspace(goal: "goal: more replies", pitched: false)
        defer { vague.remove() }
        let failed = CLI.run(["goal", "--json", "-C", vague.directory.path])
        #expect(failed.status == 1 && failed.stdout.isEmpty)
        #expect(failed.stderr.contains("pitchlab.yaml:8: goal is a description only"))
    }

    @Test("recipients rank --json --top --by: groups with components, unscored creators, usage errors exit 64")
    func rank() throws {
        let ws = try GoalWorkspace(pitched: false)
        defer { ws.remove() }
        let result = CLI.run(["recipients", "rank", "--json", "--top", "2", "--by", "persona,type", "-C", ws.directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("@example."))
        let ranking = try json(result.stdout)
        #expect(Set(ranking.keys) == ["value_per_view", "extra_cost", "by", "top", "groups", "unscored"])
        let groups = try #require(ranking["groups"] as? [[String: Any]])
        #expect(groups.count == 1)
        let creators = try #require(groups[0]["creators"] as? [[String: Any]])
        #expect(creators.map { $0["handle"] as? String } == ["@aiko", "@sam"])  // scores 147.30, 20.40 (zoe: -37.20)
        #expect(creators.map { $0["rank"] as? Int } == [1, 2])
        let unscored = try #require(ranking["unscored"] as? [[String: Any]])
        #expect(unscored.map { $0["handle"] as? String } == ["@maya"] && unscored[0]["missing"] as? [String] == ["relevance"])
        let text = CLI.run(["recipients", "rank", "-C", ws.directory.path])
        #expect(text.status == 0 && text.stdout.contains("Not scored") && text.stdout.contains("@maya (#4): no relevance"))

        #expect(CLI.run(["recipients", "rank", "--top", "0", "-C", ws.directory.path]).status == 64)
        let badBy = CLI.run(["recipients", "rank", "--by", "tier", "-C", ws.directory.path])
        #expect(badBy.status == 64 && badBy.stderr.contains("'tier'"))

        let noValue = try GoalWorkspace(goal: "", pitched: false)
        defer { noValue.remove() }
        let failed = CLI.run(["recipients", "rank", "-C", noValue.directory.path])
        #expect(failed.status == 1 && failed.stderr.contains("scoring.value_per_view is missing"))
    }

    @Test("note stores a timestamped note; journal --json lists it with the recorded facts")
    func noteAndJournal() throws {
        let ws = try GoalWorkspace()
        defer { ws.remove() }
        let note = CLI.run(["note", "Switched to the bigger-fee offer", "--json", "-C", ws.directory.path])
        #expect(note.status == 0, "\(note.stderr)")
        #expect(Set(try json(note.stdout).keys) == ["id", "campaign", "at", "text"])
        #expect(CLI.run(["note", "Second", "note", "-C", ws.directory.path]).stdout.hasPrefix("Noted at "))
        #expect(CLI.run(["note", "  ", "-C", ws.directory.path]).status == 64)

        try ws.write("posts.csv", "code,date,kind\nAIKO15,\(Self.today),post\n")
        #expect(CLI.run(["conversions", "import", "posts.csv", "-C", ws.directory.path]).status == 0)
        let result = CLI.run(["journal", "--json", "-C", ws.directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let journal = try json(result.stdout)
        #expect(Set(journal.keys) == [
            "campaign", "notes", "pitched", "first_pitch_at", "replied", "reply_time", "negotiated", "negotiations",
            "posts_published", "creators_posted",
        ])
        let notes = try #require(journal["notes"] as? [[String: Any]])
        #expect(notes.map { $0["text"] as? String } == ["Switched to the bigger-fee offer", "Second note"])
        #expect(journal["pitched"] as? Int == 4 && journal["posts_published"] as? Int == 1 && journal["reply_time"] is NSNull)
        let text = CLI.run(["journal", "-C", ws.directory.path])
        #expect(text.status == 0 && text.stdout.contains("posts published: 1 by 1 creator"))
    }
}
