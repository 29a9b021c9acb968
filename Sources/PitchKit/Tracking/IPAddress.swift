/// An IPv4 or IPv6 address parsed from text, as a number.
///
/// Accepts dotted-quad IPv4 (`17.58.0.1`) and every RFC 4291 IPv6 form (`2a04:4e41::1`,
/// `::ffff:17.58.0.1`, `[2001:db8::1]`, with an optional `%zone`, which is ignored). An
/// IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) is read as the IPv4 address it carries, because
/// dual-stack servers report IPv4 clients that way.
public struct IPAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable, Hashable {
        /// 32-bit IPv4.
        case v4
        /// 128-bit IPv6.
        case v6
    }

    /// IPv4 or IPv6.
    public let family: Family
    /// The high 64 bits of an IPv6 address; 0 for IPv4.
    public let high: UInt64
    /// The low 64 bits of an IPv6 address, or the IPv4 address in the low 32 bits.
    public let low: UInt64

    /// The IPv4 address with this 32-bit value.
    public init(ipv4 value: UInt32) {
        family = .v4
        high = 0
        low = UInt64(value)
    }

    /// The IPv6 address with these 128 bits (not unmapped).
    public init(ipv6High high: UInt64, low: UInt64) {
        family = .v6
        self.high = high
        self.low = low
    }

    /// Parses an address; nil when `text` is not one. Surrounding whitespace is ignored.
    public init?(_ text: some StringProtocol) {
        var utf8 = Array(text.utf8)
        while let first = utf8.first, first == 0x20 || first == 0x09 { utf8.removeFirst() }
        while let last = utf8.last, last == 0x20 || last == 0x09 || last == 0x0D { utf8.removeLast() }
        if utf8.first == UInt8(ascii: "["), utf8.last == UInt8(ascii: "]") { utf8 = Array(utf8.dropFirst().dropLast()) }
        guard !utf8.isEmpty, utf8.count <= 64 else { return nil }
        if !utf8.contains(UInt8(ascii: ":")) {
            guard let value = Self.parseIPv4(utf8[...]) else { return nil }
            self.init(ipv4: value)
            return
        }
        if let percent = utf8.firstIndex(of: UInt8(ascii: "%")) {
            guard percent + 1 < utf8.count else { return nil }
            utf8 = Array(utf8[..<percent])
        }
        guard let (high, low) = Self.parseIPv6(utf8) else { return nil }
        if high == 0, low >> 32 == 0xFFFF {
            self.init(ipv4: UInt32(truncatingIfNeeded: low))
        } else {
            self.init(ipv6High: high, low: low)
        }
    }

    /// Orders IPv4 before IPv6, then numerically.
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        if lhs.family != rhs.family { return lhs.family == .v4 }
        return (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }

    /// The address in dotted-quad or compressed lowercase IPv6 form.
    public var description: String {
        switch family {
        case .v4:
            let value = UInt32(truncatingIfNeeded: low)
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        case .v6:
            let groups = (0..<8).map { index -> UInt16 in
                let word = index < 4 ? high : low
                return UInt16(truncatingIfNeeded: word >> (UInt64(3 - index % 4) * 16))
            }
            // Compress the longest run (of two or more) of zero groups.
            var best = (start: -1, length: 0)
            var index = 0
            while index < 8 {
                guard groups[index] == 0 else { index += 1; continue }
                let start = index
                while index < 8, groups[index] == 0 { index += 1 }
                if index - start > best.length, index - start >= 2 { best = (start, index - start) }
            }
            func hex(_ range: Range<Int>) -> String {
                groups[range].map { String($0, radix: 16) }.joined(separator: ":")
            }
            guard best.start >= 0 else { return hex(0..<8) }
            return hex(0..<best.start) + "::" + hex((best.start + best.length)..<8)
        }
    }

    static func parseIPv4(_ utf8: ArraySlice<UInt8>) -> UInt32? {
        let parts = utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
            // A leading zero ("017") is ambiguous (octal in some parsers): refuse it.
            if part.count > 1, part.first == UInt8(ascii: "0") { return nil }
            let octet = part.reduce(UInt32(0)) { $0 * 10 + UInt32($1 - UInt8(ascii: "0")) }
            guard octet <= 255 else { return nil }
            value = value << 8 | octet
        }
        return value
    }

    static func parseIPv6(_ utf8: [UInt8]) -> (UInt64, UInt64)? {
        var groups: [UInt16] = []
        var gap: Int?
        let pieces = utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard pieces.count >= 3, pieces.count <= 9 else { return nil }
        var index = 0
        // A leading "::" yields two empty pieces, a trailing one too; a lone "::" three.
        if pieces[0].isEmpty {
            guard pieces[1].isEmpty else { return nil }
            index = 1
        }
        var last = pieces.count - 1
        if pieces[last].isEmpty {
            guard pieces[last - 1].isEmpty else { return nil }
            last -= 1
        }
        while index <= last {
            let piece = pieces[index]
            if piece.isEmpty {
                guard gap == nil else { return nil }
                gap = groups.count
            } else if index == last, piece.contains(UInt8(ascii: ".")) {
                guard let v4 = parseIPv4(piece) else { return nil }
                groups.append(UInt16(v4 >> 16))
                groups.append(UInt16(v4 & 0xFFFF))
            } else {
                guard piece.count <= 4, piece.allSatisfy({ $0 < 0x80 && Character(Unicode.Scalar($0)).isHexDigit }),
                    let group = UInt16(String(decoding: piece, as: UTF8.self), radix: 16) else { return nil }
                groups.append(group)
            }
            index += 1
        }
        if let gap {
            guard groups.count < 8 else { return nil }
            groups.insert(contentsOf: [UInt16](repeating: 0, count: 8 - groups.count), at: gap)
        }
        guard groups.count == 8 else { return nil }
        let high = groups[0..<4].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        let low = groups[4..<8].reduce(UInt64(0)) { $0 << 16 | UInt64($1) }
        return (high, low)
    }
}
