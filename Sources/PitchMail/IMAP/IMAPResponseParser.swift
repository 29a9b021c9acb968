/// One server response, framed by its literals: `* 3 FETCH (UID 7 BODY[] {5}\r\nhello)\r\n` is the
/// text pieces `* 3 FETCH (UID 7 BODY[] {5}` and `)` around the literal `hello`.
struct IMAPResponse {
    enum Piece {
        case text(ArraySlice<UInt8>)
        case literal(ArraySlice<UInt8>)
    }

    /// The text before the first literal: `*`, `+` or the command tag, then the rest of the line.
    var pieces: [Piece]

    /// The first word of the response: "*", "+" or the tag.
    var tag: Substring {
        guard case .text(let t)? = pieces.first else { return "" }
        return String(decoding: t.prefix { $0 != 0x20 }, as: UTF8.self)[...]
    }

    var isUntagged: Bool { tag == "*" }
    var isContinuation: Bool { tag == "+" }

    /// The text pieces joined, literals left out: enough for status lines and response codes.
    var line: String {
        pieces.map { piece in
            if case .text(let t) = piece { String(decoding: t, as: UTF8.self) } else { "" }
        }.joined()
    }

    /// The words after the tag: ("OK", "[UIDVALIDITY 3] UIDs valid") for `* OK [UIDVALIDITY 3] …`.
    var status: (word: String, rest: Substring) {
        let afterTag = line.drop { $0 != " " }.dropFirst()
        let word = afterTag.prefix { $0 != " " }
        return (word.uppercased(), afterTag.dropFirst(word.count).drop { $0 == " " })
    }

    /// The bracketed response code of an OK/NO/BAD/BYE status: ("UIDVALIDITY", "3").
    var responseCode: (name: String, value: Substring)? {
        let rest = status.rest
        guard rest.hasPrefix("["), let close = rest.firstIndex(of: "]") else { return nil }
        let inner = rest[rest.index(after: rest.startIndex)..<close]
        let name = inner.prefix { $0 != " " }
        return (name.uppercased(), inner.dropFirst(name.count).drop { $0 == " " })
    }

    /// The human-readable text of a status response, shortened and stripped to printable ASCII, for
    /// error messages (server status text never holds message content).
    var statusText: String {
        var text = status.rest
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") { text = text[text.index(after: close)...].drop { $0 == " " } }
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { (0x20...0x7E).contains($0.value) }))
        return clean.count > 160 ? String(clean.prefix(160)) + "…" : clean
    }
}

/// Splits the raw byte stream of IMAP responses, as libcurl hands it to the header callback, into
/// responses. Literals (`{N}` at the end of a line, then exactly N bytes) are taken by length, so
/// their content is never mistaken for protocol lines.
struct IMAPResponseFramer {
    /// What stopped the framing before the end of the stream.
    enum Problem: Equatable {
        /// The stream ended inside a literal or in the middle of a line: the reply was cut short.
        case truncated
        /// A literal length that cannot be right.
        case badLiteral
    }

    /// The complete responses, and the problem if the stream did not end right after one. A
    /// truncated last response is returned as `partial`, for the UID it may name.
    static func frame(_ bytes: [UInt8]) -> (responses: [IMAPResponse], partial: IMAPResponse?, problem: Problem?) {
        var responses: [IMAPResponse] = []
        var position = bytes.startIndex
        while position < bytes.endIndex {
            var pieces: [IMAPResponse.Piece] = []
            while true {
                guard let lf = bytes[position...].firstIndex(of: 0x0A) else {
                    pieces.append(.text(bytes[position...]))
                    return (responses, IMAPResponse(pieces: pieces), .truncated)
                }
                var end = lf
                if end > position && bytes[end - 1] == 0x0D { end -= 1 }
                let text = bytes[position..<end]
                pieces.append(.text(text))
                position = lf + 1
                guard let length = literalLength(atEndOf: text) else { break }
                guard let size = length else { return (responses, IMAPResponse(pieces: pieces), .badLiteral) }
                guard bytes.endIndex - position >= size else {
                    pieces.append(.literal(bytes[position...]))
                    return (responses, IMAPResponse(pieces: pieces), .truncated)
                }
                pieces.append(.literal(bytes[position..<(position + size)]))
                position += size
            }
            responses.append(IMAPResponse(pieces: pieces))
        }
        return (responses, nil, nil)
    }

    /// nil when the text does not end in `{digits}` (or `{digits+}`); .some(nil) when the digits do
    /// not make a usable length.
    private static func literalLength(atEndOf text: ArraySlice<UInt8>) -> Int?? {
        guard text.last == UInt8(ascii: "}"), let open = text.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        var digits = text[(open + 1)..<(text.endIndex - 1)]
        if digits.last == UInt8(ascii: "+") { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        guard digits.count <= 10, let n = Int(String(decoding: digits, as: UTF8.self)), n <= Int(Int32.max) else { return .some(nil) }
        return .some(n)
    }
}

/// A parsed `* n FETCH (…)` response: the items this client asks for.
struct FetchResponse: Equatable {
    var sequence: UInt32
    var uid: UInt32?
    var size: Int?
    /// `BODY[]`: the literal (or quoted string) content; nil when absent or NIL.
    var body: [UInt8]?
    var flags: [String]?

