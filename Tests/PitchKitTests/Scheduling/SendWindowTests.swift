import Foundation
import Testing

@testable import PitchKit

@Suite("Send window")
struct SendWindowTests {
    static let paris = TimeZone(identifier: "Europe/Paris")!
    static let newYork = TimeZone(identifier: "America/New_York")!
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    static let utc = TimeZone(secondsFromGMT: 0)!

    let workdays = SendWindow(weekdays: Weekday.workdays, hours: [TimeOfDayRange(parsing: "09:00-17:00")!],
                              fallbackTimeZone: SendWindowTests.paris)

    /// A UTC instant from an ISO 8601 string.
    func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("open on a weekday's hours, closed before, after and on the weekend")
    func openClosed() {
        #expect(workdays.isOpen(at: at("2026-03-04T08:00:00Z"), timeZone: Self.paris))   // Wed 09:00 Paris
        #expect(!workdays.isOpen(at: at("2026-03-04T07:59:59Z"), timeZone: Self.paris))  // 08:59:59
        #expect(!workdays.isOpen(at: at("2026-03-04T16:00:00Z"), timeZone: Self.paris))  // 17:00, end excluded
        #expect(!workdays.isOpen(at: at("2026-03-07T10:00:00Z"), timeZone: Self.paris))  // Saturday
    }

    @Test("across a weekend: Friday evening opens on Monday morning")
    func weekend() {
        let friday = at("2026-03-06T17:30:00Z")   // Fri 18:30 Paris
        #expect(workdays.nextOpening(after: friday, timeZone: Self.paris) == at("2026-03-09T08:00:00Z"))
        let saturday = at("2026-03-07T12:00:00Z")
        #expect(workdays.nextOpening(after: saturday, timeZone: Self.paris) == at("2026-03-09T08:00:00Z"))
        let open = at("2026-03-09T09:00:00Z")
        #expect(workdays.nextOpening(after: open, timeZone: Self.paris) == open)
    }

    @Test("Europe/Paris spring forward (29 March 2026): 09:00 local is 07:00 UTC after the change")
    func springForward() {
        // Friday 27 March 2026 after hours → Monday 30 March 09:00 CEST = 07:00 UTC.
        #expect(workdays.nextOpening(after: at("2026-03-27T17:00:00Z"), timeZone: Self.paris) == at("2026-03-30T07:00:00Z"))
        // A window every day: Saturday 28 March 09:00 CET = 08:00 UTC; Sunday 29 March 09:00 CEST = 07:00 UTC.
        let daily = SendWindow(weekdays: Set(Weekday.allCases), hours: [TimeOfDayRange(parsing: "09:00-17:00")!],
                               fallbackTimeZone: Self.paris)
        #expect(daily.nextOpening(after: at("2026-03-27T17:00:00Z"), timeZone: Self.paris) == at("2026-03-28T08:00:00Z"))
        #expect(daily.nextOpening(after: at("2026-03-28T17:00:00Z"), timeZone: Self.paris) == at("2026-03-29T07:00:00Z"))
        #expect(daily.isOpen(at: at("2026-03-29T14:59:00Z"), timeZone: Self.paris))    // 16:59 CEST
        #expect(!daily.isOpen(at: at("2026-03-29T15:00:00Z"), timeZone: Self.paris))   // 17:00 CEST
    }

    @Test("a window that starts inside the skipped hour opens at the jump")
    func skippedHour() {
        let night = SendWindow(weekdays: [.sunday], hours: [TimeOfDayRange(parsing: "02:30-04:00")!],
                               fallbackTimeZone: Self.paris)
        // 29 March 2026: 02:00 CET jumps to 03:00 CEST at 01:00 UTC; 03:00 CEST is inside the window.
        #expect(night.nextOpening(after: at("2026-03-28T12:00:00Z"), timeZone: Self.paris) == at("2026-03-29T01:00:00Z"))
    }

