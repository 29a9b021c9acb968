/// One SMTP reply as received: the code, the enhanced status code (RFC 3463) and the text.
///
/// The text has addresses replaced by `<address>` so that it can be stored, printed and logged.
public struct SMTPReply: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The three-digit reply code (250, 451, 550…).
    public let code: Int
    /// The enhanced status code such as `5.1.1`, when the relay sent one.
    public let enhancedCode: String?
    /// The reply line without its code, addresses redacted.
    public let text: String

    enum CodingKeys: String, CodingKey {
        case code, text
        case enhancedCode = "enhanced_code"
    }

    public init(code: Int, enhancedCode: String?, text: String) {
        self.code = code
        self.enhancedCode = enhancedCode
        self.text = text
    }

    /// Parses a reply line such as `550 5.1.1 <x@y>: no such user`; nil when it has no code.
    /// (Byte-level: the transport parses one or two of these per message.)
    public init?(line: String) {
        var bytes = Array(line.utf8)[...]
        while let first = bytes.first, first == 0x0D || first == 0x0A { bytes.removeFirst() }
        while let last = bytes.last, last == 0x0D || last == 0x0A { bytes.removeLast() }
        let start = bytes.startIndex
        guard bytes.count >= 3, bytes[start..<start + 3].allSatisfy(Self.isDigit),
              bytes.count == 3 || bytes[start + 3] == 0x20 || bytes[start + 3] == 0x2D
        else { return nil }
        let code = bytes[start..<start + 3].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        var rest = bytes.count > 4 ? bytes[(start + 4)...] : []
        var enhanced: String?
        let token = rest.prefix { $0 != 0x20 }
        if !token.isEmpty, Self.isEnhancedCode(token) {
            enhanced = String(decoding: token, as: UTF8.self)
            rest = rest[token.endIndex...]
            while rest.first == 0x20 { rest.removeFirst() }
            while rest.last == 0x20 { rest.removeLast() }
        }
        self.init(code: code, enhancedCode: enhanced, text: SMTPReply.redact(rest))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// `class.subject.detail` (RFC 3463): three runs of ASCII digits, the class 2, 4 or 5.
    private static func isEnhancedCode(_ token: ArraySlice<UInt8>) -> Bool {
        let parts = token.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) }), parts[0].count == 1 else { return false }
        return [0x32, 0x34, 0x35].contains(parts[0].first!)
    }

    /// Replaces every word that holds an `@` with `<address>`.
    public static func redact(_ text: String) -> String {
        redact(Array(text.utf8)[...])
    }

    /// Replaces every space-separated word of `bytes` that holds an `@` with `<address>`.
    static func redact(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(0x40) else { return String(decoding: bytes, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for (index, word) in bytes.split(separator: 0x20, omittingEmptySubsequences: false).enumerated() {
            if index > 0 { out.append(0x20) }
            if word.contains(0x40) { out.append(contentsOf: "<address>".utf8) } else { out.append(contentsOf: word) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String {
        [String(code), enhancedCode, text.isEmpty ? nil : text].compactMap { $0 }.joined(separator: " ")
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
