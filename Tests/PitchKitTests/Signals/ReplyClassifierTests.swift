import Foundation
import Testing
@testable import PitchKit

@Suite struct ReplyClassifierTests {
    let classifier = ReplyClassifier()

    struct Case: CustomTestStringConvertible, Sendable {
        let text: String
        let expected: ReplyClass
        var suppress = false
        var testDescription: String { "\(expected): \(text.prefix(40))" }
    }

    static let english: [Case] = [
        Case(text: "Sounds great! Send the kit over whenever.", expected: .positive),
        Case(text: "I'm in 🙌", expected: .positive),
        Case(text: "Yes please, I'd love to try it.", expected: .positive),
        Case(text: "Interested — let's do it.", expected: .positive),
        Case(text: "Hey Maya, this sounds fun. Count me in!", expected: .positive),
        Case(text: "Sure, happy to.", expected: .positive),
        Case(text: "Ok", expected: .positive),
        Case(text: "Thanks for reaching out! My rate for a TikTok is $600.", expected: .negotiate),
        Case(text: "Interested! What's the budget?", expected: .negotiate),
        Case(text: "How much are you offering for the video?", expected: .negotiate),
        Case(text: "Can you do 500 instead of 350?", expected: .negotiate),
        Case(text: "I'd need a fee of at least €400 for that.", expected: .negotiate),
        Case(text: "Happy to share my rate card, rates start at 800.", expected: .negotiate),
        Case(text: "I don't do gifted collabs, sorry — only paid.", expected: .negotiate),
        Case(text: "Not interested, thanks.", expected: .decline),
        Case(text: "No thanks.", expected: .decline),
        Case(text: "I'm not really interested in this one.", expected: .decline),
        Case(text: "We'll pass for now, good luck with the launch.", expected: .decline),
        Case(text: "Not a fit for my channel, sorry.", expected: .decline),
        Case(text: "No.", expected: .decline),
        Case(text: "I no longer work with brands, sorry!", expected: .decline),
        Case(text: "Sounds great but I'm fully booked until March.", expected: .decline),
        Case(text: "I'm not the right person for this, try Sam.", expected: .wrongPerson),
        Case(text: "Jane is no longer at Glow Studio.", expected: .wrongPerson),
        Case(text: "Please contact my manager for partnerships.", expected: .wrongPerson),
        Case(text: "All brand deals go through my agent, cc'd.", expected: .wrongPerson),
        Case(text: "Please remove me from your list.", expected: .decline, suppress: true),
        Case(text: "Unsubscribe", expected: .decline, suppress: true),
        Case(text: "STOP emailing me.", expected: .decline, suppress: true),
        Case(text: "Not interested. Take me off your list please.", expected: .decline, suppress: true),
        Case(text: "stop", expected: .decline, suppress: true),
        Case(text: "Merci de me retirer de votre liste, je ne souhaite plus recevoir ces messages.", expected: .decline, suppress: true),
        Case(text: "Je ne veux plus recevoir vos mails.", expected: .decline, suppress: true),
        Case(text: "Thanks for the note, I'll think about it and get back to you next week.", expected: .other),
        Case(text: "Who is this?", expected: .other),
        Case(text: "", expected: .other),
    ]

    static let french: [Case] = [
        Case(text: "Avec plaisir ! Envoyez-moi le kit.", expected: .positive),
        Case(text: "Ça m’intéresse, on en parle ?", expected: .positive),
        Case(text: "Je suis partante 😊", expected: .positive),
        Case(text: "Oui, d'accord pour une vidéo.", expected: .positive),
        Case(text: "CA M'INTERESSE", expected: .positive),
        Case(text: "Bonjour, mes tarifs pour un Reel sont de 450 €.", expected: .negotiate),
        Case(text: "Intéressée ! Quel budget avez-vous prévu ?", expected: .negotiate),
        Case(text: "Quelle est la rémunération ?", expected: .negotiate),
        Case(text: "Combien pour une story ?", expected: .negotiate),
        Case(text: "Je ne travaille pas gratuitement, désolée.", expected: .negotiate),
        Case(text: "Pas intéressé, merci.", expected: .decline),
        Case(text: "Non merci.", expected: .decline),
        Case(text: "Je ne suis pas intéressée par ce type de partenariat.", expected: .decline),
        Case(text: "Ça ne m’intéresse pas, bonne continuation.", expected: .decline),
        Case(text: "Merci mais pas pour le moment.", expected: .decline),
        Case(text: "Je ne fais plus de collaborations avec les marques.", expected: .decline),
        Case(text: "Je ne suis pas la bonne personne, voyez avec mon agent.", expected: .wrongPerson),
        Case(text: "Elle ne travaille plus chez nous depuis janvier.", expected: .wrongPerson),
        Case(text: "Merci de contacter mon agent : contact@agence.example", expected: .wrongPerson),
        Case(text: "Je souhaite ne plus recevoir vos emails.", expected: .decline, suppress: true),
        Case(text: "Merci de me désinscrire.", expected: .decline, suppress: true),
        Case(text: "Désabonnez-moi svp", expected: .decline, suppress: true),
        Case(text: "Retirez-moi de votre liste.", expected: .decline, suppress: true),
        Case(text: "Supprimez mon adresse de vos fichiers.", expected: .decline, suppress: true),
        Case(text: "Je vais y réfléchir, je reviens vers vous.", expected: .other),
    ]

