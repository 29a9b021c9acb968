/// Finds links in plain-text and HTML bodies and replaces them through a callback; a pure scanner
/// with no regular expressions, so its behaviour is the same on every platform.
enum BodyLinkScanner {
    /// Replaces every `http(s)://` URL of plain text for which `replace` returns a value.
    static func rewritePlainText(_ body: String, _ replace: (String) -> String?) -> String {
        let scalars = Array(body.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard let schemeLength = webSchemeLength(scalars, at: index),
                index == 0 || !isWordScalar(scalars[index - 1])
            else {
                output.append(scalars[index])
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, !isPlainTextTerminator(scalars[end]) { end += 1 }
            end = trimmedEnd(scalars, start: index, end: end, minimum: index + schemeLength)
            let url = String(String.UnicodeScalarView(scalars[index..<end]))
            output.append(contentsOf: (replace(url) ?? url).unicodeScalars)
            index = end
        }
        return String(output)
    }

    /// Replaces the `href` of every `<a>` and `<area>` tag of HTML for which `replace` returns a
    /// value; comments are copied unchanged.
    static func rewriteHTML(_ body: String, _ replace: (String) -> String?) -> String {
        let scalars = Array(body.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "<" else {
                output.append(scalars[index])
                index += 1
                continue
            }
            if hasPrefix(scalars, at: index, "<!--") {
                let close = find(scalars, "-->", from: index + 4).map { $0 + 3 } ?? scalars.count
                output.append(contentsOf: scalars[index..<close])
                index = close
                continue
            }
            var nameEnd = index + 1
            while nameEnd < scalars.count, scalars[nameEnd].properties.isAlphabetic { nameEnd += 1 }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<nameEnd])).lowercased()
            guard name == "a" || name == "area", nameEnd < scalars.count,
                scalars[nameEnd] == ">" || scalars[nameEnd] == "/" || scalars[nameEnd].properties.isWhitespace,
                let tagEnd = tagEnd(scalars, from: nameEnd)
            else {
                output.append(scalars[index])
                index += 1
                continue
            }
            if let href = hrefValue(scalars, from: nameEnd, to: tagEnd) {
                let raw = String(String.UnicodeScalarView(scalars[href.start..<href.end]))
                let decoded = decodeEntities(raw).trimmingWhitespace()
                if webSchemeLength(Array(decoded.unicodeScalars), at: 0) != nil, let replacement = replace(decoded) {
                    output.append(contentsOf: scalars[index..<href.start])
                    let quote = href.quoted ? "" : "\""
                    output.append(contentsOf: (quote + replacement + quote).unicodeScalars)
                    output.append(contentsOf: scalars[href.end...tagEnd])
                    index = tagEnd + 1
                    continue
                }
            }
            output.append(contentsOf: scalars[index...tagEnd])
            index = tagEnd + 1
        }
        return String(output)
    }

    // MARK: Plain text

    /// 7 or 8 when `http://` or `https://` (any case) starts at `index`.
    static func webSchemeLength(_ scalars: [Unicode.Scalar], at index: Int) -> Int? {
        if hasPrefix(scalars, at: index, "https://", caseInsensitive: true) { return 8 }
        if hasPrefix(scalars, at: index, "http://", caseInsensitive: true) { return 7 }
        return nil
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    private static func isPlainTextTerminator(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
            || "<>\"`".unicodeScalars.contains(scalar)
    }

    /// Drops trailing punctuation and unbalanced closing brackets from a URL found in text.
    private static func trimmedEnd(_ scalars: [Unicode.Scalar], start: Int, end: Int, minimum: Int) -> Int {
        var end = end
        while end > minimum {
            let last = scalars[end - 1]
            if ".,;:!?'*".unicodeScalars.contains(last) {
                end -= 1
                continue
            }
            let pairs: [Unicode.Scalar: Unicode.Scalar] = [")": "(", "]": "[", "}": "{"]
            if let open = pairs[last] {
                let slice = scalars[start..<end]
                if slice.filter({ $0 == last }).count > slice.filter({ $0 == open }).count {
                    end -= 1
                    continue
                }
            }
            break
        }
        return end
    }

    // MARK: HTML

    /// The index of the `>` that closes a tag, skipping quoted attribute values.
    private static func tagEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var quote: Unicode.Scalar?
        var index = start
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                return index
            }
            index += 1
        }
        return nil
    }

    /// The value range of the first `href` attribute between `start` and `end` (the `>`).
    private static func hrefValue(_ scalars: [Unicode.Scalar], from start: Int, to end: Int)
        -> (start: Int, end: Int, quoted: Bool)?
    {
        var index = start
        func skipSpace() {
            while index < end, scalars[index].properties.isWhitespace || scalars[index] == "/" { index += 1 }
        }
        while index < end {
            skipSpace()
            let nameStart = index
            while index < end, !scalars[index].properties.isWhitespace, !"=>/".unicodeScalars.contains(scalars[index]) {
                index += 1
            }
            guard index > nameStart else { return nil }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<index])).lowercased()
            while index < end, scalars[index].properties.isWhitespace { index += 1 }
            guard index < end, scalars[index] == "=" else { continue }
            index += 1
            while index < end, scalars[index].properties.isWhitespace { index += 1 }
            let value: (start: Int, end: Int, quoted: Bool)
            if index < end, scalars[index] == "\"" || scalars[index] == "'" {
                let quote = scalars[index]
                let valueStart = index + 1
                var valueEnd = valueStart
                while valueEnd < end, scalars[valueEnd] != quote { valueEnd += 1 }
                value = (valueStart, valueEnd, true)
                index = min(valueEnd + 1, end)
            } else {
                let valueStart = index
                while index < end, !scalars[index].properties.isWhitespace { index += 1 }
                value = (valueStart, index, false)
            }
            if name == "href" { return value }
        }
        return nil
    }

    /// Decodes the character references that occur in URLs (`&amp;`, `&#38;`, `&#x26;`, quotes, angle brackets).
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let named: [String: String] = ["amp": "&", "quot": "\"", "apos": "'", "lt": "<", "gt": ">", "nbsp": "\u{A0}"]
        var output = ""
        var rest = text[...]
        while let ampersand = rest.firstIndex(of: "&") {
            output += rest[..<ampersand]
            let afterAmpersand = rest.index(after: ampersand)
            guard let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";") else {
                output += "&"
                rest = rest[afterAmpersand...]
                continue
            }
            let name = rest[afterAmpersand..<semicolon]
            var decoded: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if name.hasPrefix("#") {
                decoded = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                decoded = named[name.lowercased()]
            }
            if let decoded {
                output += decoded
                rest = rest[rest.index(after: semicolon)...]
            } else {
                output += "&"
                rest = rest[afterAmpersand...]
            }
        }
        return output + rest
    }

    // MARK: Helpers

    private static func hasPrefix(_ scalars: [Unicode.Scalar], at index: Int, _ prefix: String, caseInsensitive: Bool = false) -> Bool {
        var position = index
        for expected in prefix.unicodeScalars {
            guard position < scalars.count else { return false }
            var actual = scalars[position]
            if caseInsensitive, actual.value >= 0x41, actual.value <= 0x5A, let lower = Unicode.Scalar(actual.value + 0x20) {
                actual = lower
            }
            guard actual == expected else { return false }
            position += 1
        }
        return true
    }

    private static func find(_ scalars: [Unicode.Scalar], _ needle: String, from start: Int) -> Int? {
        var index = start
        while index < scalars.count {
            if hasPrefix(scalars, at: index, needle) { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    /// The string without leading and trailing Unicode whitespace.
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
