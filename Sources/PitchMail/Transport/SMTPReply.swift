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
    public init?(line: String) {
        let trimmed = line.trimmingCharacters(in: "\r\n")
        let bytes = Array(trimmed.utf8)
        guard bytes.count >= 3, bytes[0...2].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              bytes.count == 3 || bytes[3] == 0x20 || bytes[3] == 0x2D,
              let code = Int(String(decoding: bytes[0...2], as: UTF8.self))
        else { return nil }
        var rest = bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : ""
        var enhanced: String?
        if let first = rest.split(separator: " ", maxSplits: 1).first {
            let parts = first.split(separator: ".")
            if parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }),
               let klass = parts.first, ["2", "4", "5"].contains(String(klass)) {
                enhanced = String(first)
                rest = String(rest.dropFirst(first.count)).trimmingCharacters(in: " ")
            }
        }
        self.init(code: code, enhancedCode: enhanced, text: SMTPReply.redact(rest))
    }

    /// Replaces every word that holds an `@` with `<address>`.
    public static func redact(_ text: String) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word in
            word.contains("@") ? "<address>" : String(word)
        }.joined(separator: " ")
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
