/// Checks that a URL is a plain absolute `http(s)://host[:port][/…]` URL, so that a redirect to it
/// can only ever leave for the host it names: no `//host`, `https:host`, backslash, whitespace,
/// control, non-ASCII or `user@host` tricks.
enum WebURLValidator {
    /// Throws when `url` is not a plain absolute web URL; `subject` names it in the error.
    static func validate(_ url: String, subject: String, maximumLength: Int) throws(TrackingURLError) {
        let utf8 = Array(url.utf8)
        guard utf8.count <= maximumLength else {
            throw TrackingURLError(.tooLong, subject: subject,
                                   "is longer than \(maximumLength) bytes; shorten it or use a redirect page of your own.")
        }
        guard !utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == UInt8(ascii: "\\") }) else {
            throw TrackingURLError(.forbiddenCharacter, subject: subject,
                                   "contains a backslash, space, control or non-ASCII character; percent-encode it.")
        }
        let lower = url.lowercased()
        let schemeLength: Int
        if lower.hasPrefix("https://") {
            schemeLength = 8
        } else if lower.hasPrefix("http://") {
            schemeLength = 7
        } else {
            throw TrackingURLError(.notHTTP, subject: subject,
                                   "is not an absolute http:// or https:// URL; only web links can be tracked.")
        }
        let rest = utf8[schemeLength...]
        let authorityEnd = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) ?? rest.endIndex
        let authority = Array(rest[rest.startIndex..<authorityEnd])
        guard !authority.contains(UInt8(ascii: "@")) else {
            throw TrackingURLError(.userInfo, subject: subject,
                                   "has a user name or password before the host; remove the part up to '@'.")
        }
        guard isValidAuthority(authority) else {
            throw TrackingURLError(.badHost, subject: subject,
                                   "has no valid host name after the scheme; write it as https://host/path.")
        }
    }

    /// `host[:port]` with a DNS-style host or a bracketed IPv6 literal.
    static func isValidAuthority(_ authority: [UInt8]) -> Bool {
        guard !authority.isEmpty else { return false }
        var host = authority[...]
        var port: ArraySlice<UInt8>?
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let literal = String(decoding: authority[1..<close], as: UTF8.self)
            guard IPAddress(literal) != nil, literal.contains(":") else { return false }
            let after = authority[(close + 1)...]
            if let colon = after.first {
                guard colon == UInt8(ascii: ":") else { return false }
                port = after.dropFirst()
            }
            host = []
        } else if let colon = authority.lastIndex(of: UInt8(ascii: ":")) {
            host = authority[..<colon]
            port = authority[(colon + 1)...]
        }
        if let port {
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let number = Int(String(decoding: port, as: UTF8.self)), number <= 65535
            else { return false }
        }
        if authority.first == UInt8(ascii: "[") { return true }
        guard !host.isEmpty, host.count <= 253 else { return false }
        let labels = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        for (index, label) in labels.enumerated() {
            // A single trailing dot (fully qualified name) is allowed.
            if label.isEmpty, index == labels.count - 1, index > 0 { continue }
            guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-"),
                label.allSatisfy({ isHostCharacter($0) })
            else { return false }
        }
        return true
    }

    private static func isHostCharacter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
            || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_")
    }
}
