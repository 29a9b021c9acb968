import Foundation

/// A span of wall-clock time within one day, such as `09:00-17:00`: start included, end excluded.
///
/// Times are minutes after local midnight; the end may be `24:00`. A span never crosses midnight:
/// write two spans (`22:00-24:00` on one day, `00:00-02:00` on the next) instead.
public struct TimeOfDayRange: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Minutes after midnight when the span opens (0…1439).
    public let startMinute: Int
    /// Minutes after midnight when the span closes (1…1440, after the start).
    public let endMinute: Int

    /// The whole day.
    public static let allDay = TimeOfDayRange(checkedStart: 0, end: 24 * 60)

    /// A span; nil unless `0 <= start < end <= 1440`.
    public init?(startMinute: Int, endMinute: Int) {
        guard startMinute >= 0, startMinute < endMinute, endMinute <= 24 * 60 else { return nil }
        self.init(checkedStart: startMinute, end: endMinute)
    }

    private init(checkedStart: Int, end: Int) {
        startMinute = checkedStart
        endMinute = end
    }

    /// Parses `HH:MM-HH:MM` (spaces around the dash allowed, `24:00` allowed as an end); nil otherwise.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]) else { return nil }
        self.init(startMinute: start, endMinute: end)
    }

    private static func minutes(_ text: Substring) -> Int? {
        let clock = text.trimmingCharacters(in: .whitespaces)
        let pieces = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard pieces.count == 2, (1...2).contains(pieces[0].count), pieces[1].count == 2,
            pieces.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(pieces[0]), let minute = Int(pieces[1]), minute < 60,
            hour < 24 || (hour == 24 && minute == 0)
        else { return nil }
        return hour * 60 + minute
    }

    /// True when `minute` (minutes after midnight, fractions allowed) lies in the span.
    public func contains(minute: Double) -> Bool {
        minute >= Double(startMinute) && minute < Double(endMinute)
    }

    /// `09:00-17:00`.
    public var description: String {
        func clock(_ m: Int) -> String {
            let h = m / 60, mm = m % 60
            return (h < 10 ? "0" : "") + "\(h):" + (mm < 10 ? "0" : "") + "\(mm)"
        }
        return "\(clock(startMinute))-\(clock(endMinute))"
    }

    /// Orders by start, then end.
    public static func < (lhs: TimeOfDayRange, rhs: TimeOfDayRange) -> Bool {
        (lhs.startMinute, lhs.endMinute) < (rhs.startMinute, rhs.endMinute)
    }
}
