import Foundation
import Testing
@testable import PitchMail

@Suite("Inbound message parsing")
struct InboundMessageTests {
    @Test func headersAreOrderedUnfoldedAndCaseInsensitive() throws {
        let message = try Fixture.message("postfix-dsn-hard.eml")
        #expect(message.headers.first?.name == "Return-Path")
        #expect(message.headers["content-type"] == "multipart/report; report-type=delivery-status;\tboundary=\"7C2E83F6A1.1717402542/mail.pitchlab.dev\"")
        #expect(message.headers["RECEIVED"] == "by mail.pitchlab.dev (Postfix)\tid 7C2E83F6A1; Mon,  3 Jun 2024 10:15:42 +0200 (CEST)")
        #expect(message.headers.values("X-Nothing").isEmpty)
        #expect(message.raw == (try Fixture.bytes("postfix-dsn-hard.eml")))
        #expect(message.messageID == "20240603081542.7C2E83F6A1@mail.pitchlab.dev")
        #expect(message.from?.address == "MAILER-DAEMON@mail.pitchlab.dev")
        #expect(message.from?.name == "Mail Delivery System")
        #expect(message.returnPath == "")
        #expect(message.date == utc(2024, 6, 3, 8, 15, 42))
        #expect(message.flags.isEmpty)
        #expect(message.root.contentType == "multipart/report")
        #expect(message.root.parameters["report-type"] == "delivery-status")
        #expect(message.root.parts.map(\.contentType) == ["text/plain", "message/delivery-status", "message/rfc822"])
        #expect(message.root.preamble == Array("This is a MIME-encapsulated message.\r\n".utf8))
        #expect(message.textBody?.hasPrefix("This is the mail system at host mail.pitchlab.dev.\n\nI'm sorry") == true)
    }

    @Test func gmailReplyAddressesIdsAndAlternative() throws {
        let message = try Fixture.message("human-reply-en-gmail.eml")
        #expect(message.from == InboundAddress(name: "Doe, Jane", address: "Jane.Doe@example-corp.com"))
        #expect(message.from?.domain == "example-corp.com")
        #expect(message.from?.localPart == "Jane.Doe")
        #expect(message.to == [InboundAddress(name: "Claire Martin", address: "claire@pitchlab.dev")])
        #expect(message.cc.map(\.address) == ["bob.smith@example-corp.com", "sales-team@example-corp.com"])
        #expect(message.cc.first?.name == "Smith, Bob")
        #expect(message.messageID == "CAF3x+9QkZ0q1n8Jt3pYwV0R4hN2b7cA1sLmE5dT6uXgF8yH9iA@mail.gmail.com")
        #expect(message.inReplyTo == ["pl.7f3a9c1e.a@pitchlab.dev"])
        #expect(message.references == ["pl.7f3a9c1e.a@pitchlab.dev"])
        #expect(message.subject == "Re: Quick question about Example Corp's onboarding")
        #expect(message.hasReplySubject)
        #expect(message.baseSubject == "Quick question about Example Corp's onboarding")
        #expect(message.date == utc(2024, 6, 4, 8, 2, 3))
        // text/plain wins over text/html in multipart/alternative; QP soft breaks joined.
        #expect(message.textBody?.contains("Thanks for reaching out \u{2013} yes, we'd be open to a 20-minute call next week.\n") == true)
        #expect(message.textBody?.contains("10:15\u{202F}AM Claire Martin <claire@pitchlab.dev>\nwrote:") == true)
        #expect(message.htmlBody?.hasPrefix("<div dir=\"ltr\">Hi Claire,") == true)
        #expect(message.flags.isEmpty)
    }

    @Test func base64UTF8BodyAndSubjectSplitInsideACharacter() throws {
        let message = try Fixture.message("base64-utf8.eml")
        #expect(message.subject == "Café ☕ et 日本")
        #expect(message.from?.name == "Zoë Müller")
        #expect(message.textBody == "Bonjour Claire 👋\n\nÇa marche pour jeudi — à 14 h ?\nGrüße, Zoë\n日本語もOKです。\n")
        #expect(message.root.transferEncoding == "base64")
        #expect(message.flags.isEmpty)
    }

