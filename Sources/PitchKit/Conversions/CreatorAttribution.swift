import Foundation

/// Ties conversions to creators through the discount codes and tracked URLs of the recipients file.
///
/// Two extra columns of `recipients.csv` hold them (header names compared without case, spaces or
/// punctuation):
///
/// | column | also read as | holds |
/// |---|---|---|
/// | `code` | `discount_code`, `promo_code`, `coupon_code`, `coupon` | the creator's discount code(s) |
/// | `url` | `tracked_url`, `tracking_url`, `link` | the creator's tracked link(s) |
///
/// A cell may hold several values separated by spaces, `;` or `|` (codes also by `,`). Codes are
/// compared case-insensitively; URLs after ``normalizedURL(_:)``. A value held by two creators is
/// ambiguous: conversions carrying it are rejected rather than guessed.
///
/// ```swift
/// let attribution = CreatorAttribution(recipients: try store.recipients())
/// if case .creator(let id) = attribution.lookup(code: "AIKO15") { … }
/// ```
public struct CreatorAttribution: Sendable {
    /// The recipients columns read as discount codes (squashed: letters and digits, lower case).
    public static let codeColumns: Set<String> = ["code", "discountcode", "promocode", "couponcode", "coupon"]
    /// The recipients columns read as tracked URLs (squashed).
    public static let urlColumns: Set<String> = ["url", "trackedurl", "trackingurl", "link"]

    /// The result of looking a code or URL up.
    public enum Lookup: Sendable, Hashable {
        /// No creator has it.
        case none
        /// Exactly one creator has it: their recipient id.
        case creator(Int64)
        /// Several creators have it: their recipient ids, ascending.
        case ambiguous([Int64])
    }

    private var codes: [String: Set<Int64>] = [:]
    private var urls: [String: Set<Int64>] = [:]

    /// The codes and URLs of `recipients`.
    public init(recipients: [StoredRecipient]) {
        for recipient in recipients {
            for (column, value) in recipient.fields.extra {
                let name = RecipientColumns.squash(column)
                if Self.codeColumns.contains(name) {
                    for code in Self.split(value, commas: true) {
                        codes[Self.normalizedCode(code), default: []].insert(recipient.id)
                    }
                } else if Self.urlColumns.contains(name) {
                    for url in Self.split(value, commas: false) {
                        guard let key = Self.normalizedURL(url) else { continue }
                        urls[key, default: []].insert(recipient.id)
                    }
                }
            }
        }
    }

    /// True when no recipient has a code or a URL.
    public var isEmpty: Bool { codes.isEmpty && urls.isEmpty }

    /// The creator whose code is `code` (case-insensitive).
    public func lookup(code: String) -> Lookup {
        Self.lookup(codes[Self.normalizedCode(code)])
    }

    /// The creator whose tracked URL is `url`, once both are normalised.
    public func lookup(url: String) -> Lookup {
        guard let key = Self.normalizedURL(url) else { return .none }
        return Self.lookup(urls[key])
    }

    private static func lookup(_ ids: Set<Int64>?) -> Lookup {
        guard let ids, !ids.isEmpty else { return .none }
        return ids.count == 1 ? .creator(ids.first!) : .ambiguous(ids.sorted())
    }

    private static func split(_ value: String, commas: Bool) -> [String] {
        value.split(whereSeparator: { $0.isWhitespace || $0 == ";" || $0 == "|" || (commas && $0 == ",") })
            .map(String.init).filter { !$0.isEmpty }
    }

    /// A code as compared: trimmed and upper-cased.
    public static func normalizedCode(_ code: String) -> String {
        code.trimmingCharacters(in: .whitespaces).uppercased()
    }

