import Foundation
import Testing
@testable import PitchMail

/// Framing, FETCH parsing and configuration checks, without a server.
struct IMAPParsingTests {
    private func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func framesLiteralsByLength() throws {
        let body = "line one\r\nA006 OK fake\r\n* 9 FETCH (x)\r\n{5}\r\n"
        let stream = bytes("* 3 FETCH (UID 7 BODY[] {\(body.utf8.count)}\r\n\(body))\r\n* 4 FETCH (UID 8 RFC822.SIZE 12 FLAGS (\\Seen $x))\r\nA006 OK done\r\n")
        let framed = IMAPResponseFramer.frame(stream)
        #expect(framed.problem == nil)
        #expect(framed.responses.count == 3)
        let first = try #require(FetchResponse(framed.responses[0]))
        #expect(first.sequence == 3 && first.uid == 7)
        #expect(first.body == bytes(body))
        let second = try #require(FetchResponse(framed.responses[1]))
        #expect(second.uid == 8 && second.size == 12 && second.flags == ["\\Seen", "$x"] && second.body == nil)
        #expect(framed.responses[2].tag == "A006" && framed.responses[2].status.word == "OK")
    }

    @Test func reportsAReplyCutInsideALiteral() {
        let framed = IMAPResponseFramer.frame(bytes("* 1 FETCH (UID 4 BODY[] {70}\r\nSubject: x\r\n\r\nA005 OK trap\r\n"))
        #expect(framed.problem == .truncated)
        #expect(framed.responses.isEmpty)
        #expect(framed.partial != nil)
    }

    @Test func binaryLiteralsAndQuotedBodies() throws {
        var stream = bytes("* 2 FETCH (BODY[] {6}\r\n")
        stream += [0x00, 0xFF, 0x0D, 0x0A, 0x0A, 0x0D]
        stream += bytes(" UID 11)\r\n* 3 FETCH (UID 12 BODY[] \"a\\\"b\")\r\nA1 OK x\r\n")
        let framed = IMAPResponseFramer.frame(stream)
        #expect(framed.problem == nil)
        #expect(FetchResponse(framed.responses[0])?.body == [0x00, 0xFF, 0x0D, 0x0A, 0x0A, 0x0D])
        #expect(FetchResponse(framed.responses[0])?.uid == 11)
        #expect(FetchResponse(framed.responses[1])?.body == bytes("a\"b"))
    }

    @Test func statusResponseCodes() {
        let framed = IMAPResponseFramer.frame(bytes("* OK [UIDVALIDITY 1795874350] UIDs valid\r\n* OK [UIDNEXT 4] Predicted next UID\r\n* 3 EXISTS\r\nA4 OK [READ-ONLY] Examine completed.\r\n"))
        #expect(framed.responses[0].responseCode?.name == "UIDVALIDITY")
        #expect(framed.responses[0].responseCode?.value == "1795874350")
        #expect(framed.responses[3].responseCode?.name == "READ-ONLY")
        #expect(framed.responses[3].statusText == "Examine completed.")
    }

    @Test func compactUIDSets() {
        #expect(CurlIMAPMailbox.uidSet([1, 2, 3, 5, 7, 8]) == "1:3,5,7:8")
        #expect(CurlIMAPMailbox.uidSet([42]) == "42")
    }

    @Test func modifiedUTF7MailboxNames() {
        #expect(ModifiedUTF7.encode("INBOX") == "INBOX")
        #expect(ModifiedUTF7.encode("Antworten & Co") == "Antworten &- Co")
        #expect(ModifiedUTF7.encode("Entwürfe") == "Entw&APw-rfe")  // RFC 3501 example style
        #expect(ModifiedUTF7.encode("台北") == "&U,BTFw-")  // RFC 3501 §5.1.3
    }

    @Test func configurationChecks() throws {
        func endpoint(_ url: String, plain: Bool = false) throws -> IMAPConfiguration.Endpoint {
            try IMAPConfiguration(url: url, username: "u", allowPlaintextOnLoopback: plain).endpoint()
        }
        #expect(try endpoint("imaps://mail.example.org/INBOX").security == .implicitTLS)
        #expect(try endpoint("imaps://mail.example.org").port == 993)
        #expect(try endpoint("imap://mail.example.org/INBOX").security == .startTLS)
        #expect(try endpoint("imap://mail.example.org/INBOX", plain: true).security == .startTLS, "plain text only to loopback")
        #expect(try endpoint("imap://127.0.0.1:1143/INBOX", plain: true).security == .plain)
        #expect(try endpoint("imap://127.0.0.1:1143/INBOX").security == .startTLS)
        #expect(try endpoint("imaps://h/Replies%20%22x%22").examineCommand == "EXAMINE \"Replies \\\"x\\\"\"")
        #expect(try endpoint("imaps://h/100%25").examineCommand == "EXAMINE \"100%25\"")
        #expect(try endpoint("imaps://h/A%20B").mailboxURL == "imaps://h:993/A%20B")
        for bad in ["http://h/INBOX", "imaps://user:pw@h/INBOX", "imaps://h/INBOX;UID=3", "imaps://h/INBOX?ALL", "imaps://h/IN%0ABOX"] {
            #expect(throws: IMAPError.self, "\(bad)") { try endpoint(bad) }
        }
    }

    @Test func passwordFromEnvironmentOrPrivateFile() throws {
        let name = "PITCHLAB_IMAP_TEST_UNSET_\(UUID().uuidString.prefix(8))"
        #expect { try SecretSource.environment(name).readIMAPPassword() } throws: { error in
            (error as? IMAPError)?.code == .secretUnavailable && (error as? IMAPError)?.message.contains(name) == true
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-imap-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = FileManager.default.createFile(atPath: path, contents: Data("hunter2\n".utf8), attributes: [.posixPermissions: 0o644])
        #expect { try SecretSource.file(path).readIMAPPassword() } throws: { error in
            (error as? IMAPError)?.code == .secretUnavailable && !String(describing: error).contains("hunter2")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try SecretSource.file(path).readIMAPPassword() == "hunter2")
    }
}
