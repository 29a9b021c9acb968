import Foundation
import PitchTestSupport
import Testing
@testable import PitchMail

/// The libcurl transport against real servers on loopback: aiosmtpd (exact bytes, TLS, AUTH) and
/// Postfix's smtp-sink in its fault modes. `make test` starts them; by hand, run `make servers-start`
/// and export PITCHLAB_TEST_SERVERS=.test-servers/servers.json.
@Suite("SMTP transport (aiosmtpd)", .enabled(if: LoopbackServers.shared != nil, "needs the loopback SMTP servers that `make test` starts (PITCHLAB_TEST_SERVERS)"))
struct SMTPTransportTests {
    let servers = LoopbackServers.shared!

    private func transport(_ name: String, scheme: String = "smtp", user: String? = nil, password: String? = nil,
                           caFile: String?? = .none, requireTLS: Bool = false, connections: Int = 1) throws -> CurlSMTPTransport {
        // The password goes through a 0600 secrets file: setenv while other tests spawn processes
        // races with their reading of the environment.
        var secret: SecretSource?
        if let password {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-pw-\(UUID().uuidString)").path
            _ = FileManager.default.createFile(atPath: path, contents: Data((password + "\n").utf8), attributes: [.posixPermissions: 0o600])
            secret = .file(path)
        }
        return try CurlSMTPTransport(configuration: SMTPConfiguration(
            url: servers.url(name, scheme: scheme), ehloName: "sender.pitchlab.test", username: user,
            password: secret, requireTLSOnLoopback: requireTLS,
            // A long idle limit: on a loaded machine a test may wait long between two sends, and
            // these tests count connections.
            caFile: caFile ?? servers.caFile, maxIdleSeconds: 600, connections: connections))
    }

    private func envelope(_ m: MailMessage) -> Envelope {
        Envelope(from: m.from.address, recipients: m.to.map(\.address))
    }

