import Testing
@testable import PitchMail

@Suite("Quoted text stripping")
struct QuotedTextStripperTests {
    let stripper = QuotedTextStripper()

    @Test func gmailReplyWithWrappedAttribution() throws {
        let message = try Fixture.message("human-reply-en-gmail.eml")
        #expect(stripper.newText(of: message.textBody ?? "") == """
            Hi Claire,

            Thanks for reaching out \u{2013} yes, we'd be open to a 20-minute call next week.
            Tuesday afternoon works best for me.

            Best,
            Jane
            """)
    }

    @Test func gmailHTMLReplyAttributionIsCutToo() throws {
        let message = try Fixture.message("human-reply-en-gmail.eml")
        let text = HTMLTextExtractor.text(fromHTML: message.htmlBody ?? "")
        #expect(stripper.newText(of: text) == "Hi Claire,\n\nThanks for reaching out \u{2013} yes, we'd be open to a 20-minute call next week.\nTuesday afternoon works best for me.\n\nBest,\nJane")
    }

    @Test func frenchOutlookHeaderBlock() throws {
        let message = try Fixture.message("human-reply-fr-outlook.eml")
        #expect(message.subject == "RE: Démo PitchLab pour Exemple")
        #expect(message.baseSubject == "Démo PitchLab pour Exemple")
        #expect(stripper.newText(of: message.textBody ?? "") == """
            Bonjour Claire,

            Merci pour votre message. Oui, je serais ravi d\u{2019}en discuter : jeudi 14h vous convient-il ?

            Bien cordialement,
            Luc Moreau
            Directeur commercial
            """)
    }

    @Test func iPhoneSignatureAndQuote() throws {
        let message = try Fixture.message("reply-no-in-reply-to.eml")
        #expect(stripper.newText(of: message.textBody ?? "") == "Sounds good, send me the deck.")
    }

    @Test(arguments: [
        "Yes please.\n\nLe lun. 3 juin 2024 à 10:15, Claire Martin <claire@pitchlab.dev> a écrit :\n> Bonjour",
        "Yes please.\n\nLe 3 juin 2024 à 10:15, Claire Martin <claire@pitchlab.dev> a\n\u{00A0}écrit\u{00A0}:\n> Bonjour",
        "Yes please.\n-----Original Message-----\nFrom: Claire\nSent: Monday\nSubject: Hi",
        "Yes please.\n\n-----Message d'origine-----\nDe : Claire",
        "Yes please.\n\nFrom: Claire Martin <claire@pitchlab.dev>\nSent: Monday, June 3, 2024 10:15 AM\nTo: Jane\nSubject: Hi\n\nHello",
        "Yes please.\n\n*From:* Claire Martin\n*Sent:* Monday\n*To:* Jane\n*Subject:* Hi",
        "Yes please.\n________________________________\nDe : Claire Martin\nEnvoyé : lundi 3 juin 2024 10:15\nÀ : Luc\nObjet : Démo",
        "Yes please.\n\nEnvoyé de mon iPhone\n\n> Le 3 juin",
        "Yes please.\n-- \nJane Doe | VP Sales",
        "> Would Tuesday work?\nYes please.\n> Best, Claire",
        "Yes please.\r\n\r\nOn Mon, Jun 3, 2024 at 10:15 AM Claire <claire@pitchlab.dev> wrote:\r\n> Hi",
    ])
    func cutsAtQuoteMarkers(text: String) {
        #expect(stripper.newText(of: text) == "Yes please.")
    }

    @Test func keepsInterleavedAnswersAndPlainText() {
        #expect(stripper.newText(of: "> Q1?\nA1\n> Q2?\nA2\n") == "A1\nA2")
        #expect(stripper.newText(of: "On Monday we can talk.\nThanks") == "On Monday we can talk.\nThanks")
        #expect(stripper.newText(of: "") == "")
    }
}