    @Test func latin1QuotedPrintableBody() throws {
        let message = try Fixture.message("latin1-qp.eml")
        #expect(message.subject == "Réponse à votre offre")
        #expect(message.from?.name == "Renée Lefèvre")
        #expect(message.textBody == "Bonjour,\nVoilà le résumé de notre échange : le coût est très raisonnable, et 2 + 2 = 4.\nÀ bientôt,\nRenée\n")
        #expect(message.flags.isEmpty)
    }

    @Test func windows1252EncodedWordSubject() throws {
        let message = try Fixture.message("subject-cp1252.eml")
        #expect(message.subject == "\u{201C}Offre spéciale\u{201D} \u{2013} 50 € de réduction")
        #expect(message.headers.rawValue("Subject") == "=?windows-1252?Q?=93Offre_sp=E9ciale=94_=96_50_=80_de_r=E9duction?=")
        #expect(message.from?.name == "Jérôme öz")
        #expect(message.textBody == "Merci, je regarde.\n")
    }

    @Test func iso885915EightBitBody() throws {
        let message = try Fixture.message("french-ooo.eml")
        #expect(message.subject == "Réponse automatique : Re: Votre démo PitchLab")
        #expect(message.from == InboundAddress(name: "François Bérard", address: "f.berard@exemple-sa.fr"))
        #expect(message.textBody?.contains("en congés sans accès à mes e-mails.") == true)
        #expect(message.textBody?.contains("(devis de plus de 5 000 €)") == true)
        #expect(message.date == utc(2024, 6, 11, 7, 30))
    }

    @Test func unknownCharsetKeepsRawWordAndFlags() throws {
        let message = try Fixture.message("unknown-charset.eml")
        #expect(message.flags == [.unknownCharset])
        #expect(message.subject == "=?x-unknown-42?Q?Hello_there?=")
        #expect(message.textBody == "Café ok\n")
        #expect(message.root.charset == "x-unknown-42")
    }

    @Test func truncatedMultipartKeepsWhatItCan() throws {
        let message = try Fixture.message("truncated-multipart.eml")
        #expect(message.flags == [.truncatedMIME, .badTransferEncoding])
        #expect(message.root.parts.count == 2)
        #expect(message.textBody == "See the attached deck.\n")
        let attachment = message.root.parts[1]
        #expect(attachment.filename == "deck.pdf")
        #expect(attachment.isAttachment)
        #expect(attachment.body.starts(with: Array("%PDF-1.4\n".utf8)))
        #expect(attachment.body.count > 150 && attachment.body.count < 300)
        #expect(message.inReplyTo == ["pl.deck0001.a@pitchlab.dev"])
    }

    @Test func qmailBounceWithoutMessageIDAndLFLineEnds() throws {
        let message = try Fixture.message("qmail-bounce.eml")
        #expect(message.flags == [.missingMessageID])
        #expect(message.messageID == nil)
        #expect(message.date == utc(2024, 6, 5, 14, 2, 11))
        #expect(message.subject == "failure notice")
    }

    @Test func nestedMultipartsAndAttachments() throws {
        let message = try Fixture.message("gmail-dsn.eml")
        let related = message.root.parts[0]
        #expect(related.contentType == "multipart/related")
        #expect(related.parts.map(\.contentType) == ["multipart/alternative", "image/png"])
        #expect(related.parts[1].body == Array(0..<120))
        #expect(related.parts[1].filename == "icon.png")
        #expect(message.root.allParts.count == 8)
        #expect(message.textBody?.hasPrefix("\n** Address not found **\n") == true)
        #expect(message.flags.isEmpty)
    }

    @Test func htmlOnlyBodyIsTurnedIntoText() throws {
        let message = try Fixture.message("exchange-ndr.eml")
        let text = try #require(message.textBody)
        #expect(text.hasPrefix("Your message to l.moreau@contoso-fr.com couldn't be delivered.\nl.moreau wasn't found at contoso-fr.com.\n"))
        #expect(text.contains("Action Required  Recipient\nUnknown To address"))
        #expect(text.contains("Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'"))
        #expect(!text.contains("<"))
        #expect(!text.contains("color:"))
        #expect(message.headers["X-MS-Exchange-Message-Is-Ndr"] == "")
        #expect(message.messageID == "c6d8f0a2-1b3c-4d5e-8f70-91a2b3c4d5e6@AM0PR07MB4417.eurprd07.prod.outlook.com")
    }

