import Foundation

/// Composes RFC 5322 messages as the exact bytes that go on the wire: CRLF line endings only,
/// RFC 2047 headers, 7bit or quoted-printable bodies, multipart/alternative when HTML is given.
public struct MessageComposer: Sendable {
    /// Whether the relay offers SMTPUTF8, which allows UTF-8 local parts (RFC 6531/6532).
    public var smtpUTF8: Bool

    /// Creates a composer; pass `smtpUTF8: true` only when the relay advertised SMTPUTF8.
    public init(smtpUTF8: Bool = false) {
        self.smtpUTF8 = smtpUTF8
    }

    private static let reservedHeaders: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version",
        "content-type", "content-transfer-encoding", "list-unsubscribe", "list-unsubscribe-post", "sender",
    ]

    /// The message as wire bytes (before SMTP dot-stuffing, which the transport does).
    public func compose(_ message: MailMessage) throws(MessageError) -> [UInt8] {
        var headers: [(String, String)] = []
        headers.append(("Date", Self.rfc5322Date(message.date)))
        headers.append(("From", try mailbox(message.from, field: "From")))
        guard !message.to.isEmpty else { throw MessageError(field: "To", reason: .empty) }
        let toValue = try message.to.enumerated().map { (i, box) throws(MessageError) in
            try mailbox(box, field: message.to.count == 1 ? "To" : "To #\(i + 1)")
        }.joined(separator: ",\r\n ")
        headers.append(("To", toValue))
        if let replyTo = message.replyTo { headers.append(("Reply-To", try mailbox(replyTo, field: "Reply-To"))) }
        try HeaderEncoder.check(message.subject, field: "Subject")
        guard !message.subject.trimmingSpaces().isEmpty else { throw MessageError(field: "Subject", reason: .empty) }
        headers.append(("Subject", HeaderEncoder.unstructured(message.subject, headerName: "Subject")))
        try Self.checkMessageID(message.messageID)
        headers.append(("Message-ID", message.messageID.bracketed))
        headers.append(("MIME-Version", "1.0"))
        if let url = message.unsubscribeURL {
            try Self.checkURL(url, field: "List-Unsubscribe")
            headers.append(("List-Unsubscribe", "<\(url)>"))
            // RFC 8058 one-click needs an HTTPS URI; a mailto: unsubscribe has no POST.
            if url.lowercased().hasPrefix("https:") {
                headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
            }
        }
        for (name, value) in message.extraHeaders {
            guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2D })
            else { throw MessageError(field: name.isEmpty ? "(empty)" : "extra header", reason: .invalidHeaderName) }
            guard !Self.reservedHeaders.contains(name.lowercased()) else {
                throw MessageError(field: name, reason: .reservedHeader)
            }
            try HeaderEncoder.check(value, field: name)
            headers.append((name, HeaderEncoder.unstructured(value, headerName: name)))
        }

        var out: [UInt8] = []
        let textLines = Self.lines(message.text)
        if let html = message.html {
            let boundary = "=_pitchlab_" + message.messageID.value.utf8.reduce(into: UInt64(14695981039346656037)) {
                $0 = ($0 ^ UInt64($1)) &* 1099511628211
            }.description
            headers.append(("Content-Type", "multipart/alternative;\r\n boundary=\"\(boundary)\""))
            Self.appendHeaders(headers, to: &out)
            out += Array("This is a multi-part message in MIME format.\r\n".utf8)
            for (type, lines) in [("text/plain", textLines), ("text/html", Self.lines(html))] {
                out += Array("\r\n--\(boundary)\r\n".utf8)
                Self.appendHeaders([
                    ("Content-Type", "\(type); charset=utf-8"),
                    ("Content-Transfer-Encoding", "quoted-printable"),
                ], to: &out)
                out += QuotedPrintable.encode(lines: lines)
                out += [13, 10]  // the part's text ends with a line break; the CRLF before "--" belongs to the delimiter
            }
            out += Array("\r\n--\(boundary)--\r\n".utf8)  // close delimiter
        } else {
            let sevenBit = textLines.allSatisfy { line in line.count <= 998 && line.allSatisfy { $0 < 0x80 && $0 != 0 } }
            headers.append(("Content-Type", sevenBit ? "text/plain; charset=us-ascii" : "text/plain; charset=utf-8"))
            headers.append(("Content-Transfer-Encoding", sevenBit ? "7bit" : "quoted-printable"))
            Self.appendHeaders(headers, to: &out)
            if sevenBit {
                for (i, line) in textLines.enumerated() {
                    if i > 0 { out += [13, 10] }
                    out += line
                }
            } else {
                out += QuotedPrintable.encode(lines: textLines)
            }
            out += [13, 10]
        }
        return out
    }

    private func mailbox(_ box: Mailbox, field: String) throws(MessageError) -> String {
        if let name = box.name { try HeaderEncoder.check(name, field: "\(field) display name") }
        if box.address.requiresSMTPUTF8 && !smtpUTF8 { throw MessageError(field: "\(field) address", reason: .needsSMTPUTF8) }
        return HeaderEncoder.mailbox(box, headerName: field)
    }

    private static func appendHeaders(_ headers: [(String, String)], to out: inout [UInt8]) {
        for (name, value) in headers {
            out += Array(name.utf8)
            out += [58, 32]
            out += Array(value.utf8)
            out += [13, 10]
        }
        out += [13, 10]
    }

    /// Splits text into lines at CRLF, lone CR or lone LF; the terminators are dropped.
    static func lines(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 13 || b == 10 {
                lines.append(bytes[start..<i])
                if b == 13, i + 1 < bytes.count, bytes[i + 1] == 10 { i += 1 }
                start = i + 1
            }
            i += 1
        }
        // A final terminator does not start a new (empty) line.
        if start < bytes.count || lines.isEmpty { lines.append(bytes[start..<bytes.count]) }
        return lines
    }

    private static func checkMessageID(_ id: MessageID) throws(MessageError) {
        let bytes = id.value.utf8
        guard let at = bytes.firstIndex(of: 0x40), at != bytes.startIndex, bytes.index(after: at) != bytes.endIndex,
              bytes.count(where: { $0 == 0x40 }) == 1,
              bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3C && $0 != 0x3E }),
              bytes.count <= 900
        else { throw MessageError(field: "Message-ID", reason: .invalidMessageID) }
    }

    private static func checkURL(_ url: String, field: String) throws(MessageError) {
        try HeaderEncoder.check(url, field: field)
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:"),
              url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x3C && $0 != 0x3E })
        else { throw MessageError(field: field, reason: .invalidURL) }
        guard url.utf8.count <= 900 else { throw MessageError(field: field, reason: .tooLong) }
    }

    private static let days7 = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// An RFC 5322 date in UTC, e.g. `Sat, 28 Nov 2026 11:35:38 +0000`.
    public static func rfc5322Date(_ date: Date) -> String {
        let t = UTCDateTime(date)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(days7[t.weekday]), \(t.day) \(months[t.month - 1]) \(t.year) \(two(t.hour)):\(two(t.minute)):\(two(t.second)) +0000"
    }
}
