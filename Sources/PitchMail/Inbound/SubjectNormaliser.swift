/// Strips reply and forward prefixes from subjects, in the languages seen in replies to pitches.
enum SubjectNormaliser {
    private static let replyPrefixes: Set<String> = ["re", "aw", "sv", "antw", "réf", "ref", "rép", "rep", "odp", "vs"]
    private static let forwardPrefixes: Set<String> = ["fwd", "fw", "tr", "wg", "rv", "enc", "doorst"]

    static func base(_ subject: String) -> String {
        var s = Substring(HeaderBlock.trimWhitespace(subject))
        while true {
            let before = s
            s = s.drop(while: { $0 == " " || $0 == "\t" })
            if s.hasPrefix("["), let close = s.firstIndex(of: "]") {
                s = s[s.index(after: close)...]  // "[External]", "[SPAM]"
                continue
            }
            if let (_, rest) = prefix(of: s) { s = rest }
            if s == before { break }
        }
        return s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func isReply(_ subject: String) -> Bool {
        var s = Substring(HeaderBlock.trimWhitespace(subject))
        while s.hasPrefix("["), let close = s.firstIndex(of: "]") {
            s = s[s.index(after: close)...].drop(while: { $0 == " " })
        }
        guard let (word, _) = prefix(of: s) else { return false }
        return replyPrefixes.contains(word)
    }

    /// A leading `word:` or `word :` or `word[2]:` prefix that is a known reply or forward prefix.
    private static func prefix(of s: Substring) -> (String, Substring)? {
        guard let colon = s.prefix(12).firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        var word = s[..<colon].lowercased().trimmingSuffix(" ").trimmingSuffix("\u{A0}")
        if word.hasSuffix("."), word.count > 1 { word.removeLast() }
        if let bracket = word.firstIndex(of: "[") ?? word.firstIndex(of: "(") { word = String(word[..<bracket]) }
        guard replyPrefixes.contains(word) || forwardPrefixes.contains(word) else { return nil }
        return (word, s[s.index(after: colon)...])
    }
}

private extension String {
    func trimmingSuffix(_ c: Character) -> String {
        var s = self
        while s.last == c { s.removeLast() }
        return s
    }
}
