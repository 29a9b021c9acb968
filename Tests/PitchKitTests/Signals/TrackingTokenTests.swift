import Foundation
import PitchStats
import Testing
@testable import PitchKit

@Suite struct TrackingTokenTests {
    let codec = SignalFixtures.codec

    // MARK: Round trips

    @Test func openAndUnsubscribeTokensRoundTrip() throws {
        for entry: Int64 in [0, 1, 127, 128, 300, 1_234_567, .max, -1, .min] {
            for campaign: UInt64 in [0, 7, TrackingToken.campaignNumber(for: "spring-skincare"), .max] {
                let open = TrackingToken.open(campaign: campaign, entry: entry)
                #expect(codec.verify(codec.sign(open), as: .open) == open)
                let unsubscribe = TrackingToken.unsubscribe(campaign: campaign, entry: entry)
                #expect(codec.verify(codec.sign(unsubscribe), as: .unsubscribe) == unsubscribe)
            }
        }
    }

    @Test func clickTokenRoundTripsWithItsDestination() throws {
        let token = try TrackingToken.click(campaign: 42, entry: 9001, destination: "https://dewpoint.example/kit?utm_source=pitch&x=1#top")
        let verified = try #require(codec.verify(codec.sign(token), as: .click))
        #expect(verified == token)
        #expect(verified.destination == "https://dewpoint.example/kit?utm_source=pitch&x=1#top")
    }

    @Test func tokensAreCompactURLSafeAndCarryNoAddress() {
        let text = codec.sign(.open(campaign: TrackingToken.campaignNumber(for: "spring-skincare"), entry: 123_456))
        #expect(text.count <= 48)
        #expect(text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(!text.contains("="))
    }

    @Test func signingIsDeterministicAndKeyDependent() {
        let token = TrackingToken.open(campaign: 1, entry: 2)
        #expect(codec.sign(token) == codec.sign(token))
        #expect(codec.sign(token) != SignalFixtures.otherCodec.sign(token))
    }

    @Test func campaignNumberIsStable() {
        #expect(TrackingToken.campaignNumber(for: "a") == TrackingToken.campaignNumber(for: "a"))
        #expect(TrackingToken.campaignNumber(for: "a") != TrackingToken.campaignNumber(for: "b"))
    }

    @Test func retiredKeysStillVerify() {
        let token = TrackingToken.open(campaign: 3, entry: 4)
        let old = SignalFixtures.otherCodec.sign(token)
        let rotated = TrackingTokenCodec(key: SignalFixtures.key(), retiredKeys: [SignalFixtures.key(SignalFixtures.otherKeyHex)])
        #expect(rotated.verify(old, as: .open) == token)
        #expect(rotated.sign(token) == codec.sign(token))
        #expect(codec.verify(old, as: .open) == nil)
    }

    // MARK: Forgery

