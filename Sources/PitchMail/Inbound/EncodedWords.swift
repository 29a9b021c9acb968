/// Decodes RFC 2047 encoded-words (`=?charset?B|Q?text?=`) in header text.
///
/// Lenient as mail clients are: words are found anywhere (also inside quoted strings and glued to
/// other text), white space between two adjacent words is dropped, and adjacent words in the same
/// charset are joined before decoding so that a character split across two words survives. A word
/// in an unknown charset is kept as written and reported.
enum EncodedWords {
    private enum Segment {
        case text([UInt8])
        case word(charset: String, bytes: [UInt8], raw: [UInt8])
    }

    /// The decoded text, and whether a word named a charset that could not be used.
    static func decode(_ text: String) -> (text: String, unknownCharset: Bool) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 8, containsMarker(bytes) else { return (text, false) }
        var segments: [Segment] = []
        var plain: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x3D, i + 1 < bytes.count, bytes[i + 1] == 0x3F, let (word, end) = parseWord(bytes, at: i) {
                if !plain.isEmpty {
                    segments.append(.text(plain))
                    plain.removeAll()
                }
                segments.append(word)
                i = end
            } else {
                plain.append(bytes[i])
                i += 1
            }
        }
        if !plain.isEmpty { segments.append(.text(plain)) }

        // Drop white space between two words, then join runs of words in the same charset.
        var merged: [Segment] = []
        for (index, segment) in segments.enumerated() {
            if case .text(let t) = segment, t.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }),
               index > 0, index + 1 < segments.count,
               case .word = segments[index - 1], case .word = segments[index + 1] {
                continue
            }
            if case .word(let charset, let b, let raw) = segment, case .word(let prevCharset, _, _)? = merged.last,
               InboundCharset.normalise(prevCharset) == InboundCharset.normalise(charset),
               case .word(_, var joinedBytes, var joinedRaw) = merged.removeLast() {
                joinedBytes += b  // appended in place: long runs of words stay linear
                joinedRaw += raw
                merged.append(.word(charset: charset, bytes: joinedBytes, raw: joinedRaw))
                continue
            }
            merged.append(segment)
        }

        var out = ""
        var unknown = false
        for segment in merged {
            switch segment {
            case .text(let t): out += String(decoding: t, as: UTF8.self)
            case .word(let charset, let b, let raw):
                if let decoded = InboundCharset.decode(b, charset: charset) {
                    out += decoded
                } else {
                    unknown = true
                    out += String(decoding: raw, as: UTF8.self)
                }
            }
        }
        return (out, unknown)
    }

    private static func containsMarker(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x3D && bytes[i + 1] == 0x3F { return true }
            i += 1
        }
        return false
    }

    /// Parses one encoded-word starting at `start` (which holds `=?`); returns it and the index after `?=`.
    private static func parseWord(_ bytes: [UInt8], at start: Int) -> (Segment, Int)? {
        var i = start + 2
        let charsetStart = i
        while i < bytes.count, bytes[i] != 0x3F {
            let b = bytes[i]
            if b <= 0x20 || b >= 0x7F || i - charsetStart > 40 { return nil }
            i += 1
        }
        guard i < bytes.count, i > charsetStart else { return nil }
        let charset = String(decoding: bytes[charsetStart..<i], as: UTF8.self)
        i += 1
        guard i + 1 < bytes.count, bytes[i + 1] == 0x3F else { return nil }
        let encoding = bytes[i] | 0x20  // lower-case
        guard encoding == 0x62 || encoding == 0x71 else { return nil }
        i += 2
        let textStart = i
        while i + 1 < bytes.count, !(bytes[i] == 0x3F && bytes[i + 1] == 0x3D) {
            let b = bytes[i]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A || b == 0x3F { return nil }
            i += 1
        }
        guard i + 1 < bytes.count else { return nil }
        let text = bytes[textStart..<i]
        let end = i + 2
        let decoded = encoding == 0x62 ? TransferDecoding.base64(text).bytes : TransferDecoding.qEncoding(text)
        return (.word(charset: charset, bytes: decoded, raw: Array(bytes[start..<end])), end)
    }
}