    @Test func deliversTheExactBytesOnce() async throws {
        // Dot lines, bare CR and LF, and an SMTP smuggling attempt (<LF>.<CR><LF> then commands).
        let m = Sample.message(text: "Hi Ana,\n.\n..dots\n.leading\nbare\rcr\nend\n.\r\nMAIL FROM:<evil@example.net>\r\nRCPT TO:<victim@example.net>\r\nDATA\r\nsmuggled\n.\nlast")
        let bytes = try MessageComposer().compose(m)
        let outcome = try await transport("plain").send(bytes, envelope: envelope(m))
        guard case .accepted(let reply) = outcome else { Issue.record("not accepted: \(outcome)"); return }
        #expect(reply.code == 250)
        #expect(reply.text.hasPrefix("Ok: queued as Q"))
        let (raw, meta) = try servers.captured(m.messageID)
        #expect(raw == bytes, "the server must receive exactly the composed bytes after dot-unstuffing")
        #expect(meta["mail_from"] as? String == "partners@glowlab.example")
        #expect(meta["rcpt_tos"] as? [String] == ["ana@example.org"])
        #expect(try servers.capturedCount(m.messageID) == 1)
        let smuggled = try FileManager.default.contentsOfDirectory(atPath: servers.spool).filter { $0.hasSuffix(".json") }.contains { file in
            let meta = try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: servers.spool).appendingPathComponent(file))) as? [String: Any]
            return (meta?["rcpt_tos"] as? [String])?.contains("victim@example.net") == true
        }
        #expect(!smuggled, "no second message may come out of the body")
    }

    @Test func reusesOneConnectionForManyMessages() async throws {
        let t = try transport("plain")
        var ids: [MessageID] = []
        for i in 0..<25 {
            let m = Sample.message(to: "c\(i)@example.org")
            ids.append(m.messageID)
            #expect(try await t.send(try MessageComposer().compose(m), envelope: envelope(m)).label == "accepted")
        }
        let ports = try Set(ids.map { try servers.captured($0).envelope["peer_port"] as! Int })
        #expect(ports.count == 1, "25 messages over one connection")
    }

    @Test func parallelConnections() async throws {
        let t = try transport("plain", connections: 4)
        let messages = (0..<40).map { Sample.message(to: "p\($0)@example.org") }
        let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
            for m in messages {
                group.addTask { try await t.send(try MessageComposer().compose(m), envelope: envelope(m)).label }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0 == "accepted" } && outcomes.count == 40)
        let ports = try Set(messages.map { try servers.captured($0.messageID).envelope["peer_port"] as! Int })
        #expect(ports.count >= 2 && ports.count <= 4)
    }

    @Test("a batch goes out in one hand-over: outcomes in order, each message once, over the connections")
    func batchKeepsOrderAndOutcomes() async throws {
        let t = try transport("plain", connections: 2)
        var messages = (0..<30).map { Sample.message(to: "b\($0)@example.org") }
        messages[7] = Sample.message(to: "bad.address@example.org")
        let batch = try messages.map { OutgoingMessage(bytes: try MessageComposer().compose($0), envelope: envelope($0)) }
        let results = await t.send(batch: batch)
        #expect(results.count == 30)
        for (i, result) in results.enumerated() {
            let label = (try? result.get())?.label
            #expect(label == (i == 7 ? "rejected" : "accepted"), "message \(i)")
        }
        let accepted = messages.enumerated().filter { $0.offset != 7 }.map(\.element)
        let ports = try Set(accepted.map { try servers.captured($0.messageID).envelope["peer_port"] as! Int })
        #expect(ports.count >= 1 && ports.count <= 2)
        #expect(await t.send(batch: []).isEmpty)
    }

    @Test func recipientRejectedAndDeferredCarryTheEnhancedCode() async throws {
        let t = try transport("plain")
        let bad = Sample.message(to: "bad.address@example.org")
        let outcome = try await t.send(try MessageComposer().compose(bad), envelope: envelope(bad))
        guard case .rejected(let reply?, _) = outcome else { Issue.record("expected rejected: \(outcome)"); return }
        #expect(reply.code == 550 && reply.enhancedCode == "5.1.1")
        #expect(!reply.description.contains("bad.address"))
        let tmp = Sample.message(to: "tmp.box@example.org")
        let deferred = try await t.send(try MessageComposer().compose(tmp), envelope: envelope(tmp))
        guard case .deferred(let r?, _) = deferred else { Issue.record("expected deferred: \(deferred)"); return }
        #expect(r.code == 451 && r.enhancedCode == "4.2.0")
        // The connection recovers for the next message.
        let ok = Sample.message()
        #expect(try await t.send(try MessageComposer().compose(ok), envelope: envelope(ok)).label == "accepted")
    }

    @Test func startTLSWithLoginDelivers() async throws {
        let t = try transport("starttls", user: servers.user, password: servers.password, requireTLS: true)
        let probe = try await t.probe()
        #expect(probe.capabilities.contains("AUTH"))
        #expect(probe.greeting?.code == 220)
        let m = Sample.message()
        #expect(try await t.send(try MessageComposer().compose(m), envelope: envelope(m)).label == "accepted")
        #expect(try servers.capturedCount(m.messageID) == 1)
    }

    @Test func implicitTLSWithLoginDelivers() async throws {
        let t = try transport("smtps", scheme: "smtps", user: servers.user, password: servers.password)
        let m = Sample.message()
        #expect(try await t.send(try MessageComposer().compose(m), envelope: envelope(m)).label == "accepted")
    }

    @Test func refusedLoginIsItsOwnError() async throws {
        let t = try transport("starttls", user: servers.user, password: "wrong-password", requireTLS: true)
        let m = Sample.message()
        await #expect(throws: TransportError.self) { _ = try await t.send(try MessageComposer().compose(m), envelope: envelope(m)) }
        do {
            _ = try await t.send(try MessageComposer().compose(m), envelope: envelope(m))
        } catch let error as TransportError {
            #expect(error.code == .loginRefused)
            #expect(!error.description.contains("wrong-password"))
        }
    }

    @Test func untrustedCertificateIsATLSError() async throws {
        let t = try transport("starttls", user: servers.user, password: servers.password, caFile: .some(nil), requireTLS: true)
        do {
            _ = try await t.probe()
            Issue.record("an untrusted certificate was accepted")
        } catch {
            #expect(error.code == .tlsFailed)
        }
        let s = try transport("smtps", scheme: "smtps", user: servers.user, password: servers.password, caFile: .some(nil))
        do {
            _ = try await s.probe()
            Issue.record("an untrusted certificate was accepted")
        } catch {
            #expect(error.code == .tlsFailed)
        }
    }

    @Test func missingSTARTTLSIsRefusedWhenRequired() async throws {
        let t = try transport("plain", requireTLS: true)
        do {
            _ = try await t.probe()
            Issue.record("plain session accepted although TLS was required")
        } catch {
            #expect(error.code == .startTLSNotOffered)
        }
    }

    @Test func plainTextToANonLoopbackHostIsRefused() throws {
        // Plain text is never chosen silently for a host off this machine.
        #expect(try SMTPConfiguration(url: "smtp://mail.example.com:25").endpoint().security == .startTLS)
        #expect(try SMTPConfiguration(url: "smtp://mail.example.com:25", allowInsecure: true).endpoint().security == .plain)
        #expect(try SMTPConfiguration(url: "smtp://127.0.0.1:2525", requireTLSOnLoopback: true).endpoint().security == .startTLS)
        #expect(try SMTPConfiguration(url: "smtp://mail.example.com").endpoint().security == .startTLS)
        #expect(try SMTPConfiguration(url: "smtp://127.0.0.1:2525").endpoint().security == .plain)
        #expect(try SMTPConfiguration(url: "smtps://mail.example.com").endpoint().port == 465)
        #expect(throws: TransportError.self) { try SMTPConfiguration(url: "smtp://user:pw@mail.example.com").endpoint() }
        #expect(throws: TransportError.self) { try SMTPConfiguration(url: "http://mail.example.com").endpoint() }
    }

    @Test func utf8LocalPartOnlyWhereTheRelayOffersSMTPUTF8() async throws {
        let m = Sample.message(to: "zoé@example.fr")
        let bytes = try MessageComposer(smtpUTF8: true).compose(m)
        let ascii = try transport("plain_ascii")
        let refused = try await ascii.send(bytes, envelope: envelope(m))
        #expect(refused.label == "rejected")
        let utf8 = try transport("plain")
        #expect(try await utf8.send(bytes, envelope: envelope(m)).label == "accepted")
        #expect(try servers.captured(m.messageID).envelope["smtputf8"] as? Bool == true)
    }

    @Test func idleCloseWith421DoesNotFailTheNextMessage() async throws {
        let t = try transport("idle_421")
        let first = Sample.message()
        #expect(try await t.send(try MessageComposer().compose(first), envelope: envelope(first)).label == "accepted")
        try await Task.sleep(for: .milliseconds(1600))  // the server says 421 and closes after 1 s idle
        let second = Sample.message()
        #expect(try await t.send(try MessageComposer().compose(second), envelope: envelope(second)).label == "accepted")
    }
}

