/// Helpers shared by the bounce, auto-reply and quote detectors: folded text for phrase matching,
/// and scanners for addresses and SMTP status codes in free text.
enum TextMatch {
    /// Lower-cased, Latin accents removed, typographic apostrophes and non-breaking spaces made
    /// plain, so that phrases match however a client typed them.
    static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.lowercased().unicodeScalars {
            switch s {
            case "à", "á", "â", "ã", "ä", "å": out.append("a")
            case "ç": out.append("c")
            case "è", "é", "ê", "ë": out.append("e")
            case "ì", "í", "î", "ï": out.append("i")
            case "ñ": out.append("n")
            case "ò", "ó", "ô", "õ", "ö": out.append("o")
            case "ù", "ú", "û", "ü": out.append("u")
            case "ý", "ÿ": out.append("y")
            case "\u{2019}", "\u{2018}", "\u{02BC}", "`": out.append("'")
            case "\u{A0}", "\u{202F}", "\u{2007}", "\t": out.append(" ")
            case "\u{200B}", "\u{FEFF}": continue
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// True when `haystack` (already folded) contains one of `needles` (folded, lower-case).
    static func containsAny(_ haystack: String, _ needles: [String]) -> Bool {
        needles.contains { haystack.contains($0) }
    }

    private static func isLocalCharacter(_ s: Unicode.Scalar) -> Bool {
        if s.value >= 0x80 { return s.properties.isAlphabetic || s.properties.numericType != nil }
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        default: return "._%+-!#$&'*/=?^`{|}~".unicodeScalars.contains(s)
        }
    }

    private static func isDomainCharacter(_ s: Unicode.Scalar) -> Bool {
        if s.value >= 0x80 { return s.properties.isAlphabetic || s.properties.numericType != nil }
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "[", "]", "_": return true
        default: return false
        }
    }

    /// Every `local@domain` found in free text, in order, normalised (domain lower-cased).
    static func addresses(in text: Substring) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var found: [String] = []
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "@" else { i += 1; continue }
            var start = i
            while start > 0, isLocalCharacter(scalars[start - 1]) { start -= 1 }
            var end = i + 1
            while end < scalars.count, isDomainCharacter(scalars[end]) { end += 1 }
            var local = String(String.UnicodeScalarView(scalars[start..<i]))
            var domain = String(String.UnicodeScalarView(scalars[(i + 1)..<end]))
            while let first = local.first, ".'`".contains(first) { local.removeFirst() }
            while let last = domain.last, ".-".contains(last) { domain.removeLast() }
            if !local.isEmpty, domain.contains(".") || domain.hasPrefix("[") {
                found.append(InboundAddress(name: nil, address: local + "@" + domain).address)
            }
            i = max(end, i + 1)
        }
        return found
    }

    /// The first address in free text, or nil.
    static func firstAddress(in text: Substring) -> String? { addresses(in: text).first }

    /// The first RFC 3463 enhanced status code (`5.1.1`, `4.4.1`, `5.1.10`) in free text.
    static func enhancedCode(in text: Substring) -> String? {
        let s = Array(text.utf8)
        var i = 0
        while i + 4 < s.count {
            let c = s[i]
            if (c == 0x32 || c == 0x34 || c == 0x35), s[i + 1] == 0x2E, i == 0 || !(isDigit(s[i - 1]) || s[i - 1] == 0x2E) {
                var j = i + 2
                let subjectStart = j
                while j < s.count, isDigit(s[j]), j - subjectStart < 3 { j += 1 }
                if j > subjectStart, j < s.count, s[j] == 0x2E {
                    j += 1
                    let detailStart = j
                    while j < s.count, isDigit(s[j]), j - detailStart < 3 { j += 1 }
                    let followedByDigit = j < s.count && (isDigit(s[j]) || (s[j] == 0x2E && j + 1 < s.count && isDigit(s[j + 1])))
                    if j > detailStart, !followedByDigit {
                        return String(decoding: s[i..<j], as: UTF8.self)
                    }
                }
            }
            i += 1
        }
        return nil
    }

    /// The first three-digit SMTP reply code (4xx or 5xx) followed by a space, `-` or end, and not
    /// part of a longer number or address.
    static func replyCode(in text: Substring) -> Int? {
        let s = Array(text.utf8)
        var i = 0
        while i + 2 < s.count {
            if (s[i] == 0x34 || s[i] == 0x35), isDigit(s[i + 1]), isDigit(s[i + 2]),
               i == 0 || !(isDigit(s[i - 1]) || s[i - 1] == 0x2E || s[i - 1] == 0x2D || isLetter(s[i - 1])),
               i + 3 == s.count || s[i + 3] == 0x20 || s[i + 3] == 0x2D || s[i + 3] == 0x0A || s[i + 3] == 0x27 {
                return Int(s[i] - 0x30) * 100 + Int(s[i + 1] - 0x30) * 10 + Int(s[i + 2] - 0x30)
            }
            i += 1
        }
        return nil
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    /// `text` split into lines; CRLF and CR count as LF (CRLF is one Character in Swift).
    static func lines(_ text: String) -> [Substring] {
        MIMEParser.normaliseNewlines(text).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// `line` without leading and trailing white space.
    static func trimmed(_ line: Substring) -> Substring {
        let start = line.firstIndex(where: { !$0.isWhitespace }) ?? line.endIndex
        let end = line.lastIndex(where: { !$0.isWhitespace }).map { line.index(after: $0) } ?? start
        return start < end ? line[start..<end] : line[start..<start]
    }
}
