/// Reads the header section of a message or MIME part (RFC 5322 §2.2): unfolds continuation
/// lines, decodes encoded-words, and finds where the body starts.
///
/// A line that is neither a field nor a continuation is skipped when a field follows it, and
/// otherwise taken as the first line of a body that lacks its blank separator line. A leading mbox
/// `From ` line is skipped.
enum HeaderBlock {
    struct Result {
        var headers: InboundHeaders
        /// Index of the first body byte in the input.
        var bodyStart: Int
        var malformed: Bool
        var unknownCharset: Bool
    }

    /// The end of the line starting at `start` (index of its LF, or `endIndex`).
    @inline(__always)
    static func lineEnd(_ bytes: ArraySlice<UInt8>, from start: Int) -> Int {
        bytes[start...].firstIndex(of: 10) ?? bytes.endIndex
    }

    /// The line content without CR.
    @inline(__always)
    static func content(_ bytes: ArraySlice<UInt8>, _ start: Int, _ end: Int) -> ArraySlice<UInt8> {
        var e = end
        if e > start && bytes[e - 1] == 13 { e -= 1 }
        return bytes[start..<e]
    }

    /// The length of a field name at the start of `line` (up to its colon), or nil when the line
    /// is not `name: value` (name of printable ASCII; white space allowed before the colon).
    static func fieldNameLength(_ line: ArraySlice<UInt8>) -> (name: Int, colon: Int)? {
        var i = line.startIndex
        while i < line.endIndex {
            let b = line[i]
            if b == 0x3A { break }
            if b <= 0x20 || b >= 0x7F {
                // Obsolete syntax: white space between the name and the colon.
                guard b == 0x20 || b == 0x09, i > line.startIndex else { return nil }
                var j = i
                while j < line.endIndex, line[j] == 0x20 || line[j] == 0x09 { j += 1 }
                guard j < line.endIndex, line[j] == 0x3A else { return nil }
                return (i - line.startIndex, j)
            }
            i += 1
        }
        guard i < line.endIndex, i > line.startIndex else { return nil }
        return (i - line.startIndex, i)
    }

    static func parse(_ bytes: ArraySlice<UInt8>) -> Result {
        var fields: [(name: ArraySlice<UInt8>, value: [UInt8])] = []
        var malformed = false
        var position = bytes.startIndex
        var bodyStart = bytes.endIndex
        var skippingContinuation = false
        var first = true
        lines: while position < bytes.endIndex {
            let end = lineEnd(bytes, from: position)
            let next = end < bytes.endIndex ? end + 1 : end
            let line = content(bytes, position, end)
            defer { first = false }
            if line.isEmpty {
                bodyStart = next
                break lines
            }
            let lead = line[line.startIndex]
            if lead == 0x20 || lead == 0x09 {
                if fields.isEmpty && !skippingContinuation {
                    malformed = true
                    skippingContinuation = true
                } else if !skippingContinuation {
                    fields[fields.count - 1].value += line
                }
                position = next
                continue
            }
            if first, line.starts(with: [0x46, 0x72, 0x6F, 0x6D, 0x20]) {  // "From " postmark
                skippingContinuation = true
                position = next
                continue
            }
            if let (nameLength, colon) = fieldNameLength(line) {
                let name = line[line.startIndex..<(line.startIndex + nameLength)]
                fields.append((name, Array(line[(colon + 1)...])))
                skippingContinuation = false
                position = next
                continue
            }
            malformed = true
            // Skip the line if a field follows; otherwise the body starts here.
            if next < bytes.endIndex {
                let followingEnd = lineEnd(bytes, from: next)
                let following = content(bytes, next, followingEnd)
                if !following.isEmpty, fieldNameLength(following) != nil {
                    skippingContinuation = true
                    position = next
                    continue
                }
            }
            bodyStart = position
            break lines
        }

        var unknown = false
        let headers = fields.map { field -> InboundHeader in
            let name = String(decoding: field.name, as: UTF8.self)
            let raw = trimWhitespace(InboundCharset.lenient(field.value))
            let decoded = EncodedWords.decode(raw)
            unknown = unknown || decoded.unknownCharset
            return InboundHeader(name: name, value: trimWhitespace(decoded.text), rawValue: raw)
        }
        return Result(headers: InboundHeaders(headers), bodyStart: bodyStart, malformed: malformed, unknownCharset: unknown)
    }

    /// `text` without leading and trailing spaces, tabs, CR and LF.
    static func trimWhitespace(_ text: String) -> String {
        let scalars = text.unicodeScalars
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\r" || s == "\n" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }
}