    @Test("Europe/Paris fall back (25 October 2026): wall-clock hours are kept")
    func fallBack() {
        let daily = SendWindow(weekdays: Set(Weekday.allCases), hours: [TimeOfDayRange(parsing: "09:00-17:00")!],
                               fallbackTimeZone: Self.paris)
        // Saturday 24 Oct 09:00 CEST = 07:00 UTC; Sunday 25 Oct 09:00 CET = 08:00 UTC.
        #expect(daily.nextOpening(after: at("2026-10-23T20:00:00Z"), timeZone: Self.paris) == at("2026-10-24T07:00:00Z"))
        #expect(daily.nextOpening(after: at("2026-10-24T20:00:00Z"), timeZone: Self.paris) == at("2026-10-25T08:00:00Z"))
        #expect(!daily.isOpen(at: at("2026-10-25T07:30:00Z"), timeZone: Self.paris))   // 08:30 CET
        #expect(daily.isOpen(at: at("2026-10-25T15:59:00Z"), timeZone: Self.paris))    // 16:59 CET
        // The repeated hour 02:00-03:00 is inside an all-night window both times.
        let night = SendWindow(weekdays: [.sunday], hours: [TimeOfDayRange(parsing: "02:00-03:00")!],
                               fallbackTimeZone: Self.paris)
        #expect(night.isOpen(at: at("2026-10-25T00:30:00Z"), timeZone: Self.paris))   // 02:30 CEST
        #expect(night.isOpen(at: at("2026-10-25T01:30:00Z"), timeZone: Self.paris))   // 02:30 CET
    }

    @Test("the same instant is open in one zone and closed in others")
    func zones() {
        let instant = at("2026-03-04T15:00:00Z")   // Wed: 16:00 Paris, 10:00 New York, 00:00 Thu Tokyo
        #expect(workdays.isOpen(at: instant, timeZone: Self.paris))
        #expect(workdays.isOpen(at: instant, timeZone: Self.newYork))
        #expect(!workdays.isOpen(at: instant, timeZone: Self.tokyo))
        #expect(workdays.nextOpening(after: instant, timeZone: Self.tokyo) == at("2026-03-05T00:00:00Z"))   // Thu 09:00 JST
        // Late Friday in Tokyo → Monday 09:00 JST = Monday 00:00 UTC.
        #expect(workdays.nextOpening(after: at("2026-03-06T09:00:00Z"), timeZone: Self.tokyo) == at("2026-03-09T00:00:00Z"))
        // New York springs forward on 8 March 2026: Monday 9 March 09:00 EDT = 13:00 UTC.
        #expect(workdays.nextOpening(after: at("2026-03-06T23:00:00Z"), timeZone: Self.newYork) == at("2026-03-09T13:00:00Z"))
    }

    @Test("several spans a day; the next opening is the next span")
    func spans() {
        let split = SendWindow(weekdays: Weekday.workdays,
                               hours: [TimeOfDayRange(parsing: "14:00-17:00")!, TimeOfDayRange(parsing: "09:00-12:00")!],
                               fallbackTimeZone: Self.utc)
        #expect(split.hours.map(\.description) == ["09:00-12:00", "14:00-17:00"])
        #expect(split.nextOpening(after: at("2026-03-04T12:30:00Z"), timeZone: Self.utc) == at("2026-03-04T14:00:00Z"))
        #expect(split.nextOpening(after: at("2026-03-04T18:00:00Z"), timeZone: Self.utc) == at("2026-03-05T09:00:00Z"))
    }

    @Test("empty or unknown recipient zones fall back; always is always open")
    func fallbackZone() {
        #expect(workdays.timeZone(for: nil) == Self.paris)
        #expect(workdays.timeZone(for: "  ") == Self.paris)
        #expect(workdays.timeZone(for: "Mars/Olympus") == Self.paris)
        #expect(workdays.timeZone(for: "Asia/Tokyo") == Self.tokyo)
        #expect(SendWindow.isKnownTimeZone("America/New_York"))
        #expect(!SendWindow.isKnownTimeZone("Europe/Pariss"))
        #expect(SendWindow.always.isAlwaysOpen)
        #expect(SendWindow.always.isOpen(at: at("2026-03-07T23:59:59Z"), timeZone: Self.tokyo))
        #expect(!workdays.isAlwaysOpen)
    }

    @Test("hours and weekday names parse strictly")
    func parsing() {
        #expect(TimeOfDayRange(parsing: "9:00 - 17:30")?.description == "09:00-17:30")
        #expect(TimeOfDayRange(parsing: "00:00-24:00") == .allDay)
        for bad in ["17:00-09:00", "09:00", "9-17", "09:60-10:00", "24:30-25:00", "09:00-09:00", "aa:bb-cc:dd"] {
            #expect(TimeOfDayRange(parsing: bad) == nil, "\(bad)")
        }
        #expect(Weekday(name: "Mon") == .monday && Weekday(name: "SUNDAY") == .sunday && Weekday(name: "mo") == nil)
        #expect(Weekday.range(.friday, .monday) == [.friday, .saturday, .sunday, .monday])
        #expect(Weekday.wednesday.description == "wed")
    }
}
