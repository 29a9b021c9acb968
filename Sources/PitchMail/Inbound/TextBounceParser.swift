/// Reads plain-text bounce notices (no `message/delivery-status` part): Exim, qmail, Postfix,
/// Exchange/Outlook and Gmail shapes, then a generic reading from status codes.
enum TextBounceParser {
    private typealias Recipient = BounceReport.Recipient

    /// The lines of a notice, with their folded forms for matching, up to the copy of the
    /// original message.
    struct Notice {
        let lines: [Substring]
        let folded: [String]
        let all: String

        init(_ text: String) {
            let allLines = TextMatch.lines(text)
            let foldedLines = allLines.map { TextMatch.fold(String($0)) }
            let markers = [
                "copy of the message", "copy of your message", "original message", "returned message",
                "message d'origine", "header of the original", "headers of the original", "en-tetes du message d'origine",
                "undelivered message headers", "forwarded message",
            ]
            var end = allLines.count
            for (index, line) in foldedLines.enumerated() where index > 0 {
                let trimmed = line.drop { $0 == " " }
                if trimmed.hasPrefix("-") || trimmed.hasPrefix("original message headers") || trimmed.hasPrefix("en-tetes") {
                    if TextMatch.containsAny(line, markers) {
                        end = index
                        break
                    }
                }
            }
            lines = Array(allLines[..<end])
            folded = Array(foldedLines[..<end])
            all = folded.joined(separator: "\n")
        }

        func firstLine(containing needles: [String]) -> Int? {
            folded.firstIndex { TextMatch.containsAny($0, needles) }
        }
    }

    static func report(from message: InboundMessage, signals: HeaderSignals) -> BounceReport? {
        guard let text = message.textBody, !text.isEmpty else {
            return generic(message, notice: Notice(""), signals: signals)
        }
        let notice = Notice(text)
        let found = exim(notice) ?? qmail(notice) ?? postfix(notice) ?? exchange(notice) ?? gmail(notice, message: message, signals: signals)
        if let (format, recipients, mta) = found, let first = recipients.first {
            return BounceReport(
                kind: first.kind, format: format, recipients: recipients,
                originalMessageID: BounceParser.originalMessageID(message, parts: message.root.allParts), reportingMTA: mta)
        }
        return generic(message, notice: notice, signals: signals)
    }

    private static func recipient(_ address: String?, details: [Substring], delayed: Bool) -> Recipient {
        let diagnostic = DeliveryStatusParser.collapse(details.map(String.init).joined(separator: " "))
        let status = TextMatch.enhancedCode(in: Substring(diagnostic))
        let action = delayed ? "delayed" : "failed"
        return Recipient(
            finalRecipient: address, action: action, status: status,
            diagnosticCode: diagnostic.isEmpty ? nil : diagnostic,
            kind: BounceReport.classify(action: action, status: status, diagnostic: diagnostic))
    }

    /// A line holding only an address (`user@x`, `<user@x>`, `user@x:`), or nil.
    private static func loneAddress(_ line: Substring) -> String? {
        var t = TextMatch.trimmed(line)
        if t.hasSuffix(":") { t = t.dropLast() }
        if t.hasPrefix("<"), t.hasSuffix(">") { t = t.dropFirst().dropLast() }
        guard !t.isEmpty, !t.contains(" "), t.contains("@") else { return nil }
        return TextMatch.firstAddress(in: t)
    }

    // MARK: Exim

    private static func exim(_ n: Notice) -> (BounceReport.Format, [Recipient], String?)? {
        guard n.all.contains("mail delivery software") || n.all.contains("address(es) failed") else { return nil }
        let delayed = n.all.contains("has not yet been delivered") || n.all.contains("delay reason")
        guard let start = n.firstLine(containing: [
            "address(es) failed", "addresses failed", "address failed", "not yet been delivered is",
            "not yet been delivered are", "following address(es)", "following addresses",
        ]) else { return nil }
        var recipients: [Recipient] = []
        var current: String?
        var details: [Substring] = []
        var indent = Int.max
        for line in n.lines[(start + 1)...] {
            let trimmed = TextMatch.trimmed(line)
            if trimmed.isEmpty { continue }
            let lead = line.prefix { $0 == " " || $0 == "\t" }.count
            if lead == 0 {
                if current != nil { break } else { continue }
            }
            if lead <= indent, let address = loneAddress(line) {
                if current != nil { recipients.append(recipient(current, details: details, delayed: delayed)) }
                current = address
                details = []
                indent = lead
            } else if current != nil {
                details.append(trimmed)
            }
        }
        if current != nil { recipients.append(recipient(current, details: details, delayed: delayed)) }
        return recipients.isEmpty ? nil : (.exim, recipients, nil)
    }

    // MARK: qmail and Postfix (`<address>: reason` blocks)

