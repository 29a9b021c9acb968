/// A mailbox read from a received header (From, To, Cc, Reply-To) or a bounce: the address with
/// its domain lower-cased, and the display name with encoded-words decoded.
///
/// Unlike ``MailAddress``, nothing is validated: received mail holds what it holds. The address
/// may lack a domain (`MAILER-DAEMON`).
public struct InboundAddress: Sendable, Hashable, CustomStringConvertible {
    /// The display name (`Jane Doe`), or nil.
    public let name: String?
    /// `local@domain`, the local part as written and the domain lower-cased.
    public let address: String

    /// Normalises `address` (angle brackets and `mailto:` removed, domain lower-cased).
    public init(name: String?, address: String) {
        var a = HeaderBlock.trimWhitespace(address)
        if a.hasPrefix("<") { a.removeFirst() }
        if a.hasSuffix(">") { a.removeLast() }
        if a.lowercased().hasPrefix("mailto:") { a = String(a.dropFirst(7)) }
        if let at = a.lastIndex(of: "@") {
            a = String(a[..<at]) + "@" + a[a.index(after: at)...].lowercased()
        }
        self.address = a
        let collapsed = name.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        self.name = collapsed?.isEmpty == false ? collapsed : nil
    }

    /// The part before the last `@` (the whole address when there is none).
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }

    /// The lower-cased part after the last `@`, or an empty string.
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return String(address[address.index(after: at)...])
    }

    /// The form used to match addresses: the whole address lower-cased.
    public var normalizedKey: String { address.lowercased() }

    /// The address alone.
    public var description: String { address }

    /// Parses an address-list header value (RFC 5322 §3.4): mailboxes with or without display
    /// names, groups (`team: a@x, b@y;`), comments and obsolete routes. Entries without an address
    /// are skipped; the function never fails.
    public static func parseList(_ raw: String) -> [InboundAddress] {
        var parser = AddressListParser(raw)
        return parser.parse()
    }

    /// The first address of a header value, or nil.
    public static func parse(_ raw: String) -> InboundAddress? { parseList(raw).first }
}

/// The scanner behind ``InboundAddress/parseList(_:)``.
struct AddressListParser {
    private let scalars: [Unicode.Scalar]
    private var i = 0
    private var words: [(text: String, quoted: Bool)] = []
    private var current = String.UnicodeScalarView()
    private var comments: [String] = []
    private var angle: String?
    private var result: [InboundAddress] = []

    init(_ raw: String) { scalars = Array(raw.unicodeScalars) }

    mutating func parse() -> [InboundAddress] {
        while i < scalars.count {
            let s = scalars[i]
            switch s {
            case "\"":
                endWord()
                i += 1
                var text = String.UnicodeScalarView()
                while i < scalars.count, scalars[i] != "\"" {
                    if scalars[i] == "\\", i + 1 < scalars.count { i += 1 }
                    text.append(scalars[i])
                    i += 1
                }
                i += 1
                words.append((String(text), true))
            case "(":
                endWord()
                comments.append(readComment())
            case "<":
                endWord()
                i += 1
                var text = String.UnicodeScalarView()
                while i < scalars.count, scalars[i] != ">" {
                    if scalars[i] == "(" {
                        _ = readComment()
                        continue
                    }
                    if scalars[i] != " " && scalars[i] != "\t" && scalars[i] != "\r" && scalars[i] != "\n" && scalars[i] != "\"" {
                        text.append(scalars[i])
                    }
                    i += 1
                }
                i += 1
                if angle == nil { angle = String(text) }
            case ",", ";":
                finishMailbox()
                i += 1
            case ":":
                if angle == nil {
                    // A group name: what came before is not a mailbox.
                    endWord()
                    words.removeAll()
                    comments.removeAll()
                } else {
                    current.append(s)
                }
                i += 1
            case "[":
                // A domain literal, which may hold colons (IPv6).
                while i < scalars.count, scalars[i] != "]" {
                    current.append(scalars[i])
                    i += 1
                }
                if i < scalars.count { current.append("]") }
                i += 1
            case " ", "\t", "\r", "\n":
                endWord()
                i += 1
            default:
                current.append(s)
                i += 1
            }
        }
        finishMailbox()
        return result
    }

    private mutating func readComment() -> String {
        var depth = 0
        var text = String.UnicodeScalarView()
        while i < scalars.count {
            let s = scalars[i]
            if s == "\\", i + 1 < scalars.count {
                text.append(scalars[i + 1])
                i += 2
                continue
            }
            if s == "(" {
                depth += 1
                if depth > 1 { text.append(s) }
            } else if s == ")" {
                depth -= 1
                if depth == 0 {
                    i += 1
                    break
                }
                text.append(s)
            } else {
                text.append(s)
            }
            i += 1
        }
        return String(text)
    }

    private mutating func endWord() {
        if !current.isEmpty {
            words.append((String(current), false))
            current = String.UnicodeScalarView()
        }
    }

    private mutating func finishMailbox() {
        endWord()
        defer {
            words.removeAll()
            comments.removeAll()
            angle = nil
        }
        if var address = angle {
            // Obsolete route: <@relay1,@relay2:user@example.org>
            if address.hasPrefix("@"), let colon = address.lastIndex(of: ":") {
                address = String(address[address.index(after: colon)...])
            }
            guard !address.isEmpty else { return }
            let phrase = words.map(\.text).joined(separator: " ")
            let name = EncodedWords.decode(phrase).text
            result.append(InboundAddress(name: name, address: address))
            return
        }
        guard !words.isEmpty else { return }
        // A bare addr-spec; obsolete white space around dots and @ is removed.
        let address = words.map { $0.quoted ? "\"\($0.text)\"" : $0.text }.joined()
        guard address.contains("@") || words.count == 1 else { return }
        let name = comments.first.map { EncodedWords.decode($0).text }
        result.append(InboundAddress(name: name, address: address))
    }
}
