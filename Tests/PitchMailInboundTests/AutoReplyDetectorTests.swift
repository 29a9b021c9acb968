import Testing
@testable import PitchMail

@Suite("Auto-reply detection")
struct AutoReplyDetectorTests {
    let detector = AutoReplyDetector()

    @Test func outlookOutOfOffice() throws {
        let auto = try #require(detector.detect(try Fixture.message("outlook-ooo.eml")))
        #expect(auto.isOutOfOffice)
        #expect(Array(auto.reasons.prefix(3)) == [.autoSubmitted("auto-generated"), .autoResponseSuppress, .subject("automatic reply")])
        #expect(auto.reasons.contains(.bodyPhrase("i am out of the office")))
        #expect(auto.reasons.contains(.bodyPhrase("will be back on")))
        #expect(InboundClassifier().classify(try Fixture.message("outlook-ooo.eml")) == .autoReply(auto))
    }

    @Test func frenchOutOfOfficeWithoutHeaders() throws {
        let message = try Fixture.message("french-ooo.eml")
        #expect(!message.headers.contains("Auto-Submitted"))
        let auto = try #require(detector.detect(message))
        #expect(auto.isOutOfOffice)
        #expect(auto.reasons.first == .subject("reponse automatique"))
        #expect(auto.reasons.contains(.bodyPhrase("je suis absent")))
        #expect(auto.reasons.contains(.bodyPhrase("je serai de retour")))
        #expect(auto.reasons.contains(.bodyPhrase("en conge")))
    }

    @Test func vacationWithPrecedenceBulk() throws {
        let message = try Fixture.message("vacation-bulk.eml")
        let auto = try #require(detector.detect(message))
        #expect(auto.reasons.first == .precedence("bulk"))
        #expect(auto.reasons.contains(.bodyPhrase("i'm on vacation")))
        #expect(auto.isOutOfOffice)
        #expect(message.returnPath == "")
        #expect(BounceReport(message) == nil)
    }

    @Test(arguments: ["human-reply-en-gmail.eml", "human-reply-fr-outlook.eml", "reply-no-in-reply-to.eml", "base64-utf8.eml",
                      "latin1-qp.eml", "subject-cp1252.eml"])
    func humanMessagesAreNotAutomatic(name: String) throws {
        let message = try Fixture.message(name)
        #expect(detector.detect(message) == nil)
        #expect(InboundClassifier().classify(message) == .human)
    }

    @Test(arguments: ["postfix-dsn-hard.eml", "postfix-dsn-delayed.eml", "exim-bounce.eml", "qmail-bounce.eml", "gmail-dsn.eml",
                      "gmail-text-bounce.eml", "exchange-ndr.eml"])
    func bouncesAreNotAutoReplies(name: String) throws {
        let message = try Fixture.message(name)
        #expect(detector.detect(message) == nil)
        guard case .bounce = InboundClassifier().classify(message) else {
            Issue.record("\(name) should be a bounce")
            return
        }
    }

    @Test(arguments: [
        ("Auto-Submitted: auto-replied", AutoReplyReason.autoSubmitted("auto-replied")),
        ("Auto-Submitted: auto-notified; owner-email=\"x\"", .autoSubmitted("auto-notified")),
        ("X-Autoreply: yes", .autoReplyHeader("X-Autoreply")),
        ("X-Autorespond: Vacation", .autoReplyHeader("X-Autorespond")),
        ("Precedence: junk", .precedence("junk")),
        ("Precedence: auto_reply", .precedence("auto_reply")),
        ("Precedence: list", .precedence("list")),
    ])
    func headerEvidence(header: String, reason: AutoReplyReason) {
        let message = crlfMessage("From: a@b.example\n\(header)\nSubject: Re: hello\n\nThanks, noted.\n")
        #expect(detector.detect(message)?.reasons == [reason])
        #expect(detector.detect(message)?.isOutOfOffice == false)
    }

    @Test func autoSubmittedNoAndSuppressAloneAreHuman() {
        let message = crlfMessage("From: a@b.example\nAuto-Submitted: no\nX-Auto-Response-Suppress: All\nSubject: Re: hello\n\nLet's talk.\n")
        #expect(detector.detect(message) == nil)
    }

    @Test(arguments: ["Out of Office: Re: hello", "Automatic reply: hello", "Auto: hello", "Autoreply: hello",
                      "RÉPONSE AUTOMATIQUE : hello", "Absence : hello", "Absent du bureau - hello", "Message d'absence",
                      "[Out of Office] hello"])
    func subjectPrefixes(subject: String) {
        let message = crlfMessage("From: a@b.example\nSubject: \(subject)\n\nHello.\n")
        #expect(detector.detect(message) != nil)
    }

    @Test func oneBodyPhraseAloneIsNotEnough() {
        let human = crlfMessage("From: a@b.example\nSubject: Re: demo\n\nI will be back on Monday, let's talk then.\n")
        #expect(detector.detect(human) == nil)
        let french = crlfMessage("From: a@b.example\nSubject: Re: demo\n\nJe suis absent demain, rappelez-moi jeudi.\n")
        #expect(detector.detect(french) == nil)
        let away = crlfMessage("From: a@b.example\nSubject: Re: demo\n\nI'm currently out of office and will be back on June 3.\n")
        #expect(detector.detect(away)?.isOutOfOffice == true)
        let explicit = crlfMessage("From: a@b.example\nSubject: Thanks\n\nThis is an automatic reply. We got your message.\n")
        #expect(detector.detect(explicit)?.reasons == [.bodyPhrase("this is an automatic reply")])
        #expect(detector.detect(explicit)?.isOutOfOffice == false)
    }

    @Test func phrasesInQuotedTextDoNotCount() {
        let message = crlfMessage("From: a@b.example\nSubject: Re: OOO\n\nSure, call me.\n\n> I am out of the office and will be back on Monday.\n")
        #expect(detector.detect(message) == nil)
    }
}