    @Test func outlookOutOfOfficeFields() throws {
        let message = try Fixture.message("outlook-ooo.eml")
        #expect(message.from?.address == "s.laurent@fabrikam.com")
        #expect(message.date == utc(2024, 6, 10, 7, 2, 13))
        #expect(message.inReplyTo == ["pl.c0ffee01.a@pitchlab.dev"])
        #expect(message.textBody == "Thank you for your message. I am out of the office until Monday 17 June with limited access to email. I will be back on 17 June.\n\nFor urgent matters, please contact our support team.\n")
    }

    @Test func replyWithoutInReplyToKeepsReSubject() throws {
        let message = try Fixture.message("reply-no-in-reply-to.eml")
        #expect(message.inReplyTo.isEmpty)
        #expect(message.references.isEmpty)
        #expect(message.hasReplySubject)
        #expect(message.baseSubject == "Quick question about Example Corp's onboarding")
        #expect(message.date == utc(2024, 6, 6, 1, 14, 9))
        #expect(message.messageID == "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9@ellis-consulting.example")
    }

    @Test func obsoleteDateWithTwoDigitYearAndZoneName() throws {
        let message = try Fixture.message("vacation-bulk.eml")
        #expect(message.date == utc(2024, 6, 11, 15, 0))
    }

    @Test(arguments: [
        ("Mon, 3 Jun 2024 10:15:42 +0200", utc(2024, 6, 3, 8, 15, 42)),
        ("3 Jun 2024 10:15 GMT", utc(2024, 6, 3, 10, 15)),
        ("Mon,  3 Jun 2024 10:15:42 +0200 (CEST)", utc(2024, 6, 3, 8, 15, 42)),
        ("Sun, 09 Jun 99 23:59:60 EST", utc(1999, 6, 10, 5, 0, 0)),
        ("Tue, 1 Feb 104 00:00:00 Z", utc(2004, 2, 1, 0, 0)),
        ("Wed, 05 Jun 2024 21:14:09 -0400", utc(2024, 6, 6, 1, 14, 9)),
        ("Thu, 29 Feb 2024 12:00:00 A", utc(2024, 2, 29, 12, 0)),
        ("Mon Jun  3 10:20:00 2024", utc(2024, 6, 3, 10, 20)),
        ("3-Jun-2024 10:20:00 +0000", utc(2024, 6, 3, 10, 20)),
        ("Fri, 7 June 2024 08:44:06 PDT", utc(2024, 6, 7, 15, 44, 6)),
    ])
    func parsesDates(text: String, expected: Date) {
        #expect(MailDateParser.parse(text) == expected)
    }

    @Test(arguments: ["", "yesterday", "Mon, 31 Feb 2024 10:00:00 +0000", "Mon, 3 Jun 2024", "3 Jun 2024 25:00:00 +0000",
                      "3 Foo 2024 10:00:00", "3 Jun 2024 10:00:00 +2599", "99999999999 Jun 2024 10:00"])
    func rejectsBadDates(text: String) {
        #expect(MailDateParser.parse(text) == nil)
    }

    @Test func messageIDsAreToleratedAndNormalised() {
        #expect(MessageIDList.parse("<a@b> (Message from Jane of \"Mon, 3 Jun\" <not@this>)") == ["a@b"])
        #expect(MessageIDList.parse("Your message of \"Mon, 3 Jun 2024\" <x.y@z>") == ["x.y@z"])
        #expect(MessageIDList.parse("  <one@x>\r\n\t<two@x> <one@x>  ") == ["one@x", "two@x"])
        #expect(MessageIDList.parse("bare-id@example.org") == ["bare-id@example.org"])
        #expect(MessageIDList.parse("< spaced @ example.org >") == ["spaced@example.org"])
        #expect(MessageIDList.parse("<>, junk, (comment <c@d>)") == [])
        #expect(MessageIDList.parse("<unclosed@x") == ["unclosed@x"])
    }