    private static func angleBlocks(_ n: Notice, from start: Int, delayed: Bool) -> [Recipient] {
        var recipients: [Recipient] = []
        var current: String?
        var details: [Substring] = []
        for line in n.lines[start...] {
            let trimmed = TextMatch.trimmed(line)
            // A recipient line starts at the margin; indented lines continue its reason.
            if line.first == "<", let close = trimmed.firstIndex(of: ">"),
               trimmed[close...].hasPrefix(">:") || trimmed[close...] == ">",
               let address = TextMatch.firstAddress(in: trimmed[..<close]) {
                if current != nil { recipients.append(recipient(current, details: details, delayed: delayed)) }
                current = address
                details = []
                let rest = TextMatch.trimmed(trimmed[trimmed.index(after: close)...].drop { $0 == ":" })
                if !rest.isEmpty { details.append(rest) }
            } else if trimmed.isEmpty {
                if current != nil {
                    recipients.append(recipient(current, details: details, delayed: delayed))
                    current = nil
                }
            } else if current != nil {
                details.append(trimmed)
            }
        }
        if current != nil { recipients.append(recipient(current, details: details, delayed: delayed)) }
        return recipients
    }

    /// The word after `marker` on the line that holds it (`… program at mx.example.net.`).
    private static func host(after marker: String, in n: Notice) -> String? {
        guard let index = n.firstLine(containing: [marker]) else { return nil }
        let line = n.folded[index]
        guard let range = line.range(of: marker) else { return nil }
        let word = line[range.upperBound...].split(separator: " ").first.map { String($0) } ?? ""
        let host = word.trimmingSuffixPunctuation()
        return host.isEmpty ? nil : host
    }

    private static func qmail(_ n: Notice) -> (BounceReport.Format, [Recipient], String?)? {
        guard n.all.contains("qmail-send program") else { return nil }
        let recipients = angleBlocks(n, from: 0, delayed: n.all.contains("this is a temporary error"))
        return recipients.isEmpty ? nil : (.qmail, recipients, host(after: "qmail-send program at ", in: n))
    }

    private static func postfix(_ n: Notice) -> (BounceReport.Format, [Recipient], String?)? {
        guard n.all.contains("i'm sorry to have to inform you") || n.all.contains("this is the mail system at host") else {
            return nil
        }
        let delayed = n.all.contains("this is a warning only") || n.all.contains("could not be delivered for")
        let recipients = angleBlocks(n, from: 0, delayed: delayed)
        return recipients.isEmpty ? nil : (.postfix, recipients, host(after: "this is the mail system at host ", in: n))
    }

    // MARK: Exchange / Outlook

    private static func exchange(_ n: Notice) -> (BounceReport.Format, [Recipient], String?)? {
        let markers = [
            "delivery has failed to these recipients", "remote server returned", "diagnostic information for administrators",
            "la remise a echoue", "informations de diagnostic pour les administrateurs", "resolver.adr.",
            "couldn't be delivered", "n'a pas pu etre remis",
        ]
        guard TextMatch.containsAny(n.all, markers) else { return nil }
        var address: String?
        if let index = n.firstLine(containing: ["your message to ", "votre message a "]),
           let found = TextMatch.firstAddress(in: n.lines[index]) {
            address = found
        }
        if address == nil, let index = n.firstLine(containing: [
            "delivery has failed to these recipients", "la remise a echoue pour ces destinataires",
            "diagnostic information for administrators", "informations de diagnostic",
        ]) {
            address = n.lines[(index + 1)...].prefix(8).lazy.compactMap { TextMatch.firstAddress(in: $0) }.first
        }
        var details: [Substring] = []
        if let index = n.firstLine(containing: ["remote server returned", "le serveur distant a retourne"]) {
            let line = n.lines[index]
            if let open = line.firstIndex(of: "'"), let close = line.lastIndex(of: "'"), open < close {
                details.append(line[line.index(after: open)..<close])
            } else {
                details.append(TextMatch.trimmed(line))
            }
        } else if let index = n.folded.firstIndex(where: { $0.contains("resolver.") || $0.hasPrefix("#5") || $0.hasPrefix("#4") }) {
            details.append(TextMatch.trimmed(n.lines[index]))
        }
        guard address != nil || !details.isEmpty else { return nil }
        let generating = n.firstLine(containing: ["generating server:", "serveur de generation"]).flatMap { index -> String? in
            let line = n.lines[index]
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let host = TextMatch.trimmed(line[line.index(after: colon)...])
            return host.isEmpty ? nil : host.lowercased()
        }
        return (.exchange, [recipient(address, details: details, delayed: n.all.contains("delivery is delayed"))], generating)
    }

    // MARK: Gmail

