import Foundation

/// An amount of money found in free text, such as the rate a creator asks for in a reply.
///
/// Recognised forms: a currency sign before or after the number (`$400`, `US$ 1,200`, `400€`,
/// `€ 1.200,50`, `£350`), an ISO code before or after (`EUR 400`, `400 USD`), or a currency word
/// after (`400 euros`, `400 dollars`, `400 bucks`); `k` multiplies by 1,000 (`$1.5k`). Thousands
/// may be grouped with `,`, `.`, spaces or no-break spaces; the decimal separator is `.` or `,`
/// followed by one or two digits.
public struct MoneyAmount: Sendable, Hashable, Codable {
    /// The amount.
    public var value: Double
    /// The ISO 4217 code when the text says it (`USD`, `EUR`, `GBP`, `JPY`), else nil.
    public var currency: String?
    /// The text it was read from, as written.
    public var text: String

    /// Creates an amount.
    public init(value: Double, currency: String?, text: String) {
        self.value = value
        self.currency = currency
        self.text = text
    }

    private static let number = #"(\d{1,3}(?:[,. \x{00A0}\x{202F}]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(\s?[kK](?![A-Za-z]))?"#
    private static let prefixSymbols = #"(US\$|CA\$|AU\$|\$|€|£|¥|\b(?:USD|EUR|GBP|CAD|AUD|JPY)\b)"#
    private static let suffixSymbols = #"(\$|€|£|¥|\b(?:USD|EUR|GBP|CAD|AUD|JPY|euros?|dollars?|bucks|pounds?)\b)"#

    private static let currencies: [String: String] = [
        "$": "USD", "US$": "USD", "CA$": "CAD", "AU$": "AUD", "€": "EUR", "£": "GBP", "¥": "JPY",
        "USD": "USD", "EUR": "EUR", "GBP": "GBP", "CAD": "CAD", "AUD": "AUD", "JPY": "JPY",
        "EURO": "EUR", "EUROS": "EUR", "DOLLAR": "USD", "DOLLARS": "USD", "BUCKS": "USD", "POUND": "GBP", "POUNDS": "GBP",
    ]

    /// Every amount in `text`, in order of appearance.
    public static func all(in text: String) -> [MoneyAmount] {
        let patterns = [
            (prefixSymbols + #"\s?"# + number, true),
            (number + #"\s?"# + suffixSymbols, false),
        ]
        var found: [(NSRange, MoneyAmount)] = []
        let ns = text as NSString
        for (pattern, symbolFirst) in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                guard !found.contains(where: { NSIntersectionRange($0.0, match.range).length > 0 }) else { continue }
                let symbolGroup = symbolFirst ? 1 : 3
                let numberGroup = symbolFirst ? 2 : 1
                let kiloGroup = symbolFirst ? 3 : 2
                let symbol = ns.substring(with: match.range(at: symbolGroup))
                guard let value = parse(ns.substring(with: match.range(at: numberGroup))) else { continue }
                let kilo = match.range(at: kiloGroup).location != NSNotFound
                found.append((match.range, MoneyAmount(
                    value: kilo ? value * 1000 : value, currency: currencies[symbol.uppercased()],
                    text: ns.substring(with: match.range))))
            }
        }
        return found.sorted { $0.0.location < $1.0.location }.map(\.1)
    }

    /// The first amount in `text`, if any.
    public static func first(in text: String) -> MoneyAmount? { all(in: text).first }

    /// `1,200.50`, `1.200,50`, `1 200`, `400` → a number.
    static func parse(_ text: String) -> Double? {
        var digits = text.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" }
        let lastComma = digits.lastIndex(of: ","), lastDot = digits.lastIndex(of: ".")
        // The decimal separator: the last of , or . when one or two digits follow it.
        var decimal: Character?
        for (mark, index) in [(Character(","), lastComma), (Character("."), lastDot)] {
            guard let index else { continue }
            let after = digits.distance(from: index, to: digits.endIndex) - 1
            if (1...2).contains(after), index == max(lastComma ?? digits.startIndex, lastDot ?? digits.startIndex) {
                decimal = mark
            }
        }
        var whole = digits
        var fraction = ""
        if let decimal, let index = digits.lastIndex(of: decimal) {
            whole = String(digits[..<index])
            fraction = String(digits[digits.index(after: index)...])
        }
        whole.removeAll { $0 == "," || $0 == "." }
        digits = fraction.isEmpty ? whole : whole + "." + fraction
        guard let value = Double(digits), value.isFinite else { return nil }
        return value
    }
}