    @Test(arguments: english)
    func englishReplies(_ reply: Case) {
        let result = classifier.classify(text: reply.text)
        #expect(result.replyClass == reply.expected, "\(reply.text) → \(result.replyClass) via \(result.evidence?.phrase ?? "-")")
        #expect(result.suppress == reply.suppress)
    }

    @Test(arguments: french)
    func frenchReplies(_ reply: Case) {
        let result = classifier.classify(text: reply.text)
        #expect(result.replyClass == reply.expected, "\(reply.text) → \(result.replyClass) via \(result.evidence?.phrase ?? "-")")
        #expect(result.suppress == reply.suppress)
    }

    @Test func atLeastFortyRealisticReplies() {
        #expect(Self.english.count + Self.french.count >= 40)
    }

    // MARK: Negation

    @Test(arguments: [
        "not interested", "I am not interested", "Honestly not that interested", "I'm never interested in gifted stuff",
        "pas intéressé", "Je ne suis pas intéressé", "je suis pas intéressée", "ça m'intéresse pas trop",
        "I don't think I'm interested", "Not sure.",
    ])
    func negatedPositivesAreNeverPositive(_ text: String) {
        #expect(classifier.classify(text: text).replyClass != .positive, "\(text)")
    }

    @Test func negationStopsAtTheClauseBoundary() {
        #expect(classifier.classify(text: "No worries. Interested!").replyClass == .positive)
        #expect(classifier.classify(text: "I wasn't sure at first, but interested now").replyClass == .positive)
        #expect(classifier.classify(text: "Pas de souci, ça m'intéresse").replyClass == .positive)
    }

    // MARK: Normalisation and evidence

    @Test func normalisesCaseDiacriticsWhitespaceAndApostrophes() {
        for text in ["ÇA M’INTÉRESSE", "ca   m'interesse", "Ça\u{00A0}m‘intéresse", "ça\nm'intéresse"] {
            let result = classifier.classify(text: text)
            #expect(result.replyClass == .positive, "\(text)")
            #expect(result.evidence?.matchedText == "ca m'interesse", "\(text)")
        }
        #expect(ReplyTextNormalizer.normalize("  Œuvre  —  Ça\t", ignoringDiacritics: true) == "oeuvre - ca")
    }

    @Test func evidenceNamesTheRulePhraseAndLine() throws {
        let result = classifier.classify(text: "Not interested, thanks")
        let evidence = try #require(result.evidence)
        #expect(evidence.rule == "decline-en")
        #expect(evidence.phrase == "not interested")
        #expect(!evidence.isRegex)
        #expect(evidence.language == "en")
        #expect(evidence.matchedText == "not interested")
        #expect(evidence.line != nil)
        let regex = try #require(classifier.classify(text: "désinscription svp").evidence)
        #expect(regex.isRegex && regex.phrase == "désinscri" && regex.rule == "unsubscribe-fr")
        #expect(classifier.classify(text: "Who is this?").evidence == nil)
    }

    @Test func wordsMatchWholeOnly() {
        #expect(classifier.classify(text: "yesterday was busy").replyClass == .other)
        #expect(classifier.classify(text: "I had coffee with your team").replyClass == .other)
        #expect(classifier.classify(text: "I'm in London next week").replyClass == .other)
    }

    @Test func precedenceFollowsTheDefaults() {
        #expect(classifier.classify(text: "Sounds great, but please remove me").replyClass == .decline)
        #expect(classifier.classify(text: "Sounds great, but please remove me").suppress)
        #expect(classifier.classify(text: "Not interested, and I'm no longer at the company").replyClass == .wrongPerson)
        #expect(classifier.classify(text: "Not interested, what's your budget anyway").replyClass == .decline)
        #expect(classifier.classify(text: "Yes! My rate is $500").replyClass == .negotiate)
        #expect(classifier.classify(text: "Yes!").replyClass == .positive)
    }
}
