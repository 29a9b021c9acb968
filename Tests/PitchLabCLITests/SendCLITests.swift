import Foundation
import PitchKit
import PitchTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `pitchlab send` end to end: the real binary, the real capture server on loopback, and the crash
/// test of the send ledger (SIGKILL at seeded random points, restart, count from the capture).
@Suite(
    "pitchlab send (CLI)", .serialized,
    .enabled(if: LoopbackServers.shared != nil, "needs the loopback SMTP servers that `make test` starts (PITCHLAB_TEST_SERVERS)"),
    .enabled(if: CLI.executable != nil, "needs the built pitchlab binary"))
struct SendCLITests {
    let smtp = LoopbackServers.shared!

    @Test("a stage without ledger rows fails and asks for pitchlab plan")
    func needsPlan() throws {
        let ws = try SendWorkspace(recipients: 3, smtpURL: smtp.plainURL, plan: false)
        defer { ws.remove() }
        let result = CLI.run(["send", "--stage", "1", "-C", ws.directory.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("pitchlab plan --stage 1"))
    }

    @Test("a second sender on the same workspace fails at once with a lock error")
    func locked() throws {
        let ws = try SendWorkspace(recipients: 3, smtpURL: smtp.plainURL)
        defer { ws.remove() }
        let lock = try ws.workspace.lock()
        let result = CLI.run(["send", "-C", ws.directory.path])
        withExtendedLifetime(lock) {}
        #expect(result.status != 0)
        #expect(result.stderr.contains("in use"))
        #expect(try ws.store.stateCounts(campaign: SendWorkspace.campaign) == [.planned: 3])
    }

    @Test("sends a stage to the capture server once each; --json prints one summary")
    func sendsOnce() throws {
        let ws = try SendWorkspace(recipients: 40, smtpURL: smtp.plainURL, concurrency: 8)
        defer { ws.remove() }
        let dry = CLI.run(["send", "--dry-run", "--json", "-C", ws.directory.path])
        #expect(dry.status == 0, "\(dry.stderr)")
        let drySummary = try SendWorkspace.json(dry.stdout)
        #expect(drySummary["dry_run"] as? Bool == true && drySummary["sent"] as? Int == 40)
        #expect(try ws.store.stateCounts(campaign: SendWorkspace.campaign) == [.planned: 40])

        let limited = CLI.run(["send", "--stage", "1", "--limit", "5", "--json", "-C", ws.directory.path])
        #expect(limited.status == 0, "\(limited.stderr)")
        let partial = try SendWorkspace.json(limited.stdout)
        #expect(partial["sent"] as? Int == 5 && partial["finished"] as? Bool == false && partial["stop_reason"] as? String == "limit")

        let result = CLI.run(["send", "--stage", "1", "--json", "-C", ws.directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try SendWorkspace.json(result.stdout)
        #expect(summary["accepted"] as? Int == 35 && summary["finished"] as? Bool == true)
        let captured = try ws.captured(spool: smtp.spool)
        #expect(captured.count == 40 && Set(captured.map(\.messageID)).count == 40 && Set(captured.map(\.recipient)).count == 40)
        let ledger = try ws.store.entries(campaign: SendWorkspace.campaign, state: .accepted)
        #expect(Set(ledger.compactMap(\.messageID)) == Set(captured.map(\.messageID)))
    }

    @Test("Ctrl-C stops claiming, records the sends in flight and exits; send resumes")
    func interruptAndResume() throws {
        let server = try CaptureServer(from: smtp)
        defer { server.stop() }
        let ws = try SendWorkspace(recipients: 400, smtpURL: server.plainURL, concurrency: 2)
        defer { ws.remove() }
        let out = ws.directory.appendingPathComponent("send.out").path
        let pid = try Subprocess.spawn(CLI.executable!.path, ["send", "--json", "-C", ws.directory.path], stdout: out)
        _ = ws.waitForProgress(atLeast: 50, pid: pid)
        kill(pid, SIGINT)
        let status = Subprocess.wait(pid)
        #expect(status == 0)
        let summary = try SendWorkspace.json(String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self))
        #expect(summary["stop_reason"] as? String == "interrupted" && summary["finished"] as? Bool == false)
        let counts = try ws.store.stateCounts(campaign: SendWorkspace.campaign)
        #expect(counts[.sending] == nil && counts[.ambiguous] == nil)
        let resumed = CLI.run(["send", "--json", "-C", ws.directory.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let captured = try ws.captured(spool: server.spool)
        #expect(captured.count == 400 && Set(captured.map(\.recipient)).count == 400)
    }

    /// T3: the relay drops the connection after the dot without a reply (Postfix's smtp-sink -q .).
    @Test("a drop after the dot is ambiguous, never resent; nothing is accepted or rejected",
          .enabled(if: FileManager.default.isExecutableFile(atPath: SMTPSink.path), "needs Postfix's smtp-sink"))
    func dropAfterDot() throws {
        let sink = try SMTPSink(["-q", "."])
        defer { sink.stop() }
        let ws = try SendWorkspace(recipients: 12, smtpURL: sink.url)
        defer { ws.remove() }
        let first = CLI.run(["send", "--max-wait", "0", "--json", "-C", ws.directory.path])
        #expect(first.status == 1, "\(first.stderr)")
        let summary = try SendWorkspace.json(first.stdout)
        let ambiguous = summary["ambiguous"] as? Int ?? 0, deferred = summary["deferred"] as? Int ?? 0
        #expect(summary["accepted"] as? Int == 0 && summary["rejected"] as? Int == 0)
        #expect(ambiguous >= 1 && ambiguous + deferred == 12)
        #expect(summary["finished"] as? Bool == (deferred == 0))
        let again = CLI.run(["send", "--max-wait", "0", "--json", "-C", ws.directory.path])
        #expect(try SendWorkspace.json(again.stdout)["sent"] as? Int == 0, "ambiguous sends are never resent")
        #expect(try ws.store.stateCounts(campaign: SendWorkspace.campaign)[.ambiguous] == ambiguous)
    }

    /// T4/T5 in small: every RCPT gets a 4xx (smtp-sink -r RCPT): all deferred, none failed, not finished.
    @Test("4xx to every recipient defers them all, fails none, and never reports finished",
          .enabled(if: FileManager.default.isExecutableFile(atPath: SMTPSink.path), "needs Postfix's smtp-sink"))
    func softRejections() throws {
        let sink = try SMTPSink(["-r", "RCPT"])
        defer { sink.stop() }
        let ws = try SendWorkspace(recipients: 10, smtpURL: sink.url, concurrency: 4)
        defer { ws.remove() }
        let result = CLI.run(["send", "--max-wait", "0", "-C", ws.directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Not finished") && result.stdout.contains("Next attempt due at"))
        #expect(!result.stdout.contains("Finished:"))
        #expect(try ws.store.stateCounts(campaign: SendWorkspace.campaign) == [.deferred: 10])
        #expect(try ws.store.suppressions().isEmpty)
    }

    /// T1: SIGKILL at 20 seeded random points of a 1,000-recipient stage (with a few 5.1.1 and 4xx
    /// recipients), restart after each, run to the end, then count from the server's capture.
    /// Concurrency 1 is the reference's setting (at most one ambiguous send per kill); 8 claims and
    /// sends batches of 8 (at most 8 per kill).
    @Test("crash test: 20 SIGKILLs in 1,000 sends → 0 duplicates, 0 losses", arguments: [1, 8])
    func crashTest(concurrency: Int) throws {
        let total = 1_000, kills = 20
        let server = try CaptureServer(from: smtp)
        defer { server.stop() }
        let ws = try SendWorkspace(recipients: total, smtpURL: server.plainURL, concurrency: concurrency, address: { i in
            i % 100 == 7 ? "bad\(i)@creators.example" : i % 100 == 42 ? "tmp\(i)@creators.example" : "creator\(i)@creators.example"
        })
        defer { ws.remove() }
        var rng = SeededGenerator(seed: 20_261_128 + UInt64(concurrency))
        let points = (0..<kills).map { _ in 1 + Int(rng.next() % UInt64(total - 50)) }.sorted()
        var killed = 0
        for point in points {
            let pid = try Subprocess.spawn(
                CLI.executable!.path, ["send", "--max-wait", "0", "-C", ws.directory.path],
                stdout: ws.directory.appendingPathComponent("run.out").path,
                stderr: ws.directory.appendingPathComponent("run.err").path)
            if ws.waitForProgress(atLeast: point, pid: pid) {
                usleep(UInt32(rng.next() % 3_000))  // land anywhere between claim, send and record
                kill(pid, SIGKILL)
                killed += 1
            }
            _ = Subprocess.wait(pid)
        }
        let last = CLI.run(["send", "--max-wait", "0", "--json", "-C", ws.directory.path])
        let summary = try SendWorkspace.json(last.stdout)
        #expect(summary["stop_reason"] as? String != "transport-error", "\(last.stderr)")

        let captured = try ws.captured(spool: server.spool)
        let entries = try ws.store.entries(campaign: SendWorkspace.campaign, state: nil)
        let emailOf = Dictionary(uniqueKeysWithValues: try ws.store.recipients().map { ($0.id, $0.email.lowercased()) })
        let stateOf = Dictionary(uniqueKeysWithValues: entries.map { (emailOf[$0.recipientID]!, $0.state) })
        let duplicates = (captured.count - Set(captured.map(\.messageID)).count)
            + (captured.count - Set(captured.map(\.recipient)).count)
        // Lost: not settled in the ledger, or settled accepted without arriving, or arrived while the
        // ledger says it was not sent (it would be sent again).
        let arrived = Set(captured.map(\.recipient))
        let unsettled = entries.filter { ![.accepted, .rejected, .deferred, .ambiguous].contains($0.state) }.count
        let acceptedMissing = stateOf.filter { $0.value == .accepted && !arrived.contains($0.key) }.count
        let arrivedUnrecorded = arrived.filter { stateOf[$0] != .accepted && stateOf[$0] != .ambiguous }.count
        let ambiguous = entries.count { $0.state == .ambiguous }
        print("crash test (concurrency \(concurrency)): \(killed) kills, \(captured.count) captured, duplicates \(duplicates), unsettled \(unsettled), accepted-missing \(acceptedMissing), arrived-unrecorded \(arrivedUnrecorded), ambiguous \(ambiguous), rejected \(entries.count { $0.state == .rejected }), deferred \(entries.count { $0.state == .deferred })")
        #expect(killed >= kills / 2)
        #expect(duplicates == 0)
        #expect(unsettled == 0 && acceptedMissing == 0 && arrivedUnrecorded == 0)
        #expect(ambiguous <= killed * concurrency)
        // The fault mix: 5.1.1 recipients end rejected, 4xx ones deferred (either may be ambiguous
        // when a kill caught it in flight); never "finished" while deferred rows remain.
        #expect(stateOf.filter { $0.key.hasPrefix("bad") }.values.allSatisfy { $0 == .rejected || $0 == .ambiguous })
        #expect(stateOf.filter { $0.key.hasPrefix("tmp") }.values.allSatisfy { $0 == .deferred || $0 == .ambiguous })
        #expect(stateOf.filter { $0.key.hasPrefix("creator") }.values.allSatisfy { $0 == .accepted || $0 == .ambiguous })
        let deferred = entries.count { $0.state == .deferred }
        #expect(summary["remaining_deferred"] as? Int == deferred)
        #expect(summary["finished"] as? Bool == (deferred == 0))
    }
}

/// A workspace in a temp folder, configured for the loopback relay, with `recipients` imported and
/// (unless `plan` is false) one planned stage-1 send each. Its sender domain is unique, so its
/// messages can be told apart in the shared capture spool.
private struct SendWorkspace {
    static let campaign = "cli-send"
    let workspace: Workspace
    let store: SQLiteCampaignStore
    let domain: String
    var directory: URL { workspace.directory }

    init(recipients count: Int, smtpURL: String, concurrency: Int = 1, plan: Bool = true,
         address: (Int) -> String = { "creator\($0)@creators.example" }) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-send-\(UUID().uuidString)")
        workspace = try Workspace.create(at: directory.path)
        domain = "run\(UUID().uuidString.prefix(8).lowercased()).example"
        let yaml = """
            campaign:
              id: \(Self.campaign)
            sender:
              from: partners@\(domain)
              name: Maya Ortiz
            smtp:
              url: \(smtpURL)
              connections: 1
            limits:
              per_minute: unlimited
              per_hour: unlimited
              per_day: unlimited
              min_gap_seconds: 0
              max_gap_seconds: 0
              concurrency: \(concurrency)
            send_window: always
            template: dewpoint-peer
            """
        try Data(yaml.utf8).write(to: workspace.configURL)
        var csv = "email,name,handle,platform\n"
        for i in 0..<count { csv += "\(address(i)),Creator \(i),@creator\(i),TikTok\n" }
        let file = directory.appendingPathComponent("list.csv")
        try Data(csv.utf8).write(to: file)
        store = try workspace.openStore()
        _ = try RecipientImporter().importFile(at: file, into: store)
        if plan {
            let variant = CampaignVariant(
                template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))
            try store.plan(try store.recipients().map { PlannedSend(campaign: Self.campaign, recipientID: $0.id, stage: 1, variant: variant) }, now: Date())
        }
    }

    /// Polls the ledger until at least `count` rows left `planned`, or the process ended; true when
    /// the process is still running.
    func waitForProgress(atLeast count: Int, pid: pid_t) -> Bool {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            if Subprocess.hasExited(pid) { return false }
            let counts = (try? store.stateCounts(campaign: Self.campaign)) ?? [:]
            if counts.filter({ $0.key != .planned }).values.reduce(0, +) >= count { return true }
            usleep(1_000)
        }
        return true
    }

    /// The messages of this workspace in the capture spool: Message-ID and recipient.
    func captured(spool: String) throws -> [(messageID: String, recipient: String)] {
        var found: [(String, String)] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: spool) where file.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: spool + "/" + file),
                  let meta = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let id = meta["message_id"] as? String, id.hasSuffix("@" + domain)
            else { continue }
            for rcpt in meta["rcpt_tos"] as? [String] ?? [] { found.append((id, rcpt.lowercased())) }
        }
        return found
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// A capture server of its own (Tests/Servers/smtp_servers.py in a temporary folder, with the
/// certificate of the shared one), so the heavy tests neither load the shared server nor read its spool.
private final class CaptureServer {
    let directory: URL
    let plainURL: String
    let spool: String
    private let pid: pid_t

    init(from shared: LoopbackServers) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-capture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificates = URL(fileURLWithPath: shared.caFile).deletingLastPathComponent()
        for name in ["cert.pem", "key.pem"] {
            try FileManager.default.copyItem(at: certificates.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        let script = CLI.packageRoot.appendingPathComponent("Tests/Servers/smtp_servers.py").path
        pid = try Subprocess.spawn(
            "/usr/bin/python3", [script, "--dir", directory.path], stderr: directory.appendingPathComponent("server.log").path)
        let state = directory.appendingPathComponent("servers.json")
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: state.path) { usleep(20_000) }
        let loaded = try JSONDecoder().decode(LoopbackServers.self, from: Data(contentsOf: state))
        plainURL = loaded.plainURL
        spool = loaded.spool
    }

    func stop() {
        kill(pid, SIGTERM)
        _ = Subprocess.wait(pid)
        try? FileManager.default.removeItem(at: directory)
    }
}
