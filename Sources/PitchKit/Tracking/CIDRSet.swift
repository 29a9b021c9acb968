import Foundation

/// A set of IPv4 and IPv6 networks, for asking whether a pixel or click came from Apple's,
/// Google's or a scanner's addresses.
///
/// Parse one from text, one network per line with the CIDR (or a single address) in the first
/// comma-separated column, as in Apple's `egress-ip-ranges.csv`
/// (`https://mask-api.icloud.com/egress-ip-ranges.csv`, lines like `172.224.224.0/27,GB,GB-EN,London,`).
/// Blank lines and `#` comments are skipped, and a header on the first line is allowed. Lookups are
/// a binary search over merged ranges, so the full Apple list (hundreds of thousands of lines) is fine.
///
/// The built-in lists (``appleProxyDefaults``, ``googleProxyDefaults``, ``scannerDefaults``) are
/// small samples that go stale: load the refreshed lists (Apple publishes its egress list daily)
/// with ``load(contentsOfFile:)`` and pass them in ``OpenClassifier/Configuration``.
///
/// ```swift
/// let apple = try CIDRSet.load(contentsOfFile: "egress-ip-ranges.csv")
/// apple.contains("17.58.1.2")     // true
/// ```
public struct CIDRSet: Sendable, Hashable {
    /// One inclusive range of addresses of one family.
    struct Range: Sendable, Hashable {
        var lower: IPAddress
        var upper: IPAddress
    }

    /// Sorted, non-overlapping, non-adjacent ranges (IPv4 first).
    private(set) var ranges: [Range]

    /// The empty set.
    public init() {
        ranges = []
    }

    /// The set of the given CIDRs or addresses.
    ///
    /// - Throws: ``CIDRSetError`` naming the 1-based position of the first invalid entry, with
    ///   `<list>` as the file.
    public init(_ cidrs: [String]) throws(CIDRSetError) {
        self = try Self.parse(cidrs.joined(separator: "\n"), file: "<list>")
    }

    private init(ranges: [Range]) {
        self.ranges = Self.merged(ranges)
    }

    /// How many disjoint ranges the set holds after merging.
    public var rangeCount: Int { ranges.count }

    /// True when the set holds no address.
    public var isEmpty: Bool { ranges.isEmpty }

    /// The networks of both sets.
    public func union(_ other: CIDRSet) -> CIDRSet {
        CIDRSet(ranges: ranges + other.ranges)
    }

    /// True when `address` parses and lies in one of the networks; false for unparseable text.
    public func contains(_ address: String) -> Bool {
        guard let parsed = IPAddress(address) else { return false }
        return contains(parsed)
    }