    @Test func addressListsWithGroupsCommentsAndRoutes() {
        let list = InboundAddress.parseList(
            "undisclosed-recipients:;, team: \"A, B\" <a@X.ORG>, c@Y.org (Carol =?utf-8?Q?C=C3=A9?=); <@relay.net:d@Z.net>, =?utf-8?B?w4lsaXNl?= <e@w.org>")
        #expect(list.map(\.address) == ["a@x.org", "c@y.org", "d@z.net", "e@w.org"])
        #expect(list.map(\.name) == ["A, B", "Carol Cé", nil, "Élise"])
        #expect(InboundAddress.parseList("Jane Doe").isEmpty)
        #expect(InboundAddress.parse("MAILER-DAEMON")?.address == "MAILER-DAEMON")
        #expect(InboundAddress.parse("<mailto:Sales@Example.COM>")?.address == "Sales@example.com")
    }

    @Test func encodedWordsAdjacentAndMixed() {
        #expect(EncodedWords.decode("=?utf-8?q?a?= =?utf-8?q?b?=").text == "ab")
        #expect(EncodedWords.decode("=?utf-8?q?a?= x =?utf-8?q?b?=").text == "a x b")
        #expect(EncodedWords.decode("Re:=?iso-8859-1?q?_caf=E9?=").text == "Re: café")
        #expect(EncodedWords.decode("=?utf-8*fr?Q?d=C3=A9j=C3=A0?=").text == "déjà")
        #expect(EncodedWords.decode("=?utf-8?X?abc?=").text == "=?utf-8?X?abc?=")
        #expect(EncodedWords.decode("=?iso-8859-15?Q?=A4?=").text == "€")
        #expect(EncodedWords.decode("plain =? text ?=").text == "plain =? text ?=")
    }

    @Test func headerWithoutBlankLineAndJunkLines() {
        let message = InboundMessage(bytes: Array("Subject: hi\nthis is not a header\nX-After: yes\nFrom: a@b.c\nbody starts here\nmore\n".utf8))
        #expect(message.flags.contains(.malformedHeader))
        #expect(message.headers["X-After"] == "yes")
        #expect(message.textBody == "body starts here\nmore\n")
    }

    @Test func multipartWithoutBoundaryReadsAsText() {
        let message = crlfMessage("Content-Type: multipart/mixed\nMessage-ID: <m@x>\n\nhello\n")
        #expect(message.flags == [.malformedMIME])
        #expect(message.textBody == "hello\n")
    }

    @Test func unquotedBoundaryWithSpecialsAndEpilogue() {
        let message = crlfMessage("""
            Message-ID: <m@x>
            Content-Type: multipart/alternative; boundary==_Part_1==

            preamble
            --=_Part_1==
            Content-Type: text/html

            <p>Hi &amp; welcome</p>
            --=_Part_1==--
            epilogue text
            """)
        #expect(message.flags.isEmpty)
        #expect(message.textBody == "Hi & welcome")
        #expect(message.root.epilogue == Array("epilogue text".utf8))
    }

    @Test func rfc2231ParametersAreDecoded() {
        let parsed = HeaderParameters.parse("attachment; filename*0*=utf-8''d%C3%A9mo%20; filename*1=\"v2.pdf\"; size=10")
        #expect(parsed.value == "attachment")
        #expect(parsed.parameters["filename"] == "démo v2.pdf")
        #expect(parsed.parameters["size"] == "10")
    }

    @Test func quotedPrintableDecoding() {
        let result = TransferDecoding.quotedPrintable(Array("a=3Db  \r\nsoft=\r\nbreak=\nend=ZZ".utf8)[...])
        #expect(String(decoding: result.bytes, as: UTF8.self) == "a=b\r\nsoftbreakend=ZZ")
        #expect(!result.clean)
    }

    @Test func base64Decoding() {
        #expect(TransferDecoding.base64(Array("aGVs\r\nbG8=".utf8)).bytes == Array("hello".utf8))
        #expect(TransferDecoding.base64(Array("aGVs\r\nbG8=".utf8)).clean)
        let broken = TransferDecoding.base64(Array("aGVs*bG8".utf8))
        #expect(broken.bytes == Array("hello".utf8))
        #expect(!broken.clean)
    }

    @Test func htmlToTextHandlesEntitiesScriptsAndBreaks() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><script>alert(1)</script>" +
            "<p>Caf&eacute; &lt;ok&gt; &#8364;&#x20AC;</p><p>line<br/>two</p><!-- c --><div>a  \n  b</div></body></html>"
        #expect(HTMLTextExtractor.text(fromHTML: html) == "Café <ok> €€\nline\ntwo\na b")
    }
}
