import Testing
@testable import PitchMail

@Suite("Bounce reports")
struct BounceReportTests {
    @Test func postfixHardBounce() throws {
        let bounce = try #require(BounceReport(try Fixture.message("postfix-dsn-hard.eml")))
        #expect(bounce.format == .deliveryStatus)
        #expect(bounce.kind == .hard)
        #expect(bounce.recipient == "j.doe@example-corp.com")
        #expect(bounce.status == "5.1.1")
        #expect(bounce.diagnostic == "550 5.1.1 <j.doe@example-corp.com>: Recipient address rejected: User unknown in virtual mailbox table")
        #expect(bounce.primary?.action == "failed")
        #expect(bounce.primary?.remoteMTA == "mx1.example-corp.com")
        #expect(bounce.primary?.originalRecipient == "j.doe@example-corp.com")
        #expect(bounce.reportingMTA == "mail.pitchlab.dev")
        #expect(bounce.originalMessageID == "pl.7f3a9c1e.b@pitchlab.dev")
        #expect(bounce.recipients.count == 1)
    }

    @Test func postfixDelayIsSoft() throws {
        let bounce = try #require(BounceReport(try Fixture.message("postfix-dsn-delayed.eml")))
        #expect(bounce.format == .deliveryStatus)
        #expect(bounce.kind == .soft)
        #expect(bounce.primary?.action == "delayed")
        #expect(bounce.status == "4.4.1")
        #expect(bounce.recipient == "m.dupont@lent-exemple.fr")
        #expect(bounce.diagnostic == "connect to mx.lent-exemple.fr[198.51.100.7]:25: Connection timed out")
        #expect(bounce.originalMessageID == "pl.22b8e5d0.a@pitchlab.dev")
    }

    @Test func eximBounce() throws {
        let message = try Fixture.message("exim-bounce.eml")
        let bounce = try #require(BounceReport(message))
        #expect(bounce.format == .exim)
        #expect(bounce.kind == .hard)
        #expect(bounce.recipient == "tom.baker@widgets-ltd.co.uk")
        #expect(bounce.status == "5.1.1")
        #expect(bounce.diagnostic == "host mx.widgets-ltd.co.uk [192.0.2.44] SMTP error from remote mail server after RCPT TO:<tom.baker@widgets-ltd.co.uk>: 550 5.1.1 <tom.baker@widgets-ltd.co.uk>: Recipient address rejected: User unknown")
        #expect(bounce.originalMessageID == "pl.91c0d4aa.a@pitchlab.dev")
        #expect(message.references == ["pl.91c0d4aa.a@pitchlab.dev"])
    }

    @Test func qmailBounce() throws {
        let bounce = try #require(BounceReport(try Fixture.message("qmail-bounce.eml")))
        #expect(bounce.format == .qmail)
        #expect(bounce.kind == .hard)
        #expect(bounce.recipient == "sales@oldhost-customer.net")
        #expect(bounce.status == "5.1.1")
        #expect(bounce.diagnostic == "198.51.100.23 does not like recipient. Remote host said: 550 5.1.1 <sales@oldhost-customer.net>... No such user Giving up on 198.51.100.23.")
        #expect(bounce.reportingMTA == "mail.oldhost.net")
        #expect(bounce.originalMessageID == "pl.5e6f7a8b.c@pitchlab.dev")
    }

    @Test func gmailDeliveryStatusNotification() throws {
        let bounce = try #require(BounceReport(try Fixture.message("gmail-dsn.eml")))
        #expect(bounce.format == .deliveryStatus)
        #expect(bounce.kind == .hard)
        #expect(bounce.recipient == "anna.schmidt@gmail.com")
        #expect(bounce.status == "5.1.1")
        #expect(bounce.diagnostic?.hasPrefix("The email account that you tried to reach does not exist. Please try double-checking") == true)
        #expect(bounce.reportingMTA == "googlemail.com")
        #expect(bounce.originalMessageID == "pl.0a1b2c3d.a@pitchlab.dev")
    }

    @Test func gmailTextOnlyNotice() throws {
        let bounce = try #require(BounceReport(try Fixture.message("gmail-text-bounce.eml")))
        #expect(bounce.format == .gmail)
        #expect(bounce.kind == .hard)
        #expect(bounce.recipient == "P.Nguyen@closed-startup.io")
        #expect(bounce.status == "5.1.1")
        #expect(bounce.diagnostic == "550 5.1.1 <p.nguyen@closed-startup.io>: Recipient address rejected: User unknown in local recipient table")
        #expect(bounce.originalMessageID == "pl.33aa44bb.b@pitchlab.dev")
    }

