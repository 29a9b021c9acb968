import Foundation
import PitchMail

/// The .eml a simulated creator writes back: a reply to the pitch's Message-ID, in the words of
/// its class (varied, in English and French), quoting the pitch as mail clients do; or an
/// out-of-office notice.
enum SimulatedReply {
    static let phrases: [ReplyClass: [String]] = [
        .positive: [
            "Sounds great, I'm in! Send me the details.", "Yes, let's do it. What do you need from me?",
            "Avec plaisir, ça m'intéresse ! Envoyez-moi le kit.", "Love this, count me in.",
        ],
        .negotiate: [
            "What's your budget for this? My rate is $450 per video.", "Could you do $600? That's my usual fee.",
            "Mes tarifs sont de 500€ par vidéo, quel budget avez-vous ?", "Happy to talk, but my rate for TikTok is $800.",
        ],
        .decline: [
            "Not interested, thanks.", "No thanks, this isn't for me.", "Merci mais pas intéressée.",
            "I'll pass on this one, good luck with the launch.",
        ],
        .wrongPerson: [
            "I'm not the right person for this, please contact my manager.", "Je ne suis pas la bonne personne pour ça.",
            "You've got the wrong person, I don't handle partnerships.",
        ],
        .other: ["Who is this?", "Thanks for the note, I'll think about it and get back to you next week."],
    ]

    /// A reply of `replyClass` to the pitch with Message-ID `inReplyTo`.
    static func eml(
        from address: String, name: String, to sender: String, subject: String, inReplyTo: String, date: Date,
        replyClass: ReplyClass, index: Int
    ) -> String {
        let options = phrases[replyClass] ?? ["Thanks."]
        let text = options[index % options.count]
        return """
            From: \(name) <\(address)>\r
            To: \(sender)\r
            Subject: Re: \(subject)\r
            Message-ID: <sim-reply-\(index)-\(inReplyTo)>\r
            In-Reply-To: <\(inReplyTo)>\r
            References: <\(inReplyTo)>\r
            Date: \(MessageComposer.rfc5322Date(date))\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            \(text)\r
            \r
            On \(MessageComposer.rfc5322Date(date.addingTimeInterval(-3_600))), \(sender) wrote:\r
            > Hi \(name), we'd love to send you our kit.\r

            """
    }

    /// An out-of-office notice (RFC 3834 Auto-Submitted) to the pitch with Message-ID `inReplyTo`.
    static func outOfOffice(from address: String, name: String, to sender: String, subject: String, inReplyTo: String, date: Date, index: Int) -> String {
        """
        From: \(name) <\(address)>\r
        To: \(sender)\r
        Subject: Automatic reply: \(subject)\r
        Message-ID: <sim-ooo-\(index)-\(inReplyTo)>\r
        In-Reply-To: <\(inReplyTo)>\r
        Auto-Submitted: auto-replied\r
        Date: \(MessageComposer.rfc5322Date(date))\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        I am out of the office until next week with limited access to email.\r

        """
    }

    /// A Postfix-style DSN for a hard bounce of the pitch with Message-ID `original`.
    static func bounce(recipient: String, to sender: String, original: String, date: Date, index: Int) -> String {
        """
        From: MAILER-DAEMON@mx.simulated.example (Mail Delivery System)\r
        To: \(sender)\r
        Subject: Undelivered Mail Returned to Sender\r
        Message-ID: <sim-bounce-\(index)@mx.simulated.example>\r
        Date: \(MessageComposer.rfc5322Date(date))\r
        Auto-Submitted: auto-replied\r
        MIME-Version: 1.0\r
        Content-Type: multipart/report; report-type=delivery-status; boundary="sim-dsn"\r
        \r
        --sim-dsn\r
        Content-Type: text/plain\r
        \r
        I'm sorry to have to inform you that your message could not be delivered.\r
        \r
        --sim-dsn\r
        Content-Type: message/delivery-status\r
        \r
        Reporting-MTA: dns; mx.simulated.example\r
        \r
        Final-Recipient: rfc822; \(recipient)\r
        Action: failed\r
        Status: 5.1.1\r
        Diagnostic-Code: smtp; 550 5.1.1 User unknown\r
        \r
        --sim-dsn\r
        Content-Type: text/rfc822-headers\r
        \r
        Message-ID: <\(original)>\r
        \r
        --sim-dsn--\r

        """
    }
}
