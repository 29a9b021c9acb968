import Foundation
import Hummingbird
import HummingbirdTesting
import PitchKit
import PitchMail
import PitchServer
import PitchTestSupport
import Synchronization
import Testing

/// `pitchlab serve` as a real process on a loopback port, over real HTTP.
@Suite("pitchlab serve (live)", .serialized)
struct ServeCommandLiveTests {
    @Test("pixel, click, unsubscribe and health over HTTP; SIGTERM exits 0 with every hit stored")
    func endToEnd() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let server = try ServeProcess.start(workspace: fixture.directory)
        #expect(server.stdout == "listening on http://127.0.0.1:\(server.port)\n")
        let (open, click, unsubscribe) = (fixture.accepted[0], fixture.accepted[1], fixture.accepted[2])
        let destination = "https://dewpoint.example/kit?ref=pitch"
        do {
            try await TestClient.withClient(host: "127.0.0.1", port: server.port) { client in
                let pixel = try await client.get("/o/\(TrackingFixture.open(open.id)).gif", headers: [.userAgent: "Mail/1.0"])
                #expect(pixel.status == .ok && pixel.headers[.contentType] == "image/gif")
                #expect(pixel.body.map { Array(buffer: $0) } == TrackingPages.pixelBytes)
                let forged = try await client.get("/o/\(TrackingFixture.open(open.id, codec: TrackingFixture.otherCodec)).gif")
                #expect(forged.status == .ok && forged.body == pixel.body)

                let redirect = try await client.get("/c/\(TrackingFixture.click(click.id, destination))")
                #expect(redirect.status == .found && redirect.headers[.location] == destination)
                let notFound = try await client.get("/c/\(TrackingFixture.click(click.id, destination).dropLast())")
                #expect(notFound.status == .notFound && notFound.headers[.location] == nil)

                let page = try await client.get("/u/\(TrackingFixture.unsubscribe(unsubscribe.id))")
                #expect(page.status == .ok)
                #expect(try fixture.store.suppressions().isEmpty)
                let posted = try await client.post(
                    "/u/\(TrackingFixture.unsubscribe(unsubscribe.id))",
                    headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
                #expect(posted.status == .ok)

                let health = try await client.get("/health")
                #expect(health.status == .ok && health.body.map { String(buffer: $0) } == #"{"status":"ok"}"#)
            }
        } catch {
            _ = server.terminate()
            throw error
        }
        #expect(server.terminate() == 0, "stderr: \(server.stderr)")
        #expect(server.stdout == "listening on http://127.0.0.1:\(server.port)\n")
        let hits = try fixture.store.trackingHits()
        #expect(hits.map(\.kind) == [.open, .click, .unsubscribe])
        #expect(hits[0].entryID == open.id && hits[0].ip == "127.0.0.1" && hits[0].userAgent == "Mail/1.0")
        #expect(hits[0].sinceAccepted != nil)
        #expect(hits[1].destination == destination)
        #expect(try fixture.store.suppressions().map(\.email) == [fixture.emailKey(of: unsubscribe)])
        let logs = server.stdout + server.stderr
        #expect(!logs.contains("@") && !logs.contains(TrackingFixture.keyHex))
        #expect(!logs.contains(TrackingFixture.open(open.id)))
    }

    @Test("hits are written safely while another process writes the ledger of the same workspace")
    func concurrentLedgerWriter() async throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        let server = try ServeProcess.start(workspace: fixture.directory)
        let store = fixture.store
        let recipients = try store.recipients().map(\.id)
        let variant = CampaignVariant(
            template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))
        let tokens = fixture.accepted.map { TrackingFixture.open($0.id) }
        let perClient = 150, clients = 4
        let statuses: [HTTPResponse.Status]
        let rounds: Int
        let httpDone = Flag()
        do {
            // The "send" side: plan, claim and record in their own transactions, a batch every few
            // milliseconds as a sender on a fast relay would, until every request has been answered
            // (and at least 20 rounds).
            let writer = Task.detached { () throws -> Int in
                var round = 0
                while round < 20 || !httpDone.isSet {
                    let campaign = "concurrent-\(round)"
                    try store.plan(recipients.map { PlannedSend(campaign: campaign, recipientID: $0, stage: 1, variant: variant) }, now: Date())
                    let ids = try store.entries(campaign: campaign, state: .planned).map(\.id)
                    let claimed = try store.claim(ids, now: Date(), messageIDDomain: "brand.example")
                    try store.record(
                        claimed.sending.map { LedgerOutcome(entryID: $0.entryID, result: .accepted(SMTPReply(code: 250, enhancedCode: nil, text: "ok"))) },
                        now: Date())
                    round += 1
                    usleep(2_000)
                }
                return round
            }
            statuses = try await withThrowingTaskGroup(of: [HTTPResponse.Status].self) { group in
                for worker in 0..<clients {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: server.port) { client in
                            var statuses: [HTTPResponse.Status] = []
                            for index in 0..<perClient {
                                statuses.append(try await client.get("/o/\(tokens[(worker + index) % tokens.count]).gif").status)
                            }
                            return statuses
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            httpDone.set()
            rounds = try await writer.value
        } catch {
            httpDone.set()
            _ = server.terminate()
            throw error
        }
        #expect(server.terminate() == 0, "stderr: \(server.stderr)")
        #expect(statuses.count == perClient * clients && statuses.allSatisfy { $0 == .ok })
        #expect(rounds >= 20)
        #expect(try store.trackingHitCounts()[.open] == perClient * clients)
        #expect(try (0..<rounds).allSatisfy { try store.stateCounts(campaign: "concurrent-\($0)")[.accepted] == recipients.count })
        #expect(!server.stderr.contains("not stored"))
    }

    @Test("a missing or short tracking key stops serve with one clear sentence and a non-zero status")
    func missingKey() throws {
        let fixture = try TrackingFixture()
        defer { fixture.remove() }
        for (key, expected) in [(String?.none, "PITCHLAB_TRACKING_KEY is not set"), ("abcd", "PITCHLAB_TRACKING_KEY holds 2 bytes")] {
            let server = try ServeProcess.spawn(workspace: fixture.directory, key: key)
            let status = server.wait()
            #expect(status != 0 && status != -1)
            #expect(server.stderr.contains(expected), "\(server.stderr)")
            #expect(server.stdout.isEmpty)
            #expect(!server.stderr.contains("abcd"))
        }
    }
}

/// A flag set once, read from another task.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