    /// Every mutation must be rejected; counts at least 10,000 attempts.
    @Test func forgedAndMutatedTokensAreNeverAccepted() throws {
        var generator = SplitMix64(seed: 0xC0FFEE)
        let valid: [(String, TrackingToken.Purpose)] = try [
            (codec.sign(.open(campaign: 7, entry: 1)), .open),
            (codec.sign(.open(campaign: TrackingToken.campaignNumber(for: "spring"), entry: 987_654_321)), .open),
            (codec.sign(.unsubscribe(campaign: 7, entry: 55)), .unsubscribe),
            (codec.sign(.click(campaign: 7, entry: 55, destination: "https://dewpoint.example/kit")), .click),
            (codec.sign(.click(campaign: 9, entry: 1, destination: "http://a.example/")), .click),
        ]
        var attempts = 0
        var accepted: [String] = []
        let originals = Set(valid.map(\.0))
        func attempt(_ text: String, _ purpose: TrackingToken.Purpose) {
            // A "mutation" that leaves a valid token unchanged (e.g. uppercasing digits) is not one.
            if originals.contains(text), valid.contains(where: { $0 == (text, purpose) }) { return }
            attempts += 1
            if codec.verify(text, as: purpose) != nil { accepted.append(text) }
        }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for (text, purpose) in valid {
            #expect(codec.verify(text, as: purpose) != nil)
            let bytes = try #require(Base64URL.decode(text))
            // Every bit flip of every byte.
            for index in bytes.indices {
                for bit in 0..<8 {
                    var mutated = bytes
                    mutated[index] ^= 1 << bit
                    attempt(Base64URL.encode(mutated), purpose)
                }
            }
            // Every character replaced by every other character of the alphabet (covers
            // non-canonical trailing bits too).
            let characters = Array(text)
            for index in characters.indices {
                for replacement in alphabet where replacement != characters[index] {
                    var mutated = characters
                    mutated[index] = replacement
                    attempt(String(mutated), purpose)
                }
            }
            // Truncations and extensions.
            for length in 0..<characters.count { attempt(String(characters.prefix(length)), purpose) }
            for suffix in ["A", "AA", "=", "==", ".gif", " ", "\n", "%00"] { attempt(text + suffix, purpose) }
            // Padding, standard-alphabet and case tricks.
            attempt(text.uppercased(), purpose)
            attempt(text.lowercased(), purpose)
            attempt(text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/"), purpose)
            // Purpose swaps.
            for other in TrackingToken.Purpose.allCases where other != purpose { attempt(text, other) }
            // Re-labelled purpose byte with the original tag.
            for other in TrackingToken.Purpose.allCases where other != purpose {
                var mutated = bytes
                mutated[1] = other.rawValue
                attempt(Base64URL.encode(mutated), other)
            }
            // Other version bytes.
            for version in [0, 2, 255] as [UInt8] {
                var mutated = bytes
                mutated[0] = version
                attempt(Base64URL.encode(mutated), purpose)
            }
        }
        // Tokens signed with another key.
        for entry in 0..<500 {
            attempt(SignalFixtures.otherCodec.sign(.open(campaign: 7, entry: Int64(entry))), .open)
            attempt(try SignalFixtures.otherCodec.sign(.click(campaign: 7, entry: Int64(entry), destination: "https://evil.example/")), .click)
        }
        // Random strings and random bytes of plausible lengths.
        for _ in 0..<3000 {
            let length = Int.random(in: 0...80, using: &generator)
            let text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            attempt(text, .open)
            attempt(text, .click)
            let bytes = (0..<Int.random(in: 20...60, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            attempt(Base64URL.encode([TrackingToken.currentVersion, 1] + bytes), .open)
        }
        for junk in ["", "x", "/", "../../etc/passwd", String(repeating: "A", count: 5000), "AQ", "😀😀😀", "AQEBAQ=="] {
            for purpose in TrackingToken.Purpose.allCases { attempt(junk, purpose) }
        }
        #expect(attempts >= 10_000)
        #expect(accepted.isEmpty, "accepted \(accepted.count) forged tokens, e.g. \(accepted.prefix(3))")
    }

    @Test func aClickTokensDestinationCannotBeChanged() throws {
        let original = "https://dewpoint.example/kit"
        let text = codec.sign(try .click(campaign: 7, entry: 55, destination: original))
        var bytes = try #require(Base64URL.decode(text))
        let tag = Array(bytes.suffix(TrackingTokenCodec.tagLength))
        // Splice other destinations (same length and different length) in front of the original tag.
        for evil in ["https://devpoint.example/kit", "https://evil.example/phish", "https://dewpoint.example/kit2", "https://dewpoint.example"] {
            let forged = try TrackingToken.click(campaign: 7, entry: 55, destination: evil).payload() + tag
            #expect(codec.verify(Base64URL.encode(forged), as: .click) == nil)
        }
        // Change one destination character in place.
        let destinationStart = bytes.count - TrackingTokenCodec.tagLength - original.utf8.count
        bytes[destinationStart + 8] = UInt8(ascii: "e")
        #expect(codec.verify(Base64URL.encode(bytes), as: .click) == nil)
        // The verified token always reports the signed destination.
        #expect(codec.verify(text, as: .click)?.destination == original)
    }

    // MARK: Destinations

    @Test(arguments: [
        "javascript:alert(1)", "//evil.example/x", "/\\evil.example", "https:evil.example", "https:/evil.example",
        "https:///evil.example", "https://\\evil.example", "https:\\\\evil.example", "http://evil.example\\@good.example",
        "https://good.example@evil.example/", "https://user:pw@good.example/", "https://good.example/\u{0}x",
        "https://good.example/a b", "https://good.example/\ttab", "https://good.example/\r\nSet-Cookie:x",
        "https://gööd.example/", "https://good.example/é", "mailto:someone@example.com", "ftp://files.example/",
        "data:text/html,hi", " https://good.example/", "https://", "https://:443/", "https://good..example/",
        "https://-bad.example/", "https://good.example:99999/", "https://good.example:abc/", "https://[::1/",
        "https://[zz::1]/", "HTTPS//good.example", "tel:+33123456789", "",
    ])
    func unsafeDestinationsAreRefusedAtSigning(_ destination: String) {
        #expect(throws: TrackingURLError.self) {
            _ = try TrackingToken.click(campaign: 1, entry: 1, destination: destination)
        }
    }

    @Test(arguments: [
        "https://good.example", "http://good.example/", "HTTPS://Good.Example/Path?q=1&r=%C3%A9#frag",
        "https://good.example:8443/a/b", "https://[2001:db8::1]/x", "https://[2001:db8::1]:8443/",
        "https://192.0.2.1/", "https://good.example./", "https://sub_domain.example/",
    ])
    func plainWebDestinationsAreAccepted(_ destination: String) throws {
        let token = try TrackingToken.click(campaign: 1, entry: 1, destination: destination)
        #expect(codec.verify(codec.sign(token), as: .click)?.destination == destination)
    }

    @Test func overlongDestinationsAreRefused() {
        let destination = "https://good.example/" + String(repeating: "a", count: TrackingToken.maximumDestinationLength)
        #expect(throws: TrackingURLError.self) { _ = try TrackingToken.click(campaign: 1, entry: 1, destination: destination) }
    }

    @Test func destinationErrorsNeverRepeatTheURL() {
        do {
            _ = try TrackingToken.click(campaign: 1, entry: 1, destination: "mailto:jane.doe@example.com?subject=secret")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .notHTTP)
            #expect(!error.description.contains("jane"))
            #expect(!error.description.contains("secret"))
            #expect(error.description.hasPrefix("The click destination"))
        }
    }

    // MARK: Encoding primitives

    @Test func varintsRejectOverlongAndOverflowingForms() {
        var index = 0
        #expect(Varint.read([0x80, 0x00], at: &index, end: 2) == nil)
        index = 0
        #expect(Varint.read([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02], at: &index, end: 10) == nil)
        index = 0
        #expect(Varint.read([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], at: &index, end: 10) == .max)
        for value: UInt64 in [0, 1, 127, 128, 16383, 16384, .max] {
            var bytes: [UInt8] = []
            Varint.append(value, to: &bytes)
            index = 0
            #expect(Varint.read(bytes, at: &index, end: bytes.count) == value)
            #expect(index == bytes.count)
        }
    }

    @Test func base64URLIsCanonical() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let text = Base64URL.encode(bytes)
            #expect(Base64URL.decode(text) == bytes)
        }
        #expect(Base64URL.decode("AB") == nil)  // non-zero trailing bits
        #expect(Base64URL.decode("AA") == [0])
        #expect(Base64URL.decode("A") == nil)
        #expect(Base64URL.decode("AA==") == nil)
        #expect(Base64URL.decode("A+") == nil)
    }
}