    private static func gmail(_ n: Notice, message: InboundMessage, signals: HeaderSignals) -> (BounceReport.Format, [Recipient], String?)? {
        let markers = [
            "** address not found **", "** message not delivered **", "** message blocked **", "** mailbox full **",
            "delivery to the following recipient failed permanently", "delivery to the following recipient has been delayed",
            "wasn't delivered to", "there was a temporary problem delivering your message", "message not delivered",
            "the response from the remote server was", "the response was:", "delivery incomplete",
        ]
        let fromGoogle = message.from.map { $0.domain.hasSuffix("google.com") || $0.domain.hasSuffix("googlemail.com") } ?? false
        guard TextMatch.containsAny(n.all, markers), fromGoogle || n.all.contains("** ") || signals.bounceSubject else { return nil }
        let delayed = signals.delaySubject || n.all.contains("has been delayed") || n.all.contains("temporary problem")
            || n.all.contains("delivery incomplete") || n.all.contains("will retry")
        var address: String?
        if let index = n.firstLine(containing: ["wasn't delivered to", "delivering your message to", "delivered to the following"]) {
            address = TextMatch.firstAddress(in: n.lines[index])
        }
        if address == nil, let index = n.firstLine(containing: ["following recipient failed", "following recipient has been delayed"]) {
            address = n.lines[(index + 1)...].prefix(4).lazy.compactMap { TextMatch.firstAddress(in: $0) }.first
        }
        var details: [Substring] = []
        let diagnosticMarkers = [
            "the response from the remote server was:", "the error that the other server returned was:", "the response was:",
            "technical details of permanent failure:", "technical details of temporary failure:",
        ]
        if let index = diagnosticMarkers.lazy.compactMap({ n.firstLine(containing: [$0]) }).first {
            for line in n.lines[(index + 1)...] {
                let trimmed = TextMatch.trimmed(line)
                if trimmed.isEmpty {
                    if details.isEmpty { continue } else { break }
                }
                details.append(trimmed)
            }
        }
        return (.gmail, [recipient(address, details: details, delayed: delayed)], nil)
    }

    // MARK: Generic

    private static func generic(_ message: InboundMessage, notice n: Notice, signals: HeaderSignals) -> BounceReport? {
        let strong = [signals.daemonSender, signals.nullReturnPath, signals.bounceSubject].filter { $0 }.count
        let code = TextMatch.enhancedCode(in: Substring(n.all))
        let failureWords = [
            "undeliverable", "could not be delivered", "delivery failed", "failed permanently", "user unknown",
            "does not exist", "no such user", "rejected", "permanent error", "fatal error", "not delivered",
            "unknown user", "mailbox unavailable", "delivery has failed", "could not deliver",
        ]
        guard strong >= 2 && (signals.bounceSubject || code != nil || TextMatch.containsAny(n.all, failureWords))
            || (strong == 1 && code != nil && TextMatch.containsAny(n.all, failureWords)) else { return nil }
        let delayed = signals.delaySubject || TextMatch.containsAny(n.all, [
            "will be retried", "will retry", "not yet been delivered", "warning: could not send", "delivery delayed",
            "has been delayed", "temporary failure", "still trying",
        ])
        // The recipient: a Final-Recipient line, a sendmail list, or the first address that is
        // neither the notice's own sender or recipient nor a daemon.
        var address: String?
        if let index = n.firstLine(containing: ["final-recipient:", "original-recipient:"]) {
            address = TextMatch.firstAddress(in: n.lines[index])
        }
        if address == nil, let index = n.firstLine(containing: ["following addresses had", "following address had", "following recipients"]) {
            address = n.lines[(index + 1)...].prefix(4).lazy.compactMap { TextMatch.firstAddress(in: $0) }.first
        }
        if address == nil {
            let own = Set(([message.from] + message.to.map { Optional($0) }).compactMap { $0?.normalizedKey })
            address = n.lines.lazy.flatMap { TextMatch.addresses(in: $0) }.first { candidate in
                let key = candidate.lowercased()
                let local = key.split(separator: "@").first.map(String.init) ?? ""
                return !own.contains(key) && !HeaderSignals.daemonLocalParts.contains(local)
            }
        }
        var details: [Substring] = []
        if let index = n.folded.firstIndex(where: { TextMatch.enhancedCode(in: Substring($0)) != nil || TextMatch.replyCode(in: Substring($0)) != nil }) {
            details.append(TextMatch.trimmed(n.lines[index]))
        }
        return BounceReport(
            kind: recipient(address, details: details, delayed: delayed).kind, format: .generic,
            recipients: [recipient(address, details: details, delayed: delayed)],
            originalMessageID: BounceParser.originalMessageID(message, parts: message.root.allParts), reportingMTA: nil)
    }
}

private extension String {
    func trimmingSuffixPunctuation() -> String {
        var s = self
        while let last = s.last, ".,;:)".contains(last) { s.removeLast() }
        return s
    }
}
