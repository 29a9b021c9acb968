import Foundation
import Testing
@testable import PitchKit

@Suite struct TrackingKeyTests {
    @Test func readsHexFromTheDefaultVariable() throws {
        let key = try TrackingKey.fromEnvironment(["PITCHLAB_TRACKING_KEY": SignalFixtures.keyHex])
        let token = TrackingToken.open(campaign: 1, entry: 1)
        #expect(TrackingTokenCodec(key: key).sign(token) == SignalFixtures.codec.sign(token))
    }

    @Test func readsBase64InEitherAlphabetWithOrWithoutPadding() throws {
        let bytes = (0..<32).map { UInt8(truncatingIfNeeded: $0 * 7 + 200) }
        let standard = Data(bytes).base64EncodedString()
        let urlSafe = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let unpadded = standard.replacingOccurrences(of: "=", with: "")
        let reference = TrackingTokenCodec(key: try TrackingKey(bytes: bytes)).sign(.open(campaign: 1, entry: 1))
        for text in [standard, urlSafe, unpadded, "  \(standard)\n"] {
            let codec = TrackingTokenCodec(key: try TrackingKey(encoded: text))
            #expect(codec.sign(.open(campaign: 1, entry: 1)) == reference)
        }
    }

    @Test func usesAConfiguredVariableName() throws {
        _ = try TrackingKey.fromEnvironment(["MY_KEY": SignalFixtures.keyHex], variable: "MY_KEY")
        #expect(throws: TrackingKeyError.self) { _ = try TrackingKey.fromEnvironment(["MY_KEY": SignalFixtures.keyHex]) }
    }

    @Test func missingEmptyMalformedAndShortKeysGiveClearErrors() {
        let secret = "c2VjcmV0LXNob3J0LWtleQ"  // base64 of 16 bytes
        let cases: [([String: String], TrackingKeyError.Kind)] = [
            ([:], .missing),
            (["PITCHLAB_TRACKING_KEY": "   "], .missing),
            (["PITCHLAB_TRACKING_KEY": "not a key!!"], .malformed),
            (["PITCHLAB_TRACKING_KEY": "0123 4567 " + SignalFixtures.keyHex], .malformed),
            (["PITCHLAB_TRACKING_KEY": secret], .tooShort),
            (["PITCHLAB_TRACKING_KEY": String(SignalFixtures.keyHex.prefix(62))], .tooShort),
        ]
        for (environment, kind) in cases {
            do {
                _ = try TrackingKey.fromEnvironment(environment)
                Issue.record("expected \(kind)")
            } catch {
                #expect(error.kind == kind)
                #expect(error.description.hasPrefix("PITCHLAB_TRACKING_KEY "))
                #expect(error.description.hasSuffix("."))
                if let value = environment["PITCHLAB_TRACKING_KEY"], !value.trimmingCharacters(in: .whitespaces).isEmpty {
                    #expect(!error.description.contains(value))
                    #expect(!"\(error)".contains(value))
                }
            }
        }
    }

    @Test func theKeyNeverPrints() throws {
        let key = try TrackingKey(encoded: SignalFixtures.keyHex)
        #expect("\(key)" == "TrackingKey(redacted)")
        #expect(String(reflecting: key) == "TrackingKey(redacted)")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("0123"))
        #expect(Mirror(reflecting: key).children.isEmpty)
    }

    @Test func generatedKeysAreValidAndDistinct() throws {
        let first = TrackingKey.generateEncoded()
        let second = TrackingKey.generateEncoded()
        #expect(first.count == 64)
        #expect(first != second)
        _ = try TrackingKey(encoded: first)
    }
}
