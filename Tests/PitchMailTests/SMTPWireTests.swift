import Testing
@testable import PitchMail

@Suite("SMTP wire")
struct SMTPWireTests {
    @Test func dotStuffingDoublesLeadingDotsAndEndsTheData() {
        let body = Array("a\r\n.\r\n..b\r\n.c\r\nend\r\n".utf8)
        #expect(String(decoding: SMTPWire.dotStuffed(body), as: UTF8.self) == "a\r\n..\r\n...b\r\n..c\r\nend\r\n.\r\n")
        #expect(String(decoding: SMTPWire.dotStuffed(Array(".x".utf8)), as: UTF8.self) == "..x\r\n.\r\n")
    }

    @Test func envelopeCommandsCarrySizeAndSMTPUTF8WhenAsked() throws {
        let envelope = Envelope(from: try MailAddress("a@example.com"), recipients: [try MailAddress("zoé@example.fr")])
        let commands = SMTPWire.envelopeCommands(envelope, size: 2048, smtpUTF8: true).map { String(decoding: $0, as: UTF8.self) }
        #expect(commands == ["MAIL FROM:<a@example.com> SIZE=2048 SMTPUTF8\r\n", "RCPT TO:<zoé@example.fr>\r\n", "DATA\r\n"])
        let plain = SMTPWire.envelopeCommands(envelope, size: nil, smtpUTF8: false).map { String(decoding: $0, as: UTF8.self) }
        #expect(plain[0] == "MAIL FROM:<a@example.com>\r\n")
    }

    @Test func readerAssemblesMultilineRepliesAcrossChunks() {
        var reader = SMTPReplyReader()
        reader.feed(Array("250-smtp.example\r\n250-PIPE".utf8))
        #expect(reader.next() == nil)
        reader.feed(Array("LINING\r\n250 SIZE 1000\r\n354 go ahead\r\n".utf8))
        let first = reader.next()
        #expect(first?.reply.code == 250)
        #expect(first?.lines.count == 3)
        #expect(first?.lines[1] == "250-PIPELINING\r")
        #expect(reader.next()?.reply.code == 354)
        #expect(reader.next() == nil)
    }

    @Test func garbageIsAProtocolErrorNotACrash() {
        var reader = SMTPReplyReader()
        reader.feed(Array("hello there\r\n".utf8))
        #expect(reader.next()?.reply.code == 0)
    }
}
