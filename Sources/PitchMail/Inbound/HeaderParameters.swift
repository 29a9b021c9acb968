/// Reads a MIME field with parameters, such as Content-Type and Content-Disposition
/// (RFC 2045 §5.1, RFC 2231): the lower-cased main value and the parameters by lower-cased name.
///
/// Tolerant of comments, missing semicolons, unquoted values with specials (`boundary==_x`),
/// RFC 2231 continuations and charsets, and RFC 2047 words inside quoted values.
enum HeaderParameters {
    static func parse(_ text: String) -> (value: String, parameters: [String: String]) {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func skipSpaceAndComments() {
            while i < scalars.count {
                let s = scalars[i]
                if s == " " || s == "\t" || s == "\r" || s == "\n" {
                    i += 1
                } else if s == "(" {
                    var depth = 0
                    while i < scalars.count {
                        if scalars[i] == "\\" { i += 2; continue }
                        if scalars[i] == "(" { depth += 1 }
                        if scalars[i] == ")" { depth -= 1; if depth == 0 { i += 1; break } }
                        i += 1
                    }
                } else {
                    break
                }
            }
        }

        skipSpaceAndComments()
        var main = String.UnicodeScalarView()
        while i < scalars.count, scalars[i] != ";", scalars[i] != " ", scalars[i] != "\t", scalars[i] != "(" {
            main.append(scalars[i])
            i += 1
        }

        var raw: [(name: String, value: String)] = []
        while i < scalars.count {
            skipSpaceAndComments()
            while i < scalars.count, scalars[i] == ";" || scalars[i] == "," {
                i += 1
                skipSpaceAndComments()
            }
            guard i < scalars.count else { break }
            var name = String.UnicodeScalarView()
            while i < scalars.count, !["=", ";", " ", "\t", "\r", "\n", "("].contains(scalars[i]) {
                name.append(scalars[i])
                i += 1
            }
            skipSpaceAndComments()
            guard i < scalars.count, scalars[i] == "=" else {
                if name.isEmpty { i += 1 }
                continue
            }
            i += 1
            skipSpaceAndComments()
            var value = String.UnicodeScalarView()
            if i < scalars.count, scalars[i] == "\"" {
                i += 1
                while i < scalars.count, scalars[i] != "\"" {
                    if scalars[i] == "\\", i + 1 < scalars.count { i += 1 }
                    value.append(scalars[i])
                    i += 1
                }
                i += 1
            } else {
                while i < scalars.count, ![";", " ", "\t", "\r", "\n"].contains(scalars[i]) {
                    value.append(scalars[i])
                    i += 1
                }
            }
            let key = String(name).lowercased()
            if !key.isEmpty { raw.append((key, String(value))) }
        }
        return (String(main).lowercased(), combine(raw))
    }

    /// Applies RFC 2231: joins `name*0`, `name*1*`… sections and decodes `charset'lang'%XX` values.
    private static func combine(_ raw: [(name: String, value: String)]) -> [String: String] {
        var result: [String: String] = [:]
        var sections: [String: [(index: Int, extended: Bool, value: String)]] = [:]
        for (name, value) in raw {
            guard let star = name.firstIndex(of: "*") else {
                if result[name] == nil { result[name] = decodeWords(value) }
                continue
            }
            let base = String(name[..<star])
            var rest = name[name.index(after: star)...]
            var extended = false
            if rest.hasSuffix("*") {
                extended = true
                rest = rest.dropLast()
            } else if rest.isEmpty {
                extended = true  // `name*=`: a single extended value
            }
            let index = rest.isEmpty ? 0 : (Int(rest) ?? 0)
            sections[base, default: []].append((index, extended, value))
        }
        for (base, parts) in sections {
            var bytes: [UInt8] = []
            var charset = "us-ascii"
            for (n, part) in parts.sorted(by: { $0.index < $1.index }).enumerated() {
                var value = Substring(part.value)
                if part.extended {
                    if n == 0 {
                        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if pieces.count == 3 {
                            charset = pieces[0].isEmpty ? "us-ascii" : String(pieces[0])
                            value = pieces[2]
                        }
                    }
                    bytes += percentDecode(value)
                } else {
                    bytes += Array(value.utf8)
                }
            }
            let text = InboundCharset.decode(bytes, charset: charset) ?? InboundCharset.lenient(bytes)
            result[base] = text
        }
        return result
    }

    private static func percentDecode(_ text: Substring) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x25, i + 2 < bytes.count, let hi = TransferDecoding.hexValue(bytes[i + 1]),
               let lo = TransferDecoding.hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    private static func decodeWords(_ value: String) -> String {
        value.contains("=?") ? EncodedWords.decode(value).text : value
    }
}
