import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PitchKit
import PitchServer
import Testing

/// The tracking routes, driven through the router (no sockets) with a real SQLite store.
@Suite("Tracking server routes")
struct TrackingRouterTests {
    static let hitTime = TrackingFixture.t0.addingTimeInterval(120)
    static let oneClick = ByteBuffer(string: "List-Unsubscribe=One-Click")
    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Runs `body` against an application over `sink`.
    private func withApp<Value: Sendable>(
        sink: any TrackingEventSink, trustProxy: Bool = false,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        let app = TrackingServer.buildApplication(
            configuration: TrackingServerConfiguration(port: 0, trustProxy: trustProxy), sink: sink,
            codec: TrackingFixture.codec, clock: FixedClock(date: Self.hitTime), logger: .quiet)
        return try await app.test(.router) { client in try await body(client) }
    }

    @Test("the pixel is the same 43-byte GIF with the same headers for valid and invalid tokens; only valid ones are recorded")
    func pixel() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let entry = fixture.accepted[0]
        let valid = TrackingFixture.open(entry.id)
        let invalid = [
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", String(valid.dropLast(3)), TrackingFixture.open(entry.id, codec: TrackingFixture.otherCodec),
            TrackingFixture.unsubscribe(entry.id), "x",
        ]
        let responses = try await withApp(sink: fixture.store) { client in
            var responses: [TestResponse] = []
            responses.append(try await client.execute(uri: "/o/\(valid).gif", method: .get, headers: [.userAgent: "Mail/1.0"]))
            for text in invalid {
                responses.append(try await client.execute(uri: "/o/\(text).gif", method: .get, headers: [.userAgent: "Mail/1.0"]))
            }
            // Without the .gif suffix the token is not read.
            responses.append(try await client.execute(uri: "/o/\(valid)", method: .get))
            return responses
        }
        let first = try #require(responses.first)
        #expect(first.status == .ok)
        #expect(Array(buffer: first.body) == TrackingPages.pixelBytes)
        #expect(TrackingPages.pixelBytes.count == 43 && TrackingPages.pixelBytes.starts(with: Array("GIF89a".utf8)))
        #expect(first.headers[.contentType] == "image/gif")
        #expect(first.headers[.cacheControl] == "no-store, no-cache, must-revalidate, private")
        for response in responses.dropFirst() {
            #expect(response.status == first.status)
            #expect(response.headers == first.headers)
            #expect(response.body == first.body)
        }
        let hits = try fixture.store.trackingHits()
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        #expect(hit.kind == .open && hit.entryID == entry.id && hit.userAgent == "Mail/1.0" && hit.ip == nil)
        #expect(abs(hit.at.timeIntervalSince(Self.hitTime)) < 0.01)
        let since = try #require(hit.sinceAccepted)
        #expect(abs(since - 120) < 0.01)
    }

    @Test("a valid click redirects (302) to exactly the signed destination and is recorded")
    func clickValid() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let entry = fixture.accepted[1]
        let destination = "https://dewpoint.example/kit?utm_source=pitch&ref=a%20b#details"
        let token = TrackingFixture.click(entry.id, destination)
        let response = try await withApp(sink: fixture.store) { client in
            try await client.execute(uri: "/c/\(token)", method: .get, headers: [.userAgent: "Browser/2"])
        }
        #expect(response.status == .found)
        #expect(response.headers[.location] == destination)
        #expect(response.headers[values: .location].count == 1)
        let hits = try fixture.store.trackingHits()
        #expect(hits.map(\.kind) == [.click])
        #expect(hits.first?.destination == destination && hits.first?.entryID == entry.id)
        #expect(hits.first?.sinceAccepted.map { abs($0 - 120) < 0.01 } == true)
    }

    @Test("invalid or mutated click tokens get the same 404 page, never a redirect")
    func clickInvalid() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let entry = fixture.accepted[0]
        let valid = TrackingFixture.click(entry.id, "https://dewpoint.example/kit")
        var mutated = Array(valid)
        mutated[mutated.count / 2] = mutated[mutated.count / 2] == "A" ? "B" : "A"
        let tokens = [
            String(mutated), String(valid.dropLast()), valid + "A", TrackingFixture.open(entry.id),
            TrackingFixture.click(entry.id, "https://evil.example/", codec: TrackingFixture.otherCodec), "not-a-token",
        ]
        let responses = try await withApp(sink: fixture.store) { client in
            var responses: [TestResponse] = []
            for token in tokens { responses.append(try await client.execute(uri: "/c/\(token)", method: .get)) }
            return responses
        }
        let first = try #require(responses.first)
        #expect(first.status == .notFound)
        #expect(String(buffer: first.body).contains("Link not found"))
        for response in responses {
            #expect(response.status == .notFound)
            #expect(response.headers[.location] == nil)
            #expect(response.headers == first.headers && response.body == first.body)
        }
        #expect(try fixture.store.trackingHits().isEmpty)
    }

    @Test("GET /u shows the same confirmation form for valid and invalid tokens and never unsubscribes")
    func unsubscribePage() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let entry = fixture.accepted[0]
        let valid = TrackingFixture.unsubscribe(entry.id)
        let (good, bad) = try await withApp(sink: fixture.store) { client in
            (try await client.execute(uri: "/u/\(valid)", method: .get),
             try await client.execute(uri: "/u/\(valid.dropLast(2))", method: .get))
        }
        #expect(good.status == .ok && bad.status == .ok)
        #expect(good.headers == bad.headers && good.body == bad.body)
        let page = String(buffer: good.body)
        #expect(page.contains(#"<form method="post">"#))
        #expect(page.contains(#"name="List-Unsubscribe" value="One-Click""#))
        #expect(!page.contains(valid) && !page.contains("@") && !page.contains("action="))
        #expect(try fixture.store.suppressions().isEmpty)
        #expect(try fixture.store.trackingHits().isEmpty)
    }

    @Test("POST /u with List-Unsubscribe=One-Click records the unsubscribe and suppresses the address")
    func oneClick() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let entry = fixture.accepted[2]
        let token = TrackingFixture.unsubscribe(entry.id)
        let (response, invalid) = try await withApp(sink: fixture.store) { client in
            (try await client.execute(uri: "/u/\(token)", method: .post, headers: Self.formHeaders, body: Self.oneClick),
             try await client.execute(uri: "/u/\(token.dropLast())", method: .post, headers: Self.formHeaders, body: Self.oneClick))
        }
        #expect(response.status == .ok)
        #expect(String(buffer: response.body).contains("You are unsubscribed"))
        #expect(invalid.status == .ok && invalid.headers == response.headers && invalid.body == response.body)
        let suppressions = try fixture.store.suppressions()
        #expect(suppressions.map(\.email) == [fixture.emailKey(of: entry)])
        #expect(suppressions.first?.reason == .unsubscribe)
        #expect(try fixture.store.trackingHits().map(\.kind) == [.unsubscribe])
    }

    @Test("POST /u accepts the one-click field as multipart/form-data too")
    func oneClickMultipart() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let entry = fixture.accepted[0]
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--XyZ--\r\n"
        let response = try await withApp(sink: fixture.store) { client in
            try await client.execute(
                uri: "/u/\(TrackingFixture.unsubscribe(entry.id))", method: .post,
                headers: [.contentType: "multipart/form-data; boundary=XyZ"], body: ByteBuffer(string: body))
        }
        #expect(response.status == .ok)
        #expect(try fixture.store.suppressions().map(\.email) == [fixture.emailKey(of: entry)])
    }

    @Test("POST /u without the one-click body is a 400 and suppresses nothing")
    func unsubscribeWithoutBody() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let token = TrackingFixture.unsubscribe(fixture.accepted[0].id)
        let statuses = try await withApp(sink: fixture.store) { client in
            [
                try await client.execute(uri: "/u/\(token)", method: .post).status,
                try await client.execute(uri: "/u/\(token)", method: .post, headers: Self.formHeaders, body: ByteBuffer(string: "List-Unsubscribe=Yes")).status,
                try await client.execute(uri: "/u/\(token)", method: .post, headers: Self.formHeaders, body: ByteBuffer(string: "One-Click")).status,
                try await client.execute(uri: "/u/garbage", method: .post).status,
            ]
        }
        #expect(statuses == [.badRequest, .badRequest, .badRequest, .badRequest])
        #expect(try fixture.store.suppressions().isEmpty)
        #expect(try fixture.store.trackingHits().isEmpty)
    }

    @Test("the client address comes from X-Forwarded-For only when the proxy is trusted")
    func forwardedFor() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let token = TrackingFixture.open(fixture.accepted[0].id)
        let headers: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.9, 198.51.100.7"]
        _ = try await withApp(sink: fixture.store, trustProxy: true) { client in
            try await client.execute(uri: "/o/\(token).gif", method: .get, headers: headers)
        }
        _ = try await withApp(sink: fixture.store, trustProxy: false) { client in
            try await client.execute(uri: "/o/\(token).gif", method: .get, headers: headers)
        }
        #expect(try fixture.store.trackingHits().map(\.ip) == ["198.51.100.7", nil])
    }

    @Test("GET /health answers {\"status\":\"ok\"}")
    func health() async throws {
        let response = try await withApp(sink: FailingSink()) { client in
            try await client.execute(uri: "/health", method: .get)
        }
        #expect(response.status == .ok)
        #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
        #expect(response.headers[.contentType] == "application/json")
    }

    @Test("a store failure answers 503 for the requests whose events were not stored")
    func storeFailure() async throws {
        let valid = TrackingFixture.open(1)
        let click = TrackingFixture.click(1, "https://dewpoint.example/")
        let (pixel, invalidPixel, redirect) = try await withApp(sink: FailingSink()) { client in
            (try await client.execute(uri: "/o/\(valid).gif", method: .get),
             try await client.execute(uri: "/o/x\(valid).gif", method: .get),
             try await client.execute(uri: "/c/\(click)", method: .get))
        }
        #expect(pixel.status == .serviceUnavailable)
        #expect(invalidPixel.status == .ok)
        #expect(redirect.status == .serviceUnavailable && redirect.headers[.location] == nil)
    }
}

extension Logger {
    /// A logger that drops everything (tests that expect failures).
    static let quiet = Logger(label: "pitchlab.test") { _ in SwiftLogNoOpLogHandler() }
}

/// A sink whose every write fails.
struct FailingSink: TrackingEventSink {
    struct Failure: Error {}
    func recordTracking(_ events: [TrackingEvent]) throws -> Int { throw Failure() }
}
