import Foundation
import PitchKit
import PitchMail
import PitchTestSupport
import Testing

/// `pitchlab replies`: files and a real IMAP mailbox, matched to real ledger rows.
@Suite("pitchlab replies (CLI)", .enabled(if: CLI.executable != nil, "needs the built pitchlab binary"))
struct RepliesCLITests {
    /// A workspace with `count` recipients whose stage-1 pitches were accepted by the relay.
    struct RepliesWorkspace {
        let workspace: Workspace
        let store: SQLiteCampaignStore
        /// Message-ID of each recipient's pitch, by address.
        let messageIDs: [String: String]
        var directory: URL { workspace.directory }

        init(count: Int, imap: String = "") throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-replies-\(UUID().uuidString)")
            workspace = try Workspace.create(at: directory.path)
            let yaml = """
                campaign:
                  id: replies-test
                sender:
                  from: partners@brand.example
                  name: Maya Ortiz
                smtp:
                  url: smtp://127.0.0.1:2525
                template: dewpoint-peer
                \(imap)
                """
            try Data(yaml.utf8).write(to: workspace.configURL)
            var csv = "email,name,handle,platform\n"
            for i in 0..<count { csv += "creator\(i)@creators.example,Creator \(i),@creator\(i),TikTok\n" }
            let file = directory.appendingPathComponent("list.csv")
            try Data(csv.utf8).write(to: file)
            store = try workspace.openStore()
            _ = try RecipientImporter().importFile(at: file, into: store)
            let variant = CampaignVariant(
                template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))
            try store.plan(try store.recipients().map { PlannedSend(campaign: "replies-test", recipientID: $0.id, stage: 1, variant: variant) }, now: Date())
            let ids = try store.entries(campaign: "replies-test", state: nil).map(\.id)
            let claim = try store.claim(ids, now: Date(), messageIDDomain: "brand.example")
            try store.record(
                claim.sending.map { LedgerOutcome(entryID: $0.entryID, result: .accepted(SMTPReplyStub.ok)) }, now: Date())
            messageIDs = Dictionary(uniqueKeysWithValues: claim.sending.map { ($0.email, $0.messageID) })
        }

        func write(_ name: String, _ text: String) throws -> URL {
            let folder = directory.appendingPathComponent("inbox", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let url = folder.appendingPathComponent(name)
            try Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: url)
            return url
        }
    }

    /// Replies of real-world shape to the pitches of `ws`.
    static func mailbox(_ ws: RepliesWorkspace) -> [(String, String)] {
        let id0 = ws.messageIDs["creator0@creators.example"] ?? ""
        let id1 = ws.messageIDs["creator1@creators.example"] ?? ""
        let id3 = ws.messageIDs["creator3@creators.example"] ?? ""
        let id4 = ws.messageIDs["creator4@creators.example"] ?? ""
        return [
            ("positive.eml", """
                From: Creator 0 <creator0@creators.example>
                To: partners@brand.example
                Subject: Re: A kit for your routine
                Message-ID: <r0@creators.example>
                In-Reply-To: <\(id0)>
                References: <\(id0)>
                Date: Mon, 16 Nov 2026 10:00:00 +0000
                Content-Type: text/plain; charset=utf-8

                Sounds great, I'm in! Send me the details.

                On Fri, 13 Nov 2026 at 09:00, Maya Ortiz <partners@brand.example> wrote:
                > Hi Creator 0, we'd love to send you our kit. Not interested? Just say so.
                """),
            ("remove-fr.eml", """
                From: Creator 1 <creator1@creators.example>
                To: partners@brand.example
                Subject: RE: Un kit pour ta routine
                Message-ID: <r1@creators.example>
                References: <\(id1)>
                Date: Mon, 16 Nov 2026 11:00:00 +0100
                Content-Type: text/plain; charset=iso-8859-1
                Content-Transfer-Encoding: quoted-printable

                Merci de me retirer de votre liste, je ne souhaite plus recevoir ces messages.
                """),
            ("no-in-reply-to.eml", """
                From: Creator 2 <CREATOR2@creators.example>
                To: partners@brand.example
                Subject: Re: A kit for your routine
                Message-ID: <r2@creators.example>
                Date: Tue, 17 Nov 2026 08:00:00 +0000
                Content-Type: text/plain; charset=utf-8

                What's your budget for this? My rate is $400 per video.
                """),
            ("bounce.eml", """
                From: MAILER-DAEMON@mx.creators.example (Mail Delivery System)
                To: partners@brand.example
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <b3@mx.creators.example>
                Date: Mon, 16 Nov 2026 09:00:00 +0000
                Auto-Submitted: auto-replied
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"

                --B
                Content-Type: text/plain

                I'm sorry to have to inform you that your message could not be delivered.

                --B
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.creators.example

                Final-Recipient: rfc822; creator3@creators.example
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 User unknown

                --B
                Content-Type: text/rfc822-headers

                Message-ID: <\(id3)>
                Subject: A kit for your routine

                --B--
                """),
            ("ooo.eml", """
                From: Creator 4 <creator4@creators.example>
                To: partners@brand.example
                Subject: Automatic reply: A kit for your routine
                Message-ID: <r4@creators.example>
                In-Reply-To: <\(id4)>
                Auto-Submitted: auto-replied
                Date: Mon, 16 Nov 2026 09:30:00 +0000
                Content-Type: text/plain; charset=utf-8

                I am out of the office until Monday with limited access to email.
                """),
            ("stranger.eml", """
                From: Someone <someone@elsewhere.example>
                To: partners@brand.example
                Subject: Partnership?
                Message-ID: <s5@elsewhere.example>
                Date: Mon, 16 Nov 2026 12:00:00 +0000
                Content-Type: text/plain; charset=utf-8

                Hello, do you work with agencies?
                """),
            ("truncated.eml", """
                From: Creator 5 <creator5@creators.example>
                To: partners@brand.example
                Subject: Re: A kit
                Message-ID: <t6@creators.example>
                Date: Mon, 16 Nov 2026 12:30:00 +0000
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="X"

                --X
                Content-Type: text/plain; charset=x-unknown-42

                Yes, interested
                --X
                Content-Type: application/pdf
                Content-Transfer-Encoding: base64

                JVBERi0xLjQKJcfs
                """),
        ]
    }

    @Test("import: classified, matched, suppressed where asked, stored once; list and label")
    func importFiles() throws {
        let ws = try RepliesWorkspace(count: 6)
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        for (name, text) in Self.mailbox(ws) { _ = try ws.write(name, text) }
        let first = CLI.run(["replies", "import", "inbox", "--json", "-C", ws.directory.path])
        #expect(first.status == 0, "\(first.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(summary["read"] as? Int == 7 && summary["stored"] as? Int == 7 && summary["duplicates"] as? Int == 0)
        #expect(summary["matched"] as? Int == 6 && summary["unmatched"] as? Int == 1)
        #expect(summary["auto_replies"] as? Int == 1 && summary["hard_bounces"] as? Int == 1)
        #expect(summary["suppressed"] as? Int == 2 && summary["flagged"] as? Int == 1)
        let replies = try #require(summary["replies"] as? [String: Int])
        #expect(replies["positive"] == 2 && replies["decline"] == 1 && replies["negotiate"] == 1 && replies["other"] == 1)

        // Again: nothing new, nothing changed.
        let again = CLI.run(["replies", "import", "inbox", "--json", "-C", ws.directory.path])
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(second["stored"] as? Int == 0 && second["duplicates"] as? Int == 7)

        let stored = try ws.store.inboundMessages()
        let byID = Dictionary(uniqueKeysWithValues: stored.compactMap { m in m.messageID.map { ($0, m) } })
        #expect(byID["r0@creators.example"]?.match == "in-reply-to" && byID["r0@creators.example"]?.replyClass == .positive)
        #expect(byID["r1@creators.example"]?.match == "references" && byID["r1@creators.example"]?.replyClass == .decline)
        #expect(byID["r2@creators.example"]?.match == "sender-and-thread" && byID["r2@creators.example"]?.replyClass == .negotiate)
        #expect(byID["b3@mx.creators.example"]?.match == "bounced-message-id" && byID["b3@mx.creators.example"]?.bounceKind == "hard")
        #expect(byID["r4@creators.example"]?.kind == .autoReply && byID["r4@creators.example"]?.replyClass == nil)
        #expect(byID["s5@elsewhere.example"]?.ledgerID == nil)
        #expect(byID["t6@creators.example"]?.flags.contains("unknown-charset") == true)
        let suppressed = Set(try ws.store.suppressions().map(\.email))
        #expect(suppressed == ["creator1@creators.example", "creator3@creators.example"])
        // The raw bytes are kept exactly.
        let positive = try #require(byID["r0@creators.example"])
        let raw = try #require(try ws.store.inboundRaw(id: positive.id))
        #expect(String(decoding: raw, as: UTF8.self).contains("Sounds great, I'm in!"))

        let unmatched = CLI.run(["replies", "list", "--unmatched", "-C", ws.directory.path])
        #expect(unmatched.status == 0 && unmatched.stdout.contains("unmatched") && unmatched.stdout.contains("Partnership?"))
        let strangerID = try #require(byID["s5@elsewhere.example"]).id
        let label = CLI.run(["replies", "label", "\(strangerID)", "wrong_person", "-C", ws.directory.path])
        #expect(label.status == 0, "\(label.stderr)")
        #expect(try ws.store.inboundMessages().first { $0.id == strangerID }?.replyClass == .wrongPerson)
        let badLabel = CLI.run(["replies", "label", "\(byID["b3@mx.creators.example"]!.id)", "positive", "-C", ws.directory.path])
        #expect(badLabel.status != 0 && badLabel.stderr.contains("bounce"))
        let badClass = CLI.run(["replies", "label", "1", "maybe", "-C", ws.directory.path])
        #expect(badClass.status == 64 && badClass.stderr.contains("not a reply class"))
        let missing = CLI.run(["replies", "import", "nowhere.mbox", "-C", ws.directory.path])
        #expect(missing.status != 0 && missing.stderr.contains("nowhere.mbox"))

        // Human replies count as opens even without a pixel; the bounce is not delivered.
        let opens = CLI.run(["opens", "--json", "-C", ws.directory.path])
        #expect(opens.status == 0, "\(opens.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(opens.stdout.utf8)) as? [String: Any])
        let row = try #require((report["rows"] as? [[String: Any]])?.first)
        #expect(row["delivered"] as? Int == 5 && row["trackable"] as? Int == 5 && row["human_opens"] as? Int == 4)

        // The diagnosis reads the same signals: 6 sent, 1 hard bounce, replies by class; a batch
        // this small (and this fresh) is labelled too early, never judged.
        let diagnose = CLI.run(["diagnose", "--json", "-C", ws.directory.path])
        #expect(diagnose.status == 0, "\(diagnose.stderr)")
        let analysis = try #require(try JSONSerialization.jsonObject(with: Data(diagnose.stdout.utf8)) as? [String: Any])
        let stage = try #require((analysis["stages"] as? [[String: Any]])?.first)
        let diagnosis = try #require(stage["diagnosis"] as? [String: Any])
        let variant = try #require((diagnosis["variants"] as? [[String: Any]])?.first)
        let funnel = try #require(variant["funnel"] as? [String: Any])
        #expect(funnel["sent"] as? Int == 6 && funnel["hard_bounces"] as? Int == 1)
        #expect((variant["verdict"] as? [String: Any])?["cause"] as? String == "too_early")
        let text = CLI.run(["diagnose", "-C", ws.directory.path])
        #expect(text.status == 0 && text.stdout.contains("Stage 1"))
    }

    @Test("fetch: a real dovecot mailbox over imaps, incremental, read-only, again fetches nothing",
          .enabled(if: DovecotServer.available, "needs the dovecot that `make test` starts (PITCHLAB_TEST_DOVECOT)"))
    func fetchIMAP() throws {
        let server = try DovecotServer.shared.get()
        let box = try server.makeMailbox()
        let imap = """
            imap:
              url: \(server.url("imaps"))
              username: \(box.user)
              password_env: REPLIES_TEST_IMAP_PASSWORD
            """
        let ws = try RepliesWorkspace(count: 6, imap: imap)
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        let letters = Self.mailbox(ws)
        for (_, text) in letters.prefix(4) { try box.deliver(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)) }
        let env = ["REPLIES_TEST_IMAP_PASSWORD": box.password]
        let args = ["replies", "fetch", "--ca-file", server.caFile, "--json", "-C", ws.directory.path]

        let first = CLI.run(args, environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        let one = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let ingest1 = try #require(one["ingest"] as? [String: Any])
        #expect(ingest1["stored"] as? Int == 4 && ingest1["matched"] as? Int == 4)

        for (_, text) in letters.dropFirst(4) { try box.deliver(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)) }
        let second = CLI.run(args, environment: env)
        let two = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        let ingest2 = try #require(two["ingest"] as? [String: Any])
        #expect(ingest2["read"] as? Int == 3 && ingest2["stored"] as? Int == 3)

        let third = CLI.run(args, environment: env)
        let three = try #require(try JSONSerialization.jsonObject(with: Data(third.stdout.utf8)) as? [String: Any])
        #expect((three["ingest"] as? [String: Any])?["read"] as? Int == 0)
        #expect(try ws.store.inboundMessages().count == 7)
        // Read-only: no message was marked \Seen.
        #expect(try box.flags().values.allSatisfy { !$0.contains("Seen") })

        // A wrong password is one clear sentence, never the password.
        let denied = CLI.run(args, environment: ["REPLIES_TEST_IMAP_PASSWORD": "wrong-password-123"])
        #expect(denied.status != 0 && !denied.stderr.contains("wrong-password-123") && !denied.stderr.isEmpty)
    }
}

