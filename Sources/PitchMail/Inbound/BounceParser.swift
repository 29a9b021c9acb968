/// Finds and reads bounces for ``BounceReport``: RFC 3464 reports first, then the plain-text
/// shapes of common MTAs when the headers point to a mailer daemon.
enum BounceParser {
    static func parse(_ message: InboundMessage) -> BounceReport? {
        let parts = message.root.allParts
        if let status = parts.first(where: {
            $0.contentType == "message/delivery-status" || $0.contentType == "message/global-delivery-status"
        }) {
            return DeliveryStatusParser.report(from: status, message: message, parts: parts)
        }
        let signals = HeaderSignals(message)
        guard signals.any else { return nil }
        return TextBounceParser.report(from: message, signals: signals)
    }

    /// The Message-ID of the bounced message: from an enclosed message or headers part, else from
    /// a `Message-ID:` line in the text of the notice.
    static func originalMessageID(_ message: InboundMessage, parts: [MIMEPart]) -> String? {
        let enclosedTypes: Set<String> = [
            "message/rfc822", "message/global", "text/rfc822-headers", "message/rfc822-headers",
            "message/global-headers", "text/rfc822",
        ]
        for part in parts where enclosedTypes.contains(part.contentType) {
            if let id = InboundMessage(bytes: part.body).messageID, id != message.messageID { return id }
        }
        for part in parts where part.contentType.hasPrefix("text/") {
            guard let text = part.text else { continue }
            let body = part.contentType == "text/html" ? HTMLTextExtractor.text(fromHTML: text) : text
            if let id = messageIDLine(in: body), id != message.messageID { return id }
        }
        return nil
    }

    /// The id on the first `Message-ID:` line (the value may be on the next line).
    static func messageIDLine(in text: String) -> String? {
        let lines = TextMatch.lines(text)
        for (index, line) in lines.enumerated() {
            let trimmed = TextMatch.trimmed(line)
            guard trimmed.count >= 11, trimmed.prefix(11).lowercased() == "message-id:" else { continue }
            var value = String(trimmed.dropFirst(11))
            if HeaderBlock.trimWhitespace(value).isEmpty, index + 1 < lines.count { value = String(lines[index + 1]) }
            if let id = MessageIDList.parse(value).first { return id }
        }
        return nil
    }
}

/// What the headers of a message say about it being a bounce.
struct HeaderSignals {
    var daemonSender = false
    var nullReturnPath = false
    var bounceSubject = false
    var delaySubject = false

    var any: Bool { daemonSender || nullReturnPath || bounceSubject }

    static let daemonLocalParts: Set<String> = [
        "mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "postmaster", "mail.daemon",
    ]

    static let bounceSubjects = [
        "undeliverable", "undelivered mail", "mail delivery failed", "delivery status notification",
        "failure notice", "returned mail", "delivery failure", "mail delivery failure", "delivery has failed",
        "non remis", "message non remis", "non distribuable", "echec de la remise", "echec de remise",
        "mail system error", "undeliverable mail", "delivery notification", "nondeliverable",
        "could not send message", "delayed mail", "delivery delayed", "warning: could not send",
        "message delivery failure", "mail could not be delivered", "unzustellbar",
    ]
    static let delaySubjects = ["delay", "delayed", "warning: could not send", "still being retried", "retard"]

    init(_ message: InboundMessage) {
        if let from = message.from {
            let local = from.localPart.lowercased()
            let name = TextMatch.fold(from.name ?? "")
            daemonSender = HeaderSignals.daemonLocalParts.contains(local) || local.hasPrefix("microsoftexchange")
                || name.contains("mail delivery") || name.contains("mailer-daemon") || name.contains("postmaster")
        }
        nullReturnPath = message.returnPath == ""
        let subject = TextMatch.fold(message.subject ?? "")
        bounceSubject = TextMatch.containsAny(subject, HeaderSignals.bounceSubjects)
        delaySubject = bounceSubject && TextMatch.containsAny(subject, HeaderSignals.delaySubjects)
    }
}
