import Foundation
import PitchStats
@testable import PitchKit

enum SignalFixtures {
    static let keyHex = String(repeating: "0123456789abcdef", count: 4)
    static let otherKeyHex = String(repeating: "fedcba9876543210", count: 4)

    static func key(_ hex: String = keyHex) -> TrackingKey {
        do { return try TrackingKey(encoded: hex) } catch { fatalError("\(error)") }
    }

    static let codec = TrackingTokenCodec(key: key())
    static let otherCodec = TrackingTokenCodec(key: key(otherKeyHex))

    static let delivered = Date(timeIntervalSince1970: 1_750_000_000)
    static func at(_ seconds: TimeInterval) -> Date { delivered.addingTimeInterval(seconds) }
}