    @Test func microsoftNDRWithHTMLNotice() throws {
        let bounce = try #require(BounceReport(try Fixture.message("exchange-ndr.eml")))
        #expect(bounce.format == .deliveryStatus)
        #expect(bounce.kind == .hard)
        #expect(bounce.recipient == "l.moreau@contoso-fr.com")
        #expect(bounce.status == "5.1.10")
        #expect(bounce.diagnostic == "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")
        #expect(bounce.reportingMTA == "AM0PR07MB4417.eurprd07.prod.outlook.com")
        #expect(bounce.originalMessageID == "pl.4d5e6f70.a@pitchlab.dev")
    }

    @Test func exchangeTextOnlyNotice() throws {
        let message = crlfMessage("""
            From: Microsoft Outlook <MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e@contoso.com>
            To: claire@pitchlab.dev
            Subject: Undeliverable: Intro
            Message-ID: <ndr.1@contoso.com>
            Content-Type: text/plain; charset=us-ascii

            Delivery has failed to these recipients or groups:

            Paul Martin (paul.martin@contoso.com)
            The e-mail address you entered couldn't be found. Please check the recipient's e-mail address and try to resend the message.

            Diagnostic information for administrators:

            Generating server: EX01.contoso.local

            paul.martin@contoso.com
            #550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##

            Original message headers:

            Message-ID: <pl.0e0e0e0e.a@pitchlab.dev>
            Subject: Intro
            """)
        let bounce = try #require(BounceReport(message))
        #expect(bounce.format == .exchange)
        #expect(bounce.kind == .hard)
        #expect(bounce.recipient == "paul.martin@contoso.com")
        #expect(bounce.status == "5.1.1")
        #expect(bounce.diagnostic == "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##")
        #expect(bounce.reportingMTA == "ex01.contoso.local")
        #expect(bounce.originalMessageID == "pl.0e0e0e0e.a@pitchlab.dev")
    }

    @Test func office365TextNoticeWithRemoteServerReturned() throws {
        let message = crlfMessage("""
            From: postmaster@fabrikam.onmicrosoft.com
            To: claire@pitchlab.dev
            Subject: Undeliverable: Quick question
            Content-Type: text/plain; charset=utf-8

            Your message to nobody@fabrikam.com couldn't be delivered.
            nobody wasn't found at fabrikam.com.

            Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
            """)
        let bounce = try #require(BounceReport(message))
        #expect(bounce.format == .exchange)
        #expect(bounce.recipient == "nobody@fabrikam.com")
        #expect(bounce.status == "5.1.10")
        #expect(bounce.diagnostic == "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")
    }

    @Test func postfixTextOnlyNotice() throws {
        let message = crlfMessage("""
            From: MAILER-DAEMON@mail.example.net (Mail Delivery System)
            To: claire@pitchlab.dev
            Subject: Undelivered Mail Returned to Sender
            Content-Type: text/plain; charset=us-ascii

            This is the mail system at host mail.example.net.

            I'm sorry to have to inform you that your message could not
            be delivered to one or more recipients.

                               The mail system

            <gone@example.org>: host mx.example.org[192.0.2.9] said: 550 5.1.1
                <gone@example.org>: Recipient address rejected: User unknown (in reply to
                RCPT TO command)
            """)
        let bounce = try #require(BounceReport(message))
        #expect(bounce.format == .postfix)
        #expect(bounce.kind == .hard)
        #expect(bounce.recipient == "gone@example.org")
        #expect(bounce.status == "5.1.1")
        #expect(bounce.reportingMTA == "mail.example.net")
        #expect(bounce.diagnostic == "host mx.example.org[192.0.2.9] said: 550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown (in reply to RCPT TO command)")
    }

