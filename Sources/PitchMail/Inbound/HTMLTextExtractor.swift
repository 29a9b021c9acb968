/// Turns an HTML body into plain text, crudely but safely: drops comments, `<head>`, `<script>`,
/// `<style>` and every tag; turns `<br>` into a line break and the edges of paragraphs, divs,
/// list items, rows and headings into one line break; decodes numeric and common named entities; collapses white space.
enum HTMLTextExtractor {
    private static let blockTags: Set<String> = [
        "br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "ul", "ol",
        "blockquote", "pre", "dd", "dt", "section", "article", "header", "footer", "title",
    ]
    private static let skippedContent: Set<String> = ["script", "style", "head", "noscript", "template"]

    static func text(fromHTML html: String) -> String {
        let s = Array(html.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var pendingSpace = false
        var missingClose: Set<String> = []  // close tags already searched for in vain
        func newline() {
            out.append("\n")
            pendingSpace = false
        }
        func appendText(_ c: Unicode.Scalar) {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                pendingSpace = true
                return
            }
            if pendingSpace, let last = out.last, last != "\n" { out.append(" ") }
            pendingSpace = false
            out.append(c)
        }
        while i < s.count {
            let c = s[i]
            if c == "<" {
                // Comment or doctype.
                if i + 3 < s.count, s[i + 1] == "!", s[i + 2] == "-", s[i + 3] == "-" {
                    i = find("-->", in: s, from: i + 4).map { $0 + 3 } ?? s.count
                    continue
                }
                var j = i + 1
                var closing = false
                if j < s.count, s[j] == "/" { closing = true; j += 1 }
                var name = ""
                while j < s.count, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) {
                    name.unicodeScalars.append(s[j])
                    j += 1
                }
                if name.isEmpty && !closing && (j >= s.count || s[j] != "!" && s[j] != "?") {
                    appendText(c)  // a lone "<" in text
                    i += 1
                    continue
                }
                // Skip to the end of the tag, honouring quoted attribute values.
                var quote: Unicode.Scalar?
                while j < s.count {
                    let d = s[j]
                    if let q = quote {
                        if d == q { quote = nil }
                    } else if d == "\"" || d == "'" {
                        quote = d
                    } else if d == ">" {
                        break
                    }
                    j += 1
                }
                i = j + 1
                let lower = name.lowercased()
                if !closing, skippedContent.contains(lower) {
                    // Drop everything up to the matching close tag.
                    if !missingClose.contains(lower), let close = findCloseTag(lower, in: s, from: i) {
                        i = close
                    } else {
                        missingClose.insert(lower)
                        if lower != "head" { i = s.count }  // an unclosed <head> still has a body after it
                    }
                    continue
                }
                if lower == "br" {
                    newline()
                } else if blockTags.contains(lower), let last = out.last, last != "\n" {
                    newline()  // block edges give one line break, however many tags meet there
                }
                continue
            }
            if c == "&" {
                if let (decoded, next) = entity(s, at: i) {
                    for d in decoded.unicodeScalars {
                        if d == "\u{A0}" {
                            if pendingSpace, let last = out.last, last != "\n" { out.append(" ") }
                            pendingSpace = false
                            out.append(" ")
                        } else {
                            appendText(d)
                        }
                    }
                    i = next
                    continue
                }
            }
            appendText(c)
            i += 1
        }
        // Trim each line, and keep at most one blank line in a row.
        var lines: [String] = []
        var blank = 0
        for line in String(out).split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = HeaderBlock.trimWhitespace(String(line))
            if trimmed.isEmpty {
                blank += 1
                if blank > 1 || lines.isEmpty { continue }
            } else {
                blank = 0
            }
            lines.append(trimmed)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static func find(_ needle: String, in s: [Unicode.Scalar], from start: Int) -> Int? {
        let n = Array(needle.unicodeScalars)
        var i = start
        while i + n.count <= s.count {
            if s[i] == n[0], Array(s[i..<(i + n.count)]) == n { return i }
            i += 1
        }
        return nil
    }

    /// The index just after `</name…>`, searched case-insensitively from `start`.
    private static func findCloseTag(_ name: String, in s: [Unicode.Scalar], from start: Int) -> Int? {
        let n = Array(name.unicodeScalars)
        var i = start
        while i + n.count + 2 <= s.count {
            if s[i] == "<", s[i + 1] == "/" {
                var matches = true
                for k in 0..<n.count where Character(s[i + 2 + k]).lowercased() != String(n[k]) {
                    matches = false
                    break
                }
                if matches {
                    var j = i + 2 + n.count
                    while j < s.count, s[j] != ">" { j += 1 }
                    return min(j + 1, s.count)
                }
            }
            i += 1
        }
        return nil
    }

    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "copy": "©", "reg": "®",
        "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–", "lsquo": "‘", "rsquo": "’", "ldquo": "“",
        "rdquo": "”", "laquo": "«", "raquo": "»", "euro": "€", "bull": "•", "middot": "·", "deg": "°",
        "eacute": "é", "egrave": "è", "ecirc": "ê", "euml": "ë", "agrave": "à", "acirc": "â", "aacute": "á",
        "auml": "ä", "ccedil": "ç", "icirc": "î", "iuml": "ï", "iacute": "í", "ocirc": "ô", "oacute": "ó",
        "ouml": "ö", "ugrave": "ù", "ucirc": "û", "uuml": "ü", "uacute": "ú", "ntilde": "ñ", "szlig": "ß",
        "oelig": "œ", "aelig": "æ", "Eacute": "É", "Egrave": "È", "Ecirc": "Ê", "Agrave": "À", "Ccedil": "Ç",
        "Ocirc": "Ô", "OElig": "Œ", "Auml": "Ä", "Ouml": "Ö", "Uuml": "Ü", "iexcl": "¡", "iquest": "¿",
        "zwnj": "", "zwj": "", "shy": "",
    ]

    /// Decodes `&name;`, `&#123;` or `&#x7B;` at `start`; nil when it is not an entity.
    private static func entity(_ s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var j = start + 1
        var name = ""
        while j < s.count, j - start <= 10, s[j] != ";" {
            guard s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) || s[j] == "#" else { return nil }
            name.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == ";", !name.isEmpty else { return nil }
        if name.hasPrefix("#") {
            let digits = name.dropFirst()
            let value: UInt32?
            if digits.first == "x" || digits.first == "X" {
                value = UInt32(digits.dropFirst(), radix: 16)
            } else {
                value = UInt32(digits)
            }
            guard let v = value else { return nil }
            let scalar = Unicode.Scalar(v == 0 ? 0xFFFD : v) ?? "\u{FFFD}"
            return (String(Character(scalar)), j + 1)
        }
        guard let text = named[name] ?? named[name.lowercased()] else { return nil }
        return (text, j + 1)
    }
}
