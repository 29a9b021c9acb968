import Foundation

/// Parses RFC 5322 date-times, including the obsolete forms (§4.3): two- and three-digit years,
/// zone names (UT, GMT, EST…PDT, military letters read as -0000), missing seconds, missing
/// day-of-week or comma, comments, and the asctime order of mbox `From ` lines. Returns nil
/// for anything that does not hold a valid day, month, year and time.
enum MailDateParser {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays: Set<String> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "est": -5 * 60, "edt": -4 * 60, "cst": -6 * 60, "cdt": -5 * 60,
        "mst": -7 * 60, "mdt": -6 * 60, "pst": -8 * 60, "pdt": -7 * 60,
        // Not in RFC 5322, but common in the wild.
        "cet": 60, "cest": 120, "met": 60, "mest": 120, "bst": 60, "eet": 120, "eest": 180, "jst": 540,
    ]

    static func parse(_ text: String) -> Date? {
        // Remove comments, then split on white space and commas.
        var cleaned = String.UnicodeScalarView()
        var depth = 0
        for s in text.unicodeScalars {
            if s == "(" { depth += 1; continue }
            if s == ")" { depth = max(0, depth - 1); continue }
            if depth == 0 { cleaned.append(s == "," ? " " : s) }
        }
        var tokens: [Substring] = []
        for token in String(cleaned).split(whereSeparator: \.isWhitespace) {
            // "3-Jun-2024" (IMAP style) splits into its pieces.
            if token.contains("-"), token.contains(where: \.isLetter), !token.hasPrefix("-") {
                tokens += token.split(separator: "-")
            } else {
                tokens.append(token)
            }
        }
        guard tokens.count <= 12 else { return nil }

        var day: Int?, month: Int?, year: Int?
        var time: (h: Int, m: Int, s: Int)?
        var offsetMinutes: Int?
        var offsetFromName = false
        for token in tokens {
            let lower = token.lowercased()
            if let first = token.first, first == "+" || first == "-" {
                guard offsetMinutes == nil || offsetFromName,
                      let offset = numericZone(token.dropFirst(), negative: first == "-") else { return nil }
                offsetMinutes = offset
                offsetFromName = false
            } else if token.contains(":") {
                guard time == nil, let t = parseTime(token) else { return nil }
                time = t
            } else if token.allSatisfy({ $0.isASCII && $0.isNumber }) {
                guard let n = Int(token), token.count <= 4 else { return nil }
                if token.count >= 3 || n > 31 || (day != nil && year == nil) {
                    guard year == nil else { return nil }
                    year = token.count == 2 ? (n < 50 ? 2000 + n : 1900 + n) : token.count == 3 ? 1900 + n : n
                } else if day == nil {
                    day = n
                } else {
                    return nil
                }
            } else if token.allSatisfy({ $0.isASCII && $0.isLetter }) || lower.hasSuffix(".") {
                let word = lower.hasSuffix(".") ? String(lower.dropLast()) : lower
                let prefix = String(word.prefix(3))
                if word.count >= 3, let index = months.firstIndex(of: prefix), month == nil,
                   word.count == 3 || fullMonthNames[index].hasPrefix(word) {
                    month = index + 1
                } else if word.count >= 3, weekdays.contains(prefix) {
                    continue
                } else if let zone = zones[word] {
                    if offsetMinutes == nil { offsetMinutes = zone; offsetFromName = true }
                } else if word.count == 1, word != "j" {
                    // A military zone: RFC 5322 §4.3 says to read it as -0000.
                    if offsetMinutes == nil { offsetMinutes = 0; offsetFromName = true }
                } else if word == "am" || word == "pm" {
                    guard let t = time, t.h >= 1, t.h <= 12 else { return nil }
                    time = (word == "pm" ? (t.h % 12) + 12 : t.h % 12, t.m, t.s)
                } else if word.count >= 2, word.count <= 5 {
                    if offsetMinutes == nil { offsetMinutes = 0; offsetFromName = true }  // unknown zone name: -0000
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        guard let d = day, let mo = month, let y = year, let t = time, y >= 1900, y <= 9999,
              d >= 1, d <= daysIn(month: mo, year: y) else { return nil }
        let days = daysFromCivil(year: y, month: mo, day: d)
        let seconds = Int64(days) * 86_400 + Int64(t.h * 3600 + t.m * 60 + t.s) - Int64((offsetMinutes ?? 0) * 60)
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static let fullMonthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    ]

    private static func numericZone(_ digits: Substring, negative: Bool) -> Int? {
        let plain = digits.filter { $0 != ":" }
        guard plain.count == 4, plain.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(plain) else { return nil }
        let hours = value / 100, minutes = value % 100
        guard hours <= 23, minutes <= 59 else { return nil }
        let total = hours * 60 + minutes
        return negative ? -total : total
    }

    private static func parseTime(_ token: Substring) -> (h: Int, m: Int, s: Int)? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        let h = numbers[0], m = numbers[1], s = numbers.count == 3 ? numbers[2] : 0
        guard h <= 23, m <= 59, s <= 60 else { return nil }
        return (h, m, s)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