@Suite("SMTP transport (smtp-sink fault modes)", .enabled(if: SMTPSink.available, "needs Postfix's smtp-sink (make deps)"))
struct SMTPSinkFaultTests {
    private func send(_ sink: SMTPSink, _ m: MailMessage = Sample.message(), responseTimeout: Int = 120) async throws -> SendOutcome {
        let t = try CurlSMTPTransport(configuration: SMTPConfiguration(url: sink.url, responseTimeout: responseTimeout))
        return try await t.send(try MessageComposer().compose(m), envelope: Envelope(from: m.from.address, recipients: m.to.map(\.address)))
    }

    @Test("4xx and 5xx at MAIL, RCPT and DATA", arguments: [
        ("-r", "MAIL", "deferred", 450), ("-f", "MAIL", "rejected", 500),
        ("-r", "RCPT", "deferred", 450), ("-f", "RCPT", "rejected", 500),
        ("-r", "DATA", "deferred", 450), ("-f", "DATA", "rejected", 500),
        ("-r", ".", "deferred", 450), ("-f", ".", "rejected", 500),
    ])
    func envelopeFaults(flag: String, command: String, label: String, code: Int) async throws {
        let sink = try SMTPSink([flag, command])
        let outcome = try await send(sink)
        #expect(outcome.label == label)
        #expect(outcome.reply?.code == code)
    }

    @Test func disconnectAfterTheDotWithoutReplyIsAmbiguous() async throws {
        let sink = try SMTPSink(["-q", "."])
        let outcome = try await send(sink)
        guard case .ambiguous(let reason) = outcome else { Issue.record("expected ambiguous, got \(outcome)"); return }
        #expect(reason.contains("may have been delivered"))
    }

    @Test func disconnectBeforeDataIsSafeToRetry() async throws {
        for command in ["RCPT", "DATA"] {
            let sink = try SMTPSink(["-q", command])
            #expect(try await send(sink).label == "deferred")
        }
    }

    @Test func slowFinalReplyPastTheTimeoutIsAmbiguous() async throws {
        let sink = try SMTPSink(["-W", ".:4"])
        #expect(try await send(sink, responseTimeout: 1).label == "ambiguous")
    }

    @Test func theMessageTimeoutCapsASlowFinalReply() async throws {
        let sink = try SMTPSink(["-W", ".:4"])
        let t = try CurlSMTPTransport(configuration: SMTPConfiguration(url: sink.url, responseTimeout: 120, messageTimeout: 1))
        let m = Sample.message()
        // The sink answers 250 after 4 s: without the 1 s cap the send would be accepted.
        let outcome = try await t.send(try MessageComposer().compose(m), envelope: Envelope(from: m.from.address, recipients: m.to.map(\.address)))
        guard case .ambiguous(let reason) = outcome else { Issue.record("expected ambiguous, got \(outcome)"); return }
        #expect(reason.contains("no reply within"))
    }