    /// True when `address` lies in one of the networks.
    public func contains(_ address: IPAddress) -> Bool {
        // The last range whose lower bound is <= address.
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].lower <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return false }
        let candidate = ranges[low - 1]
        return candidate.lower.family == address.family && address <= candidate.upper
    }

    /// Parses a list: one CIDR or address per line in the first comma-separated column.
    ///
    /// - Parameters:
    ///   - text: The list's contents.
    ///   - file: The name used in errors.
    /// - Throws: ``CIDRSetError`` with the line of the first entry that is not a CIDR.
    public static func parse(_ text: String, file: String) throws(CIDRSetError) -> CIDRSet {
        var ranges: [Range] = []
        var sawLine = false
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var line = rawLine[...]
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line = line.dropFirst() }
            let field = firstField(line)
            if field.isEmpty { continue }
            defer { sawLine = true }
            if let range = range(ofCIDR: field) {
                ranges.append(range)
                continue
            }
            if !sawLine, !field.contains(where: \.isNumber) { continue }  // a header such as "cidr,country"
            throw CIDRSetError(.invalidCIDR, file: file, line: lineNumber,
                               "'\(field.prefix(60))' is not a valid CIDR (\(problem(with: field))); fix or remove the line.")
        }
        return CIDRSet(ranges: ranges)
    }

    /// Reads and parses a list file (see ``parse(_:file:)``).
    ///
    /// - Throws: ``CIDRSetError`` when the file cannot be read or a line is not a CIDR.
    public static func load(contentsOfFile path: String) throws(CIDRSetError) -> CIDRSet {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CIDRSetError(.unreadableFile, file: name, line: nil,
                               "the file cannot be read (missing or not readable); check the path \(path).")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CIDRSetError(.unreadableFile, file: name, line: nil, "the file is not UTF-8 text; save it as UTF-8 and retry.")
        }
        return try parse(text, file: name)
    }

    /// The first column of a line: up to a comma, semicolon, tab, space or `#`, without quotes.
    private static func firstField(_ line: Substring) -> String {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let end = trimmed.firstIndex(where: { ",;\t #\r".contains($0) }) ?? trimmed.endIndex
        return String(trimmed[..<end]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
    }

    /// The range of `a.b.c.d/n`, `x::/n` or a single address; host bits are ignored.
    static func range(ofCIDR text: String) -> Range? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]) else { return nil }
        let width = address.family == .v4 ? 32 : 128
        var prefix = width
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].count <= 3, parts[1].allSatisfy(\.isASCII), let value = Int(parts[1]),
                (0...width).contains(value)
            else { return nil }
            prefix = value
        }
        // "::ffff:a.b.c.d/n" reads as IPv4; keep its prefix meaningful.
        if address.family == .v4, parts[0].contains(":") {
            guard parts.count == 1 || prefix >= 96 else { return nil }
            if parts.count == 2 { prefix -= 96 }
            if parts.count == 1 { prefix = 32 }
        }
        switch address.family {
        case .v4:
            let value = UInt32(truncatingIfNeeded: address.low)
            let mask: UInt32 = prefix == 0 ? 0 : ~0 << UInt32(32 - prefix)
            return Range(lower: IPAddress(ipv4: value & mask), upper: IPAddress(ipv4: value | ~mask))
        case .v6:
            let highMask: UInt64 = prefix >= 64 ? ~0 : (prefix == 0 ? 0 : ~0 << UInt64(64 - prefix))
            let lowMask: UInt64 = prefix <= 64 ? 0 : (prefix == 128 ? ~0 : ~0 << UInt64(128 - prefix))
            return Range(
                lower: IPAddress(ipv6High: address.high & highMask, low: address.low & lowMask),
                upper: IPAddress(ipv6High: address.high | ~highMask, low: address.low | ~lowMask))
        }
    }

    /// Why `text` is not a CIDR, for the error message.
    private static func problem(with text: String) -> String {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 2 { return "it has more than one '/'" }
        guard let address = IPAddress(parts[0]) else {
            return parts[0].contains(":") ? "'\(parts[0].prefix(45))' is not an IPv6 address" : "'\(parts[0].prefix(45))' is not an IPv4 address"
        }
        if address.family == .v4, parts[0].contains(":") { return "an IPv4-mapped IPv6 prefix must be 96 to 128" }
        let family = address.family == .v4 ? "IPv4" : "IPv6"
        let width = family == "IPv4" ? 32 : 128
        return "the prefix length must be 0 to \(width) for \(family)"
    }

    /// Sorts and merges overlapping or adjacent ranges of the same family.
    private static func merged(_ input: [Range]) -> [Range] {
        let sorted = input.sorted { ($0.lower, $0.upper) < ($1.lower, $1.upper) }
        var output: [Range] = []
        for range in sorted {
            if var last = output.last, last.lower.family == range.lower.family, !isBeyond(range.lower, last.upper) {
                if range.upper > last.upper { last.upper = range.upper }
                output[output.count - 1] = last
            } else {
                output.append(range)
            }
        }
        return output
    }

    /// True when `address` is more than one past `upper` (so the ranges neither overlap nor touch).
    private static func isBeyond(_ address: IPAddress, _ upper: IPAddress) -> Bool {
        guard address > upper else { return false }
        let (nextLow, carry) = upper.low.addingReportingOverflow(1)
        let nextHigh = carry ? upper.high &+ 1 : upper.high
        return (address.high, address.low) != (nextHigh, nextLow)
    }
}
