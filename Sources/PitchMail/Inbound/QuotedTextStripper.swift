/// Keeps only the new text of a reply: drops `>` quoted lines and cuts at the first attribution
/// line or quoted-message header.
///
/// Cut points, in English and French: "On <date>, <name> wrote:" (also wrapped over two or three
/// lines), "Le <date>, <name> a écrit :", "-----Original Message-----", "-----Message d'origine-----",
/// "---------- Forwarded message ---------", an Outlook header block ("From: … Sent: … To: …
/// Subject:" or "De : … Envoyé : … À : … Objet :", with or without the underscore rule above it),
/// "Sent from my iPhone"/"Envoyé de mon iPhone" and similar mobile signatures, and the `-- `
/// signature delimiter.
///
/// ```swift
/// let newText = QuotedTextStripper().newText(of: message.textBody ?? "")
/// ```
public struct QuotedTextStripper: Sendable {
    public init() {}

    private static let separatorPhrases = [
        "original message", "message d'origine", "forwarded message", "message transfere", "message original",
        "reply message", "ursprungliche nachricht",
    ]
    private static let mobileSignatures = [
        "sent from my iphone", "sent from my ipad", "sent from my android", "sent from my samsung", "sent from my mobile",
        "sent from my blackberry", "sent from outlook for ios", "sent from outlook for android", "get outlook for ios",
        "get outlook for android", "sent from mail for windows", "sent from yahoo mail", "sent from my galaxy",
        "envoye de mon iphone", "envoye de mon ipad", "envoye de mon smartphone", "envoye depuis mon iphone",
        "envoye depuis mon smartphone", "envoye de mon mobile", "envoye a partir de outlook",
        "obtenir outlook pour ios", "obtenir outlook pour android", "telecharger outlook pour",
    ]
    private static let fromKeys = ["from:", "de:", "de :", "*from:*", "**from:**", "*de :*", "from :"]
    private static let sentKeys = ["sent:", "date:", "envoye:", "envoye :", "date :", "*sent:*", "sent :", "**sent:**", "*envoye :*"]
    private static let subjectKeys = ["subject:", "objet:", "objet :", "*subject:*", "subject :", "**subject:**", "*objet :*", "sujet :", "sujet:"]

    /// The new text of `text` (LF or CRLF line ends), outer blank lines removed.
    public func newText(of text: String) -> String {
        // CRLF is one Character in Swift, so line ends are made LF before splitting.
        let normalised = MIMEParser.normaliseNewlines(text)
        let lines = normalised.split(separator: "\n", omittingEmptySubsequences: false)
        let folded = lines.map { TextMatch.fold(String(TextMatch.trimmed($0))) }
        let cut = cutIndex(lines: lines, folded: folded) ?? lines.count
        var kept: [Substring] = []
        for index in 0..<cut where !folded[index].hasPrefix(">") {
            kept.append(lines[index])
        }
        while let first = kept.first, TextMatch.trimmed(first).isEmpty { kept.removeFirst() }
        while let last = kept.last, TextMatch.trimmed(last).isEmpty { kept.removeLast() }
        return kept.joined(separator: "\n")
    }

    private func cutIndex(lines: [Substring], folded: [String]) -> Int? {
        for index in folded.indices {
            let line = folded[index]
            if lines[index] == "-- " || line == "--" || line == "-- " { return index }
            if line.hasPrefix("--") || line.hasPrefix("__") || line.hasPrefix("**"),
               TextMatch.containsAny(line, QuotedTextStripper.separatorPhrases) { return index }
            if QuotedTextStripper.mobileSignatures.contains(where: { line.hasPrefix($0) }) { return index }
            if let span = attributionSpan(folded, at: index) { return span }
            if isHeaderBlock(folded, at: index) {
                // Include an underscore or dash rule just above the block.
                var above = index - 1
                while above >= 0, folded[above].isEmpty { above -= 1 }
                return above >= 0 && isRule(folded[above]) ? above : index
            }
        }
        return nil
    }

    private func isRule(_ line: String) -> Bool {
        line.count >= 10 && line.allSatisfy { $0 == "_" || $0 == "-" || $0 == "=" }
    }

    /// The first line of an attribution ("On … wrote:", "Le … a écrit :") that starts at `index`
    /// and may be wrapped over up to three lines.
    private func attributionSpan(_ folded: [String], at index: Int) -> Int? {
        let first = folded[index]
        guard first.hasPrefix("on ") || first.hasPrefix("le ") || first.hasPrefix("am ") || first.hasPrefix("el ") else {
            return nil
        }
        var joined = ""
        for offset in 0..<3 where index + offset < folded.count {
            let line = folded[index + offset]
            if offset > 0, line.isEmpty { break }
            joined += (offset > 0 ? " " : "") + line
            if endsAttribution(joined) { return index }
        }
        return nil
    }

    private func endsAttribution(_ text: String) -> Bool {
        let compact = text.replacingSpacesBeforeColon()
        return compact.hasSuffix("wrote:") || compact.hasSuffix("a ecrit:") || compact.hasSuffix("schrieb:")
            || compact.hasSuffix("escribio:") || compact.hasSuffix("writes:")
    }

    /// True when `index` starts an Outlook header block: a From/De line, then within the next six
    /// lines a Sent/Date/Envoyé line and a Subject/Objet line.
    private func isHeaderBlock(_ folded: [String], at index: Int) -> Bool {
        guard QuotedTextStripper.fromKeys.contains(where: { folded[index].hasPrefix($0) }) else { return false }
        let window = folded[(index + 1)..<min(folded.count, index + 7)]
        let hasSent = window.contains { line in QuotedTextStripper.sentKeys.contains { line.hasPrefix($0) } }
        let hasSubject = window.contains { line in QuotedTextStripper.subjectKeys.contains { line.hasPrefix($0) } }
        return hasSent && hasSubject
    }
}

private extension String {
    /// "a ecrit :" → "a ecrit:", for French typography.
    func replacingSpacesBeforeColon() -> String {
        var out = ""
        for c in self {
            if c == ":" { while out.last == " " { out.removeLast() } }
            out.append(c)
        }
        while out.last == " " { out.removeLast() }
        return out
    }
}