    @Test func fourTwentyOneAtMailIsDeferred() async throws {
        let sink = try SMTPSink(["-Q", "MAIL"])
        let outcome = try await send(sink)
        #expect(outcome.label == "deferred")
        #expect(outcome.reply?.code == 421)
    }

    @Test func silentIdleCloseReconnectsTransparently() async throws {
        let sink = try SMTPSink(["-t", "1"])
        let t = try CurlSMTPTransport(configuration: SMTPConfiguration(url: sink.url))
        let a = Sample.message(), b = Sample.message()
        #expect(try await t.send(try MessageComposer().compose(a), envelope: Envelope(from: a.from.address, recipients: a.to.map(\.address))).label == "accepted")
        try await Task.sleep(for: .milliseconds(2500))
        #expect(try await t.send(try MessageComposer().compose(b), envelope: Envelope(from: b.from.address, recipients: b.to.map(\.address))).label == "accepted")
    }

    @Test func nothingListeningIsDeferred() async throws {
        let port = try FreePort.next()
        let t = try CurlSMTPTransport(configuration: SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", connectTimeout: 2))
        let m = Sample.message()
        let outcome = try await t.send(try MessageComposer().compose(m), envelope: Envelope(from: m.from.address, recipients: [m.to[0].address]))
        #expect(outcome.label == "deferred")
    }
}

/// Many sends queued on one connection to a relay that offers PIPELINING (smtp-sink): each
/// message's data carries the next envelope. Every message must arrive exactly once, and faults
/// must never turn into a silent loss or a duplicate.
@Suite("SMTP transport (pipelined stream)", .enabled(if: SMTPSink.available, "needs Postfix's smtp-sink (make deps)"))
struct SMTPPipelineTests {
    /// Sends `count` messages concurrently over `connections` connections; the outcomes by label.
    private func sendConcurrently(_ url: String, count: Int, connections: Int = 1, responseTimeout: Int = 120) async throws -> (labels: [String: Int], ids: [MessageID]) {
        let transport = try CurlSMTPTransport(configuration: SMTPConfiguration(url: url, responseTimeout: responseTimeout, connections: connections))
        let messages = (0..<count).map { Sample.message(to: "stream\($0)@example.org", text: "Hi,\n.\nmessage \($0)\n") }
        let labels = try await withThrowingTaskGroup(of: String.self) { group in
            for m in messages {
                group.addTask {
                    try await transport.send(try MessageComposer().compose(m), envelope: Envelope(from: m.from.address, recipients: m.to.map(\.address))).label
                }
            }
            return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
        }
        return (labels, messages.map(\.messageID))
    }

    @Test func everyMessageArrivesExactlyOnce() async throws {
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dump, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dump.path)
        defer { try? FileManager.default.removeItem(at: dump) }
        let sink = try SMTPSink(["-d", dump.path + "/%H%M%S"])
        let (labels, ids) = try await sendConcurrently(sink.url, count: 300)
        #expect(labels == ["accepted": 300])
        var seen: [String: Int] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: dump.path) {
            let text = try String(contentsOf: dump.appendingPathComponent(file), encoding: .utf8)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Message-ID: <") }) {
                seen[String(line.dropFirst(13).prefix { $0 != ">" }), default: 0] += 1
            }
        }
        #expect(seen.count == 300)
        #expect(seen.values.allSatisfy { $0 == 1 })
        #expect(Set(ids.map(\.value)) == Set(seen.keys))
    }

    @Test func finalRepliesThatRefuseAreDefiniteForEveryQueuedMessage() async throws {
        let temporary = try SMTPSink(["-r", "."])
        #expect(try await sendConcurrently(temporary.url, count: 40).labels == ["deferred": 40])
        let permanent = try SMTPSink(["-f", "."])
        #expect(try await sendConcurrently(permanent.url, count: 40).labels == ["rejected": 40])
    }

    @Test func droppedAfterEveryDotLeavesEveryMessageAmbiguousNeverDeferred() async throws {
        let sink = try SMTPSink(["-q", "."])
        #expect(try await sendConcurrently(sink.url, count: 20).labels == ["ambiguous": 20])
    }

    @Test func refusedRecipientsDoNotDisturbTheStream() async throws {
        let sink = try SMTPSink(["-f", "RCPT"])
        #expect(try await sendConcurrently(sink.url, count: 30).labels == ["rejected": 30])
    }
}

