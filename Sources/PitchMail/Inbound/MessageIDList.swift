/// Reads msg-ids (RFC 5322 §3.6.4) from Message-ID, In-Reply-To and References, tolerant of the
/// junk real clients write there: comments, quoted phrases ("Your message of …"), missing angle
/// brackets and white space inside the brackets. Ids come back without angle brackets, in order,
/// each once.
enum MessageIDList {
    static func parse(_ raw: String) -> [String] {
        let scalars = Array(raw.unicodeScalars)
        var ids: [String] = []
        var bare: [String] = []
        var word = String.UnicodeScalarView()
        func endWord() {
            if !word.isEmpty {
                bare.append(String(word))
                word = String.UnicodeScalarView()
            }
        }
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            switch s {
            case "(":
                endWord()
                var depth = 0
                while i < scalars.count {
                    if scalars[i] == "\\" { i += 2; continue }
                    if scalars[i] == "(" { depth += 1 }
                    if scalars[i] == ")" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    i += 1
                }
                i += 1
            case "\"":
                endWord()
                i += 1
                while i < scalars.count, scalars[i] != "\"" {
                    if scalars[i] == "\\" { i += 1 }
                    i += 1
                }
                i += 1
            case "<":
                endWord()
                i += 1
                var id = String.UnicodeScalarView()
                while i < scalars.count, scalars[i] != ">" {
                    let c = scalars[i]
                    if c == "<" { id.removeAll() } else if c.value > 0x20, c != "\u{7F}" { id.append(c) }
                    i += 1
                }
                i += 1
                let text = String(id)
                if !text.isEmpty, !ids.contains(text) { ids.append(text) }
            case " ", "\t", "\r", "\n", ",", ";":
                endWord()
                i += 1
            default:
                word.append(s)
                i += 1
            }
        }
        endWord()
        if ids.isEmpty {
            // No angle brackets at all: take bare tokens that look like left@right.
            for token in bare where token.contains("@") && !token.hasPrefix("@") && !token.hasSuffix("@") {
                if !ids.contains(token) { ids.append(token) }
            }
        }
        return ids
    }
}
