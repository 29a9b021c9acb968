import Testing
@testable import PitchMail

@Suite("SMTP replies")
struct SMTPReplyTests {
    @Test func parsesCodeEnhancedCodeAndRedactsAddresses() throws {
        let reply = try #require(SMTPReply(line: "550 5.1.1 <bad@example.org>: Recipient address rejected: User unknown\r\n"))
        #expect(reply.code == 550)
        #expect(reply.enhancedCode == "5.1.1")
        #expect(reply.text == "<address> Recipient address rejected: User unknown")
        #expect(!reply.description.contains("bad@"))
    }

    @Test func parsesQueueIDWithoutEnhancedCode() throws {
        let reply = try #require(SMTPReply(line: "250 Ok: queued as 4F3K2\r\n"))
        #expect(reply.code == 250)
        #expect(reply.enhancedCode == nil)
        #expect(reply.text == "Ok: queued as 4F3K2")
    }

    @Test func multilineContinuationAndNonReplies() throws {
        #expect(SMTPReply(line: "250-SIZE 10240000")?.code == 250)
        #expect(SMTPReply(line: "hello") == nil)
        #expect(SMTPReply(line: "25") == nil)
        #expect(SMTPReply(line: "2500 x") == nil)
    }
}
