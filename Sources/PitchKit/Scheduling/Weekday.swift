import Foundation

/// A day of the week, numbered as Foundation's Gregorian `Calendar` numbers them (Sunday = 1).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable, Codable, CustomStringConvertible {
    case sunday = 1, monday, tuesday, wednesday, thursday, friday, saturday

    /// Monday to Friday.
    public static let workdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]

    /// The three-letter lowercase name: `mon`, `tue`…
    public var description: String { String(Self.names[rawValue - 1].prefix(3)) }

    private static let names = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    /// Parses `mon`, `Monday`, `MON`… (the full name or its first three letters); nil otherwise.
    public init?(name: String) {
        let lower = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard lower.count >= 3,
            let index = Self.names.firstIndex(where: { $0 == lower || $0.prefix(3) == lower })
        else { return nil }
        self.init(rawValue: index + 1)
    }

    /// Days from `start` to `end` inclusive, in week order, wrapping past Saturday (`fri-mon`).
    public static func range(_ start: Weekday, _ end: Weekday) -> [Weekday] {
        var days: [Weekday] = [start]
        var day = start
        while day != end {
            day = Weekday(rawValue: day.rawValue % 7 + 1)!
            days.append(day)
        }
        return days
    }

    /// Orders Sunday first, as `Calendar` numbers days.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