/// A relay's 250 reply for ledger rows recorded accepted in tests.
enum SMTPReplyStub {
    static let ok = SMTPReply(code: 250, enhancedCode: "2.0.0", text: "Ok: queued")
}

/// `pitchlab simulate`: the whole loop with a planted answer, against the loopback SMTP server.
@Suite(
    "pitchlab simulate (CLI)",
    .enabled(if: LoopbackServers.shared != nil, "needs the loopback SMTP servers that `make test` starts (PITCHLAB_TEST_SERVERS)"),
    .enabled(if: CLI.executable != nil, "needs the built pitchlab binary"))
struct SimulateCLITests {
    @Test("three stages sent, pixels fetched over HTTP, replies imported, diagnosed; reproducible for a seed")
    func simulateSubject() throws {
        let smtp = try #require(LoopbackServers.shared)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-sim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = CLI.run(["simulate", "--truth", "subject", "--per-variant", "30", "--seed", "9", "--smtp-url", smtp.plainURL,
                           "-C", directory.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Stage 1 (subjects)") && run.stdout.contains("Stage 3 (offers)"))
        #expect(run.stdout.contains("Planted truth: subject"))

        let workspace = Workspace(path: directory.path)
        let store = try workspace.openStore()
        let counts = try store.stateCounts(campaign: "simulated")
        #expect((counts[.accepted] ?? 0) == 180)  // 3 stages × 2 variants × 30
        let hits = try store.trackingHitCounts()
        #expect((hits[.open] ?? 0) > 40)  // pixel fetches arrived over HTTP and were stored
        let replies = try store.inboundMessages()
        #expect(replies.count > 10 && replies.allSatisfy { $0.ledgerID != nil })

        // The opens report sees the Apple-proxy fetches the simulation made.
        let opens = CLI.run(["opens", "--json", "-C", directory.path])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(opens.stdout.utf8)) as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])
        #expect(rows.contains { ($0["mpp_recipients"] as? Int ?? 0) > 0 })

        // The same seed gives the same campaign.
        let again = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-sim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: again) }
        let second = CLI.run(["simulate", "--truth", "subject", "--per-variant", "30", "--seed", "9", "--smtp-url", smtp.plainURL,
                              "-C", again.path])
        let strip = { (text: String) in text.replacingOccurrences(of: directory.path, with: "").replacingOccurrences(of: again.path, with: "") }
        #expect(strip(second.stdout) == strip(run.stdout))

        // The post-mortem's numbers are the events': pitches, replies by class, bounces, automatic replies.
        let html = directory.appendingPathComponent("postmortem.html").path
        let post = CLI.run(["postmortem", "--json", "--html", html, "-C", directory.path])
        #expect(post.status == 0, "\(post.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(post.stdout.utf8)) as? [String: Any])
        let total = try #require(document["total"] as? [String: Any])
        #expect(total["pitched"] as? Int == 180)
        let human = replies.filter { $0.kind == .human }
        let classes = try #require(document["reply_classes"] as? [String: Int])
        #expect(classes.values.reduce(0, +) == human.count && total["replied"] as? Int == human.count)
        #expect(classes["positive"] ?? 0 == human.filter { $0.replyClass == .positive }.count)
        #expect(document["bounces"] as? Int == replies.filter { $0.kind == .bounce }.count)
        #expect(document["automatic_replies"] as? Int == replies.filter { $0.kind == .autoReply }.count)
        let byType = try #require(document["by_type"] as? [[String: Any]])
        #expect(byType.compactMap { $0["pitched"] as? Int }.reduce(0, +) == 180)
        #expect(!(document["lessons"] as? [[String: Any]] ?? []).isEmpty)
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("Post-mortem") && !page.contains("<script") && !page.contains("http"))

        // promote: the decision of a stage, as one JSON document; exit 0 when promoted, 1 when not.
        let promote = CLI.run(["promote", "--stage", "1", "--json", "-C", directory.path])
        #expect(promote.status == 0 || promote.status == 1, "\(promote.stderr)")
        let decision = try #require(try JSONSerialization.jsonObject(with: Data(promote.stdout.utf8)) as? [String: Any])
        #expect(decision["stage"] as? Int == 1 && decision["dimension"] as? String == "subject")
        #expect((decision["saved"] as? Bool) == (promote.status == 0))
        let noStage = CLI.run(["promote", "--stage", "9", "-C", directory.path])
        #expect(noStage.status == 1 && noStage.stderr.contains("Stage 9 has no accepted sends") && noStage.stderr.contains("1, 2, 3"))
        let badWindow = CLI.run(["diagnose", "--reply-window", "0", "-C", directory.path])
        #expect(badWindow.status == 64 && badWindow.stderr.contains("--reply-window"))

        // One more batch of stage 1, split by Thompson sampling from its results so far.
        let more = CLI.run(["plan", "--stage", "1", "--more", "24", "-C", directory.path])
        #expect(more.status == 0, "\(more.stderr)")
        #expect(more.stdout.contains("Next batch of stage 1 (24 sends, Thompson sampling"))
        let stageOne = try store.entries(campaign: "simulated", state: nil).filter { $0.stage == 1 }
        #expect(stageOne.count == 60 + 24 && stageOne.filter { $0.state == .planned }.count == 24)

        let bad = CLI.run(["simulate", "--truth", "everything", "--smtp-url", smtp.plainURL, "-C", again.path + "-x"])
        #expect(bad.status == 64 && bad.stderr.contains("--truth 'everything' is not one of"))
    }
}
