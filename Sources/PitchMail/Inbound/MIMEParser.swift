/// Builds the ``MIMEPart`` tree of a message: headers, nested multiparts split on their
/// boundaries, leaves decoded from their transfer encoding and text parts from their charset.
enum MIMEParser {
    /// Deeper multiparts are read as text, so that hostile nesting cannot exhaust the stack.
    static let maxDepth = 20
    /// More parts than this in one message are not split further.
    static let maxParts = 2_000

    struct State {
        var flags: InboundFlags = []
        var partCount = 0
    }

    static func parse(_ bytes: ArraySlice<UInt8>, defaultType: String, depth: Int, state: inout State) -> MIMEPart {
        state.partCount += 1
        let block = HeaderBlock.parse(bytes)
        if block.malformed { state.flags.insert(.malformedHeader) }
        if block.unknownCharset { state.flags.insert(.unknownCharset) }
        let headers = block.headers
        let body = bytes[block.bodyStart...]

        var contentType = defaultType
        var parameters: [String: String] = [:]
        if let field = headers["Content-Type"] {
            let parsed = HeaderParameters.parse(field)
            let parts = parsed.value.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty {
                contentType = parsed.value
                parameters = parsed.parameters
            } else {
                contentType = "text/plain"  // RFC 2045 §5.2: an unusable type reads as plain text.
                parameters = parsed.parameters.filter { $0.key == "charset" }
            }
        }
        var encoding = "7bit"
        if let cte = headers["Content-Transfer-Encoding"] {
            let value = HeaderParameters.parse(cte).value
            if !value.isEmpty { encoding = value }
        }
        var disposition: String?
        var filename: String?
        if let field = headers["Content-Disposition"] {
            let parsed = HeaderParameters.parse(field)
            disposition = parsed.value.isEmpty ? nil : parsed.value
            filename = parsed.parameters["filename"]
        }
        if filename == nil { filename = parameters["name"] }

        if contentType.hasPrefix("multipart/") {
            if let boundary = parameters["boundary"].map(HeaderBlock.trimWhitespace), !boundary.isEmpty,
               depth < maxDepth, state.partCount < maxParts,
               let split = split(body, boundary: Array(boundary.utf8)) {
                if !split.closed { state.flags.insert(.truncatedMIME) }
                let childDefault = contentType == "multipart/digest" ? "message/rfc822" : "text/plain"
                var children: [MIMEPart] = []
                for slice in split.parts {
                    if state.partCount >= maxParts {
                        state.flags.insert(.malformedMIME)
                        break
                    }
                    children.append(parse(slice, defaultType: childDefault, depth: depth + 1, state: &state))
                }
                return MIMEPart(
                    headers: headers, contentType: contentType, parameters: parameters, transferEncoding: encoding,
                    disposition: disposition, filename: filename, body: [], text: nil, parts: children,
                    preamble: Array(split.preamble), epilogue: Array(split.epilogue))
            }
            // No boundary, no delimiter line, or too deep: keep the content readable as text.
            state.flags.insert(.malformedMIME)
            contentType = "text/plain"
        }

        let decoded: [UInt8]
        switch encoding {
        case "base64":
            let result = TransferDecoding.base64(body)
            if !result.clean { state.flags.insert(.badTransferEncoding) }
            decoded = result.bytes
        case "quoted-printable":
            let result = TransferDecoding.quotedPrintable(body)
            if !result.clean { state.flags.insert(.badTransferEncoding) }
            decoded = result.bytes
        case "7bit", "8bit", "binary", "7-bit", "8-bit":
            decoded = Array(body)
        default:
            state.flags.insert(.badTransferEncoding)
            decoded = Array(body)
        }

        var text: String?
        if contentType.hasPrefix("text/") {
            let charset = parameters["charset"] ?? "us-ascii"
            if let t = InboundCharset.decode(decoded, charset: charset) {
                text = normaliseNewlines(t)
            } else {
                state.flags.insert(.unknownCharset)
                text = normaliseNewlines(InboundCharset.lenient(decoded))
            }
        }
        return MIMEPart(
            headers: headers, contentType: contentType, parameters: parameters, transferEncoding: encoding,
            disposition: disposition, filename: filename, body: decoded, text: text, parts: [])
    }

    struct Split {
        var preamble: ArraySlice<UInt8>
        var parts: [ArraySlice<UInt8>]
        var epilogue: ArraySlice<UInt8>
        var closed: Bool
    }

    /// Splits a multipart body on `--boundary` lines (trailing white space allowed). Nil when no
    /// delimiter line is found. The line break before a delimiter belongs to the delimiter.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> Split? {
        let delimiter: [UInt8] = [0x2D, 0x2D] + boundary
        var preamble: ArraySlice<UInt8>?
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var position = body.startIndex
        while position < body.endIndex {
            let end = HeaderBlock.lineEnd(body, from: position)
            let next = end < body.endIndex ? end + 1 : end
            if body[position] == 0x2D, let isClose = delimiterKind(body, position, end, delimiter) {
                // The content ends before the line break that precedes this line.
                var contentEnd = position
                if contentEnd > body.startIndex, body[contentEnd - 1] == 10 {
                    contentEnd -= 1
                    if contentEnd > body.startIndex, body[contentEnd - 1] == 13 { contentEnd -= 1 }
                }
                if let start = partStart {
                    parts.append(body[start..<max(start, contentEnd)])
                } else {
                    preamble = body[body.startIndex..<contentEnd]
                }
                if isClose {
                    return Split(preamble: preamble ?? body[body.startIndex..<body.startIndex], parts: parts,
                                 epilogue: body[next...], closed: true)
                }
                partStart = next
            }
            position = next
        }
        guard let start = partStart else { return nil }
        parts.append(body[start...])
        return Split(preamble: preamble ?? body[body.startIndex..<body.startIndex], parts: parts,
                     epilogue: body[body.endIndex...], closed: false)
    }

    /// Nil when the line is not a delimiter; true for the closing one (`--boundary--`).
    private static func delimiterKind(_ body: ArraySlice<UInt8>, _ start: Int, _ end: Int, _ delimiter: [UInt8]) -> Bool? {
        var e = end
        while e > start, body[e - 1] == 13 || body[e - 1] == 0x20 || body[e - 1] == 0x09 { e -= 1 }
        let line = body[start..<e]
        guard line.starts(with: delimiter) else { return nil }
        let rest = line.dropFirst(delimiter.count)
        if rest.isEmpty { return false }
        if rest.count == 2, rest.first == 0x2D, rest.last == 0x2D { return true }
        return nil
    }

    /// CRLF and lone CR become LF.
    static func normaliseNewlines(_ text: String) -> String {
        guard text.unicodeScalars.contains("\r") else { return text }
        var out = String.UnicodeScalarView()
        var previousCR = false
        for s in text.unicodeScalars {
            if s == "\r" {
                out.append("\n")
                previousCR = true
            } else {
                if !(s == "\n" && previousCR) { out.append(s) }
                previousCR = false
            }
        }
        return String(out)
    }
}
