import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PitchKit
import PitchServer
import PitchTestSupport
import Testing

/// Forged, mutated, truncated, random and foreign-key tokens through every route: nothing is recorded,
/// nothing redirects, nobody is suppressed, and every answer is the route's fixed answer.
@Suite("Forged tokens")
struct ForgedTokenTests {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    /// At least `count` distinct token texts that are not valid for any purpose under the fixture key.
    static func forgeries(count: Int, entries: [Int64]) -> [String] {
        var rng = SeededGenerator(seed: 0x5EED_70CE)
        var valid: [String] = []
        for entry in entries {
            valid.append(TrackingFixture.open(entry))
            valid.append(TrackingFixture.unsubscribe(entry))
            valid.append(TrackingFixture.click(entry, "https://dewpoint.example/kit?v=\(entry)"))
        }
        let validSet = Set(valid)
        var forged: Set<String> = []
        var kind = 0
        while forged.count < count {
            let base = Array(valid[Int.random(in: 0..<valid.count, using: &rng)])
            var text: [Character]
            switch kind % 9 {
            case 0:  // one character replaced
                text = base
                let index = Int.random(in: 0..<text.count, using: &rng)
                var replacement = alphabet.randomElement(using: &rng)!
                while replacement == text[index] { replacement = alphabet.randomElement(using: &rng)! }
                text[index] = replacement
            case 1:  // truncated
                text = Array(base.prefix(Int.random(in: 1..<base.count, using: &rng)))
            case 2:  // extended
                text = base + (0..<Int.random(in: 1...4, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            case 3:  // random text
                text = (0..<Int.random(in: 1...120, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            case 4:  // signed with another key
                let entry = Int64.random(in: 1...10_000, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: text = Array(TrackingFixture.open(entry, codec: TrackingFixture.otherCodec))
                case 1: text = Array(TrackingFixture.unsubscribe(entry, codec: TrackingFixture.otherCodec))
                default: text = Array(TrackingFixture.click(entry, "https://evil.example/\(entry)", codec: TrackingFixture.otherCodec))
                }
            case 5:  // one bit of the decoded bytes flipped, re-encoded canonically
                var bytes = Base64URL.decode(String(base))!
                let bit = Int.random(in: 0..<(bytes.count * 8), using: &rng)
                bytes[bit / 8] ^= UInt8(1 << (bit % 8))
                text = Array(Base64URL.encode(bytes))
            case 6:  // two characters swapped
                text = base
                let i = Int.random(in: 0..<text.count, using: &rng), j = Int.random(in: 0..<text.count, using: &rng)
                text.swapAt(i, j)
            case 7:  // a character removed
                text = base
                text.remove(at: Int.random(in: 0..<text.count, using: &rng))
            default:  // the tag replaced by random bytes
                var bytes = Base64URL.decode(String(base))!
                for index in (bytes.count - 16)..<bytes.count { bytes[index] = UInt8.random(in: 0...255, using: &rng) }
                text = Array(Base64URL.encode(bytes))
            }
            kind += 1
            let candidate = String(text)
            if !candidate.isEmpty, !validSet.contains(candidate) { forged.insert(candidate) }
        }
        return forged.sorted()
    }

    @Test("12,000 forged tokens: 0 events, 0 redirects, 0 suppressions, uniform answers")
    func forged() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let entries = (fixture.accepted + fixture.planned).map(\.id)
        var tokens = Self.forgeries(count: 12_000, entries: entries)
        // Valid tokens used for another purpose are forgeries too.
        for entry in entries {
            tokens.append(TrackingFixture.unsubscribe(entry))  // sent to the pixel and click routes below
            tokens.append(TrackingFixture.open(entry))
            tokens.append(TrackingFixture.click(entry, "https://dewpoint.example/"))
        }
        let allTokens = tokens
        let app = TrackingServer.buildApplication(
            configuration: TrackingServerConfiguration(port: 0), sink: fixture.store, codec: TrackingFixture.codec,
            clock: FixedClock(date: TrackingFixture.t0))
        let (pixelBody, notFoundBody, unsubscribedBody) = (
            ByteBuffer(bytes: TrackingPages.pixelBytes), ByteBuffer(string: TrackingPages.linkNotFoundHTML),
            ByteBuffer(string: TrackingPages.unsubscribedHTML))
        let failures = try await app.test(.router) { client in
            try await withThrowingTaskGroup(of: [String].self) { group in
                let workers = 4
                for worker in 0..<workers {
                    group.addTask {
                        var failures: [String] = []
                        for index in stride(from: worker, to: allTokens.count, by: workers) {
                            let token = allTokens[index]
                            let open = TrackingFixture.codec.verify(token, as: .open) != nil
                            let click = TrackingFixture.codec.verify(token, as: .click) != nil
                            let unsubscribe = TrackingFixture.codec.verify(token, as: .unsubscribe) != nil
                            if !open {
                                let pixel = try await client.execute(uri: "/o/\(token).gif", method: .get)
                                if pixel.status != .ok || pixel.body != pixelBody { failures.append("pixel \(index)") }
                            }
                            if !click {
                                let redirect = try await client.execute(uri: "/c/\(token)", method: .get)
                                if redirect.status != .notFound || redirect.headers[.location] != nil || redirect.body != notFoundBody {
                                    failures.append("click \(index): \(redirect.status)")
                                }
                            }
                            if !unsubscribe {
                                let posted = try await client.execute(
                                    uri: "/u/\(token)", method: .post, headers: TrackingRouterTests.formHeaders,
                                    body: TrackingRouterTests.oneClick)
                                if posted.status != .ok || posted.body != unsubscribedBody { failures.append("unsubscribe \(index)") }
                            }
                        }
                        return failures
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        }
        #expect(allTokens.count >= 12_000)
        #expect(failures.isEmpty, "\(failures.prefix(10))")
        #expect(try fixture.store.trackingHits().isEmpty)
        #expect(try fixture.store.suppressions().isEmpty)
    }
}