    /// A URL as compared, or nil when it is not one.
    ///
    /// The scheme (`http`, `https`, or none), a leading `www.`, the default port, a trailing `/`,
    /// the fragment and tracking parameters (`utm_*`, `fbclid`, `gclid`, `ttclid`) are dropped; the
    /// host is lower-cased; the remaining query parameters are sorted. The path keeps its case.
    /// So `HTTPS://www.Brand.example/aiko/?utm_source=tiktok` and `brand.example/aiko` are the same.
    public static func normalizedURL(_ text: String) -> String? {
        var value = text.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty, !value.contains(where: \.isWhitespace) else { return nil }
        if !value.contains("://") { value = "https://" + value }
        guard let components = URLComponents(string: value), var host = components.host?.lowercased(), !host.isEmpty,
              host.contains(".") || host == "localhost"
        else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        var result = host
        if let port = components.port, port != 80, port != 443 { result += ":\(port)" }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        result += path
        let dropped: Set<String> = ["fbclid", "gclid", "ttclid", "msclkid"]
        let items = (components.percentEncodedQuery ?? "").split(separator: "&")
            .filter { item in
                let name = item.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
                return !name.isEmpty && !name.hasPrefix("utm_") && !dropped.contains(name)
            }
            .map(String.init)
            .sorted()
        if !items.isEmpty { result += "?" + items.joined(separator: "&") }
        return result
    }
}

extension CreatorAttribution {
    /// The creator a conversion row belongs to, or why it cannot be tied to one.
    public enum Attribution: Sendable, Hashable {
        /// Tied to the creator with this recipient id.
        case creator(Int64, ConversionMatch)
        /// Not tied: the row error to report.
        case rejected(ConversionRowError)
    }

    /// Ties a row to a creator: by its code first, then by its URL.
    ///
    /// A code no creator has is an error unless the row's URL matches; a code or URL held by two
    /// creators is an error (nothing is guessed).
    public func attribute(_ row: ConversionImportBatch.Candidate) -> Attribution {
        var codeProblem: ConversionRowError?
        if let code = row.code {
            switch lookup(code: code) {
            case .creator(let id): return .creator(id, .code)
            case .ambiguous(let ids):
                return .rejected(ConversionRowError(
                    line: row.line, field: "code",
                    reason: "code \(Self.quoted(code)) is in the code column of \(ids.count) creators (recipient ids \(ids.map(String.init).joined(separator: ", "))); give each creator their own code and import again"))
            case .none:
                codeProblem = ConversionRowError(
                    line: row.line, field: "code",
                    reason: "code \(Self.quoted(code)) matches no creator's code column; add it to the creator in the recipients file, run pitchlab recipients import, then import this file again")
            }
        }
        if let url = row.url {
            switch lookup(url: url) {
            case .creator(let id): return .creator(id, .url)
            case .ambiguous(let ids):
                return .rejected(codeProblem ?? ConversionRowError(
                    line: row.line, field: "url",
                    reason: "the url is in the url column of \(ids.count) creators (recipient ids \(ids.map(String.init).joined(separator: ", "))); give each creator their own tracked link and import again"))
            case .none:
                if codeProblem == nil {
                    let reason = Self.normalizedURL(url) == nil
                        ? "is not a URL; write the tracked link, such as https://brand.example/r/aiko"
                        : "matches no creator's url column (compared without scheme, www., tracking parameters or a trailing /); add the tracked link to the creator in the recipients file, run pitchlab recipients import, then import this file again"
                    return .rejected(ConversionRowError(line: row.line, field: "url", reason: reason))
                }
            }
        }
        return .rejected(codeProblem ?? ConversionRowError(
            line: row.line, field: "code", reason: "is empty and so is url; give the discount code or the tracked link of the conversion"))
    }

    /// A code for a message: quoted, shortened, and never something that looks like an address.
    static func quoted(_ code: String) -> String {
        guard !code.contains("@") else { return "(not shown: it looks like an address)" }
        let short = code.count > 40 ? String(code.prefix(40)) + "…" : code
        return "'\(short)'"
    }
}