    /// Parses a FETCH response; nil for anything else (or a FETCH this client cannot read).
    init?(_ response: IMAPResponse) {
        guard response.isUntagged else { return nil }
        var lexer = IMAPLexer(response)
        guard lexer.atom() == "*", let seq = lexer.atom().flatMap({ UInt32($0) }),
              lexer.atom()?.uppercased() == "FETCH", lexer.consume("(")
        else { return nil }
        sequence = seq
        while !lexer.consume(")") {
            guard let name = lexer.atom()?.uppercased() else { return nil }
            switch name {
            case "UID":
                guard let v = lexer.atom().flatMap({ UInt32($0) }) else { return nil }
                uid = v
            case "RFC822.SIZE":
                guard let v = lexer.atom().flatMap({ Int($0) }) else { return nil }
                size = v
            case "FLAGS":
                guard let list = lexer.list() else { return nil }
                flags = list
            case "BODY[]":
                guard let value = lexer.string() else { return nil }
                body = value
            default:
                guard lexer.skipValue() else { return nil }
            }
        }
    }
}

/// Reads the tokens of one response: atoms, numbers, quoted strings, literals, parenthesised lists.
struct IMAPLexer {
    private let pieces: [IMAPResponse.Piece]
    private var piece = 0
    private var offset: Int

    init(_ response: IMAPResponse) {
        pieces = response.pieces
        if case .text(let t)? = pieces.first { offset = t.startIndex } else { offset = 0 }
    }

    private var text: ArraySlice<UInt8>? {
        guard piece < pieces.count, case .text(let t) = pieces[piece] else { return nil }
        return t
    }

    private mutating func skipSpaces() {
        while let t = text, offset < t.endIndex, t[offset] == 0x20 { offset += 1 }
    }

    private mutating func peek() -> UInt8? {
        skipSpaces()
        guard let t = text, offset < t.endIndex else { return nil }
        return t[offset]
    }

    /// Consumes `char` if it comes next.
    mutating func consume(_ char: Character) -> Bool {
        guard let c = peek(), c == char.asciiValue else { return false }
        offset += 1
        return true
    }

    /// An atom (letters, digits, `\`, `.`, and a `[section]` with anything inside, plus `<n>`).
    mutating func atom() -> String? {
        skipSpaces()
        guard let t = text else { return nil }
        let start = offset
        var depth = 0
        while offset < t.endIndex {
            let c = t[offset]
            if c == UInt8(ascii: "[") { depth += 1 } else if c == UInt8(ascii: "]") { depth -= 1 }
            else if depth == 0 && (c == 0x20 || c == UInt8(ascii: "(") || c == UInt8(ascii: ")") || c == UInt8(ascii: "{") || c == UInt8(ascii: "\"")) { break }
            offset += 1
        }
        return offset > start ? String(decoding: t[start..<offset], as: UTF8.self) : nil
    }

    /// A string value: a literal, a quoted string or NIL (nil for NIL and on error).
    mutating func string() -> [UInt8]? {
        guard let c = peek(), let t = text else { return nil }
        if c == UInt8(ascii: "{") {
            // `{N}` ends this text piece; the literal is the next piece.
            guard piece + 1 < pieces.count, case .literal(let data) = pieces[piece + 1] else { return nil }
            piece += 2
            if case .text(let next)? = piece < pieces.count ? pieces[piece] : nil { offset = next.startIndex }
            return Array(data)
        }
        if c == UInt8(ascii: "\"") {
            var out: [UInt8] = []
            offset += 1
            while offset < t.endIndex {
                var b = t[offset]
                offset += 1
                if b == UInt8(ascii: "\"") { return out }
                if b == UInt8(ascii: "\\"), offset < t.endIndex { b = t[offset]; offset += 1 }
                out.append(b)
            }
            return nil
        }
        _ = atom()  // NIL
        return nil
    }

    /// A parenthesised list of atoms, such as FLAGS.
    mutating func list() -> [String]? {
        guard consume("(") else { return nil }
        var items: [String] = []
        while !consume(")") {
            guard let a = atom() else { return nil }
            items.append(a)
        }
        return items
    }

    /// Skips any value; false when the response ends first.
    mutating func skipValue() -> Bool {
        guard let c = peek() else { return false }
        if c == UInt8(ascii: "(") {
            offset += 1
            while !consume(")") { guard skipValue() else { return false } }
            return true
        }
        if c == UInt8(ascii: "{") || c == UInt8(ascii: "\"") {
            let before = (piece, offset)
            _ = string()
            return (piece, offset) != before
        }
        return atom() != nil
    }
}
