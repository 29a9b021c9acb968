import Foundation

/// Writes header field values: RFC 2047 encoded-words for non-ASCII text, quoted strings for
/// display names with specials, and folding so that no header line exceeds 78 octets where a
/// fold point exists (and never 998).
enum HeaderEncoder {
    /// Bytes of UTF-8 per encoded-word: `=?UTF-8?B?` + 56 base64 chars + `?=` is 68 octets, so a
    /// line with a header name of up to 10 characters stays within 78.
    static let bytesPerWord = 42

    /// Refuses CR, LF, NUL and other control characters (tab excepted) in a header-bound value.
    static func check(_ value: String, field: String) throws(MessageError) {
        for s in value.unicodeScalars where (s.value < 0x20 && s != "\t") || s.value == 0x7F
            || (s.value >= 0x80 && s.value < 0xA0) || s == "\u{2028}" || s == "\u{2029}" {
            throw MessageError(field: field, reason: .controlCharacter)
        }
    }

    /// True when the text can be written as is: printable ASCII words separated by single spaces,
    /// none of them too long to fold and none that looks like an encoded-word.
    static func isPlainSafe(_ text: String) -> Bool {
        var previous: UInt8 = 0x20  // as if preceded by a space: a leading space fails below
        var wordLength = 0
        for byte in text.utf8 {
            guard byte >= 0x20 && byte < 0x7F else { return false }
            if byte == 0x20 {
                if previous == 0x20 { return false }  // leading or double space
                wordLength = 0
            } else {
                if byte == 0x3F && previous == 0x3D { return false }  // "=?" looks like an encoded-word
                wordLength += 1
                if wordLength > 66 { return false }
            }
            previous = byte
        }
        return previous != 0x20  // empty, or a trailing space
    }

    /// The encoded-words for `text`, each a complete sequence of characters.
    static func encodedWords(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
            chunk.removeAll(keepingCapacity: true)
        }
        chunk.reserveCapacity(bytesPerWord)
        for character in text {
            let bytes = character.utf8
            if bytes.count <= bytesPerWord {
                if chunk.count + bytes.count > bytesPerWord { flush() }
                chunk.append(contentsOf: bytes)
            } else {
                // A grapheme longer than one word (long emoji sequences): split between scalars.
                for scalar in character.unicodeScalars {
                    let sb = scalar.utf8
                    if chunk.count + sb.count > bytesPerWord { flush() }
                    chunk.append(contentsOf: sb)
                }
            }
        }
        flush()
        return words
    }

    /// An unstructured value (Subject): as is and folded at spaces when plain, else encoded-words.
    static func unstructured(_ text: String, headerName: String) -> String {
        if isPlainSafe(text) {
            return fold(text, firstLineUsed: headerName.utf8.count + 2)
        }
        return encodedWords(text).joined(separator: "\r\n ")
    }

    /// Folds plain text at its spaces, keeping lines within 78 octets where possible.
    static func fold(_ text: String, firstLineUsed: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        var used = firstLineUsed
        for (i, word) in text.utf8.split(separator: 0x20).enumerated() {
            if i == 0 {
                used += word.count
            } else if used + 1 + word.count > 78 {
                out.append(contentsOf: [0x0D, 0x0A, 0x20])
                used = 1 + word.count
            } else {
                out.append(0x20)
                used += 1 + word.count
            }
            out.append(contentsOf: word)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let phraseSpecials = Set("()<>[]:;@\\,.\"".utf8)

    /// A display name as an RFC 5322 phrase: atoms, a quoted string, or encoded-words.
    static func phrase(_ name: String) -> String {
        guard isPlainSafe(name) else { return encodedWords(name).joined(separator: "\r\n ") }
        if !name.utf8.contains(where: { phraseSpecials.contains($0) }) { return name }
        var quoted = "\""
        for ch in name {
            if ch == "\"" || ch == "\\" { quoted.append("\\") }
            quoted.append(ch)
        }
        return quoted + "\""
    }

    /// A mailbox for From/To/Reply-To: `phrase <addr>` or the bare address.
    static func mailbox(_ box: Mailbox, headerName: String) -> String {
        guard let name = box.name, !name.isEmpty else { return "<\(box.address)>" }
        let phrase = phrase(name)
        let angle = "<\(box.address)>"
        if !phrase.utf8.contains(13), headerName.utf8.count + 2 + phrase.utf8.count + 1 + angle.utf8.count <= 78 {
            return phrase + " " + angle
        }
        return phrase + "\r\n " + angle
    }
}
