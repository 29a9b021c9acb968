import Foundation

/// A moment's calendar fields in UTC (proleptic Gregorian), computed without Foundation's
/// formatters, which cost microseconds per call: the composer's `Date:` header and the ledger's
/// timestamps are formatted once per message.
public struct UTCDateTime: Sendable, Equatable {
    public let year: Int
    /// 1 to 12.
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// Milliseconds, rounded half up (as Foundation's `DateFormatter` with `SSS` does).
    public let millisecond: Int
    /// 0 = Sunday … 6 = Saturday.
    public let weekday: Int

    public init(_ date: Date) {
        // The same arithmetic as Foundation's formatter, so that both give the same text.
        let totalMilliseconds = Int(((date.timeIntervalSinceReferenceDate + 978_307_200) * 1000 + 0.5).rounded(.down))
        let seconds = totalMilliseconds >= 0 ? totalMilliseconds / 1000 : (totalMilliseconds - 999) / 1000
        millisecond = totalMilliseconds - seconds * 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (index 4)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
    }

    /// `YYYY-MM-DD HH:MM:SS.SSS`, the text form SQLite's date functions (and GRDB) use.
    public var sqlText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(23)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var v = value
            while divisor > 0 {
                bytes.append(UInt8(0x30 + (v / divisor) % 10))
                v %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); bytes.append(0x2D); digits(month, 2); bytes.append(0x2D); digits(day, 2)
        bytes.append(0x20)
        digits(hour, 2); bytes.append(0x3A); digits(minute, 2); bytes.append(0x3A); digits(second, 2)
        bytes.append(0x2E); digits(millisecond, 3)
        return String(decoding: bytes, as: UTF8.self)
    }
}
