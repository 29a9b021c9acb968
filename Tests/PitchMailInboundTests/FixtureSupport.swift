import Foundation
import Testing
@testable import PitchMail

/// Loads the files under `Fixtures/` (copied as a resource folder).
enum Fixture {
    static var directory: String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path
    }

    static func path(_ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }

    static func message(_ name: String) throws -> InboundMessage {
        InboundMessage(bytes: try bytes(name))
    }

    /// Every `.eml` fixture name, sorted.
    static func emlNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".eml") }.sorted()
    }
}

/// Builds a message from LF-separated lines with CRLF line ends.
func crlfMessage(_ text: String) -> InboundMessage {
    InboundMessage(bytes: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
}

/// A UTC date from its parts.
func utc(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}

/// SplitMix64: a seeded generator, so the randomised tests are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