    @Test func eximDelayWarningIsSoft() throws {
        let message = crlfMessage("""
            From: Mail Delivery System <Mailer-Daemon@smtp.hosting-uk.net>
            To: claire@pitchlab.dev
            Subject: Warning: message 1sEQ2B-0004Zt-2T delayed 24 hours
            Auto-Submitted: auto-replied

            This message was created automatically by mail delivery software.
            A message that you sent has not yet been delivered to one or more of its
            recipients after more than 24 hours on the queue on smtp.hosting-uk.net.

            The address to which the message has not yet been delivered is:

              slow@example.org
                Delay reason: SMTP error from remote mail server after RCPT TO:<slow@example.org>:
                451 4.7.1 Greylisted, try again later

            No action is required on your part.
            """)
        let bounce = try #require(BounceReport(message))
        #expect(bounce.format == .exim)
        #expect(bounce.kind == .soft)
        #expect(bounce.primary?.action == "delayed")
        #expect(bounce.recipient == "slow@example.org")
        #expect(bounce.status == "4.7.1")
    }

    @Test func sendmailNoticeReadGenerically() throws {
        let message = crlfMessage("""
            From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.com>
            To: <claire@pitchlab.dev>
            Subject: Returned mail: see transcript for details
            Auto-Submitted: auto-generated (failure)

            The original message was received at Mon, 3 Jun 2024 10:00:00 +0200
            from mail.pitchlab.dev [198.51.100.99]

               ----- The following addresses had permanent fatal errors -----
            <gone@example.com>
                (reason: 550 5.1.1 <gone@example.com>... User unknown)

               ----- Transcript of session follows -----
            ... while talking to mx.example.com.:
            >>> RCPT To:<gone@example.com>
            <<< 550 5.1.1 <gone@example.com>... User unknown
            """)
        let bounce = try #require(BounceReport(message))
        #expect(bounce.format == .generic)
        #expect(bounce.kind == .hard)
        #expect(bounce.recipient == "gone@example.com")
        #expect(bounce.status == "5.1.1")
        #expect(bounce.diagnostic == "(reason: 550 5.1.1 <gone@example.com>... User unknown)")
        #expect(AutoReplyDetector().detect(message) == nil)
    }

    @Test func mailboxFullIsSoftEvenWithFailedAction() throws {
        let message = crlfMessage("""
            From: MAILER-DAEMON@mx.example.net
            To: claire@pitchlab.dev
            Subject: Undelivered Mail Returned to Sender
            Content-Type: multipart/report; report-type=delivery-status; boundary=b

            --b
            Content-Type: text/plain

            Mailbox full.
            --b
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.net

            Final-Recipient: rfc822; full@example.net
            Action: failed
            Status: 5.0.0
            Diagnostic-Code: smtp; 552 5.2.2 Mailbox full

            Final-Recipient: rfc822; fine@example.net
            Action: delivered
            Status: 2.0.0
            --b--
            """)
        let bounce = try #require(BounceReport(message))
        #expect(bounce.kind == .soft)
        #expect(bounce.status == "5.2.2")
        #expect(bounce.recipients.map(\.address) == ["full@example.net"])
    }

    @Test(arguments: [
        ("failed", "5.1.1", "", BounceReport.Kind.hard),
        ("failed", "5.2.2", "", .soft),
        ("failed", "5.7.1", "550 5.7.1 blocked", .hard),
        ("delayed", "5.1.1", "", .soft),
        ("failed", "4.2.0", "", .soft),
        ("failed", nil, "452 mailbox over quota", .soft),
        ("failed", nil, "550 no such user", .hard),
        ("failed", nil, "", .hard),
    ] as [(String?, String?, String, BounceReport.Kind)])
    func classification(action: String?, status: String?, diagnostic: String, expected: BounceReport.Kind) {
        #expect(BounceReport.classify(action: action, status: status, diagnostic: diagnostic) == expected)
    }

    @Test func successDSNIsNotABounce() {
        let message = crlfMessage("""
            From: MAILER-DAEMON@mx.example.net
            Subject: Successful Mail Delivery Report
            Content-Type: multipart/report; report-type=delivery-status; boundary=b

            --b
            Content-Type: message/delivery-status

            Final-Recipient: rfc822; ok@example.net
            Action: delivered
            Status: 2.0.0
            --b--
            """)
        #expect(BounceReport(message) == nil)
    }

    @Test(arguments: ["human-reply-en-gmail.eml", "human-reply-fr-outlook.eml", "outlook-ooo.eml", "french-ooo.eml",
                      "vacation-bulk.eml", "reply-no-in-reply-to.eml", "base64-utf8.eml", "truncated-multipart.eml"])
    func nonBouncesAreNotBounces(name: String) throws {
        #expect(BounceReport(try Fixture.message(name)) == nil)
    }
}
