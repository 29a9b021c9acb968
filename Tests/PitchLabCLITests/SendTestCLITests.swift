import Foundation
import PitchTestSupport
import Testing

extension LoopbackServers {
    /// The raw message the server stored under `messageID`, as text, if any.
    func message(_ messageID: String) throws -> String? {
        try captured(messageID).map { String(decoding: $0.raw, as: UTF8.self) }
    }
}

/// `pitchlab send-test` end to end: the real binary, a real SMTP server on loopback.
@Suite("pitchlab send-test (CLI)", .enabled(if: LoopbackServers.shared != nil, "needs the loopback SMTP servers that `make test` starts (PITCHLAB_TEST_SERVERS)"))
struct SendTestCLITests {
    let smtp = LoopbackServers.shared!

    @Test func plainTestMessageIsAcceptedAndArrives() throws {
        let result = CLI.run(["send-test", "--smtp-url", smtp.plainURL, "--from", "maya@dewpoint.example",
                              "--to", "ana@example.org", "--subject", "Relay check ✓", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(json["outcome"] as? String == "accepted")
        let reply = json["reply"] as! [String: Any]
        #expect(reply["code"] as? Int == 250)
        let id = json["message_id"] as! String
        #expect(id.hasSuffix("@dewpoint.example"))
        let raw = try #require(try smtp.message(id))
        #expect(try MailDecode.decode(raw).subject == "Relay check ✓")
    }

    @Test func rejectedRecipientExitsOneWithTheEnhancedCodeAndNoAddress() {
        let result = CLI.run(["send-test", "--smtp-url", smtp.plainURL, "--from", "maya@dewpoint.example", "--to", "bad.creator@example.org"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("rejected: "))
        #expect(result.stdout.contains("550 5.1.1"))
        #expect(!result.stdout.contains("bad.creator"))
    }

    @Test func templateBatchSendsEveryChosenRowOverTheRelay() throws {
        let result = CLI.run(["send-test", "--smtp-url", smtp.plainURL, "--from", "maya@dewpoint.example",
                              "--template", "Templates/dewpoint-peer.pitch", "--recipients", "Examples/creators.csv",
                              "--rows", "2-4", "--subject-variant", "barrier", "--json"], cwd: CLI.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        let items = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [[String: Any]]
        #expect(items.map { $0["row"] as? Int } == [2, 3, 4])
        #expect(items.allSatisfy { $0["outcome"] as? String == "accepted" })
        let raw = try #require(try smtp.message(items[0]["message_id"] as! String))
        let shown = try MailDecode.decode(raw)
        #expect(shown.subject == "A barrier-repair video idea for @zoe.makes")
        #expect(shown.body.hasPrefix("Hi Zoë,"))
    }

    @Test func badUsageAndBadInputAreClearErrors() {
        let noTarget = CLI.run(["send-test", "--smtp-url", smtp.plainURL, "--from", "maya@dewpoint.example"])
        #expect(noTarget.status == 64)
        let badRows = CLI.run(["send-test", "--smtp-url", smtp.plainURL, "--from", "maya@dewpoint.example",
                               "--template", "Templates/dewpoint-peer.pitch", "--recipients", "Examples/creators.csv", "--rows", "5-2"],
                              cwd: CLI.packageRoot)
        #expect(badRows.status == 64)
        #expect(badRows.stderr.contains("--rows"))
        let injected = CLI.run(["send-test", "--smtp-url", smtp.plainURL, "--from", "maya@dewpoint.example",
                                "--to", "ana@example.org\r\nRCPT TO:<victim@example.net>"])
        #expect(injected.status == 64)
        #expect(injected.stderr.contains("--to"))
        #expect(!injected.stderr.contains("victim"))
        let noURL = CLI.run(["send-test", "--from", "maya@dewpoint.example", "--to", "ana@example.org"], environment: ["PITCHLAB_SMTP_URL": ""])
        #expect(noURL.status != 0)
        let refused = CLI.run(["send-test", "--smtp-url", "smtp://127.0.0.1:\(smtp.ports["starttls"]!)", "--from", "maya@dewpoint.example",
                               "--to", "ana@example.org", "--username", "pitch"], environment: ["PITCHLAB_SMTP_PASSWORD": "wrong"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("does not offer AUTH"))
    }

    @Test func tlsAndLoginFailuresAreDistinctErrors() {
        let starttls = "smtp://127.0.0.1:\(smtp.ports["starttls"]!)"
        let base = ["send-test", "--smtp-url", starttls, "--require-tls", "--from", "maya@dewpoint.example",
                    "--to", "ana@example.org", "--username", "pitch"]
        let wrongPassword = CLI.run(base + ["--ca-file", smtp.caFile], environment: ["PITCHLAB_SMTP_PASSWORD": "wrong-secret"])
        #expect(wrongPassword.status == 1)
        #expect(wrongPassword.stderr.contains("refused the login"))
        #expect(!wrongPassword.stderr.contains("wrong-secret"))
        let untrusted = CLI.run(base, environment: ["PITCHLAB_SMTP_PASSWORD": "s3cret-pass"])
        #expect(untrusted.status == 1)
        #expect(untrusted.stderr.contains("certificate could not be verified"))
        let ok = CLI.run(base + ["--ca-file", smtp.caFile], environment: ["PITCHLAB_SMTP_PASSWORD": "s3cret-pass"])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("accepted: "))
    }
}
