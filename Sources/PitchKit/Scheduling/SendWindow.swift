public import Foundation

/// When pitches may go out: some weekdays, some hours, in the recipient's own time zone.
///
/// ```swift
/// let window = SendWindow(weekdays: Weekday.workdays, hours: [TimeOfDayRange(parsing: "09:00-17:00")!],
///                         fallbackTimeZone: TimeZone(identifier: "Europe/Paris")!)
/// let zone = window.timeZone(for: row.timezone)          // the fallback for empty or unknown names
/// if !window.isOpen(at: now, timeZone: zone) { wait(until: window.nextOpening(after: now, timeZone: zone)) }
/// ```
///
/// All arithmetic goes through a Gregorian `Calendar` set to the zone, so a window keeps its wall-clock
/// hours across daylight saving changes; a window that starts inside a skipped hour opens at the jump.
/// Pure: the caller passes the time in.
public struct SendWindow: Sendable, Hashable {
    /// The days on which the window opens, in the recipient's zone.
    public let weekdays: Set<Weekday>
    /// The open spans of each such day, sorted.
    public let hours: [TimeOfDayRange]
    /// The zone used for a recipient whose zone is empty or unknown.
    public let fallbackTimeZone: TimeZone

    /// Every day, all day, in UTC: no restriction.
    public static let always = SendWindow(weekdays: Set(Weekday.allCases), hours: [.allDay],
                                          fallbackTimeZone: TimeZone(identifier: "UTC")!)

    /// A window; `weekdays` and `hours` must not be empty (a window that never opens is a configuration error).
    public init(weekdays: Set<Weekday>, hours: [TimeOfDayRange], fallbackTimeZone: TimeZone) {
        precondition(!weekdays.isEmpty && !hours.isEmpty, "a send window needs at least one weekday and one span of hours")
        self.weekdays = weekdays
        self.hours = hours.sorted()
        self.fallbackTimeZone = fallbackTimeZone
    }

    /// True when the window is open all the time (every day, 00:00-24:00).
    public var isAlwaysOpen: Bool {
        weekdays.count == 7 && hours.contains(.allDay)
    }

    /// The zone for an IANA name from a recipient row (`Europe/Paris`); the fallback when the name
    /// is nil, empty or unknown.
    public func timeZone(for identifier: String?) -> TimeZone {
        let name = (identifier ?? "").trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, let zone = TimeZone(identifier: name) else { return fallbackTimeZone }
        return zone
    }

    /// True when `identifier` names a time zone Foundation knows (`Europe/Paris`, `UTC`).
    public static func isKnownTimeZone(_ identifier: String) -> Bool {
        TimeZone(identifier: identifier) != nil
    }

    private func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// True when a pitch may go out at `date` to a recipient in `timeZone`.
    public func isOpen(at date: Date, timeZone: TimeZone) -> Bool {
        let parts = calendar(timeZone).dateComponents([.weekday, .hour, .minute, .second, .nanosecond], from: date)
        guard let weekdayNumber = parts.weekday, let weekday = Weekday(rawValue: weekdayNumber),
            weekdays.contains(weekday)
        else { return false }
        let minute = Double((parts.hour ?? 0) * 60 + (parts.minute ?? 0))
            + (Double(parts.second ?? 0) + Double(parts.nanosecond ?? 0) / 1e9) / 60
        return hours.contains { $0.contains(minute: minute) }
    }

    /// The first moment at or after `date` when the window is open for `timeZone` (`date` itself
    /// when it is open already).
    public func nextOpening(after date: Date, timeZone: TimeZone) -> Date {
        if isOpen(at: date, timeZone: timeZone) { return date }
        let calendar = calendar(timeZone)
        // Candidates: each span's start on each of the next 15 local days, and every daylight saving
        // jump in that time (a span that starts inside a skipped hour opens at the jump).
        var candidates: [Date] = []
        let firstDay = calendar.startOfDay(for: date)
        for offset in 0...15 {
            guard let day = calendar.date(byAdding: .day, value: offset, to: firstDay) else { continue }
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day)
            guard let number = parts.weekday, let weekday = Weekday(rawValue: number), weekdays.contains(weekday) else {
                continue
            }
            for span in hours {
                var wanted = DateComponents()
                wanted.year = parts.year
                wanted.month = parts.month
                wanted.day = parts.day
                wanted.hour = span.startMinute / 60
                wanted.minute = span.startMinute % 60
                if let start = calendar.date(from: wanted) { candidates.append(start) }
            }
        }
        let horizon = date.addingTimeInterval(16 * 86_400)
        var cursor = date
        while let jump = timeZone.nextDaylightSavingTimeTransition(after: cursor), jump < horizon {
            candidates.append(jump)
            cursor = jump
        }
        let opening = candidates.filter { $0 > date && isOpen(at: $0, timeZone: timeZone) }.min()
        // A valid window opens within a fortnight; the fallback only guards against calendar oddities.
        return opening ?? date.addingTimeInterval(86_400)
    }
}
