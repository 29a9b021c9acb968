import Foundation
import PitchKit
import PitchMail
import PitchStats
import Synchronization
import Testing

/// The campaign sender with a recording transport and a virtual clock.
@Suite("Campaign sender")
struct CampaignSenderTests {
    @Test("each row's outcome is recorded; 5.1.x suppresses; Message-IDs come from the claim")
    func outcomesPerRow() async throws {
        let fixture = try SendFixture(count: 9, address: { i in
            switch i % 3 {
            case 0: "ok\(i)@example.org"
            case 1: "bad\(i)@example.org"
            default: "lost\(i)@example.org"
            }
        })
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let transport = RecordingTransport(clock: clock) { recipient, _ in
            if recipient.hasPrefix("bad") { return .success(.rejected(.stub(550, "5.1.1"), reason: "user unknown")) }
            if recipient.hasPrefix("lost") { return .success(.ambiguous(reason: "connection lost after the data")) }
            return .success(RecordingTransport.ok)
        }
        var rng = SplitMix64(seed: 1)
        let summary = try await fixture.sender(transport, clock: clock, settings: try fixture.settings())
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)

        #expect(summary.sent == 9 && summary.accepted == 3 && summary.rejected == 3 && summary.ambiguous == 3)
        #expect(summary.finished && summary.stopReason == .finished)
        for (email, state) in try fixture.states() {
            let expected: SendLedgerState = email.hasPrefix("ok") ? .accepted : email.hasPrefix("bad") ? .rejected : .ambiguous
            #expect(state == expected)
        }
        #expect(try fixture.test.store.suppressions().count == 3)
        let ledgerIDs = Set(try fixture.test.store.entries(campaign: "launch", state: nil).compactMap(\.messageID))
        #expect(Set(transport.sent.map(\.messageID)) == ledgerIDs)
        #expect(transport.sent.count == 9)

        // A second run sends nothing: ambiguous rows are never resent.
        let again = try await fixture.sender(transport, clock: clock, settings: try fixture.settings())
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
        #expect(again.sent == 0 && transport.sent.count == 9)
    }

    @Test("a 4xx defers with backoff; the run is not finished; a later run retries it")
    func deferredThenRetried() async throws {
        let fixture = try SendFixture(count: 6, address: { $0 < 2 ? "tmp\($0)@slow.example" : "ok\($0)@example.org" })
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let failures = Mutex<Set<String>>([])
        let transport = RecordingTransport(clock: clock) { recipient, _ in
            if recipient.hasPrefix("tmp"), failures.withLock({ $0.insert(recipient).inserted }) {
                return .success(.deferred(.stub(451, "4.2.0"), reason: "try later"))
            }
            return .success(RecordingTransport.ok)
        }
        var rng = SplitMix64(seed: 2)
        let first = try await fixture.sender(transport, clock: clock, settings: try fixture.settings())
            .run(options: CampaignSendOptions(stage: 1, maximumWait: 0), stop: SendStopFlag(), rng: &rng)
        #expect(first.accepted == 4 && first.deferred == 2)
        #expect(!first.finished && first.stopReason == .waiting)
        #expect(first.remainingDeferred == 2)
        let due = try #require(first.nextAttemptAt)
        #expect(due >= SendFixture.t0.addingTimeInterval(60))
        #expect(first.text.contains("Not finished") && !first.text.contains("Finished"))

        // Before the retry time nothing is sent.
        let early = try await fixture.sender(transport, clock: clock, settings: try fixture.settings())
            .run(options: CampaignSendOptions(stage: 1, maximumWait: 0), stop: SendStopFlag(), rng: &rng)
        #expect(early.sent == 0 && !early.finished)

        clock.advance(to: due.addingTimeInterval(1))
        let later = try await fixture.sender(transport, clock: clock, settings: try fixture.settings())
            .run(options: CampaignSendOptions(stage: 1, maximumWait: 4 * 3_600), stop: SendStopFlag(), rng: &rng)
        #expect(later.finished && later.accepted == 2)
        #expect(try fixture.states().values.allSatisfy { $0 == .accepted })
        let perRecipient = Dictionary(grouping: transport.sent, by: \.recipient)
        #expect(perRecipient["tmp0@slow.example"]?.count == 2)
        // The retry reuses the Message-ID fixed at the first claim.
        #expect(Set(perRecipient["tmp0@slow.example"]!.map(\.messageID)).count == 1)
    }

    @Test("421 pauses the domain and never fails its recipients; other domains go on")
    func throttlePausesDomain() async throws {
        let fixture = try SendFixture(count: 12, address: { $0 % 2 == 0 ? "a\($0)@busy.example" : "b\($0)@calm.example" })
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let throttled = Mutex(false)
        let transport = RecordingTransport(clock: clock) { recipient, _ in
            if recipient.hasSuffix("@busy.example"), throttled.withLock({ done in defer { done = true }; return !done }) {
                return .success(.deferred(.stub(421, "4.7.0", "too many messages, slow down"), reason: "throttled"))
            }
            return .success(RecordingTransport.ok)
        }
        var rng = SplitMix64(seed: 3)
        let settings = try fixture.settings(concurrency: 1)
        let first = try await fixture.sender(transport, clock: clock, settings: settings)
            .run(options: CampaignSendOptions(stage: 1, maximumWait: 0), stop: SendStopFlag(), rng: &rng)
        #expect(first.rejected == 0 && !first.finished)
        let states = try fixture.states()
        #expect(states.filter { $0.key.hasSuffix("calm.example") }.values.allSatisfy { $0 == .accepted })
        #expect(states.values.allSatisfy { $0 == .accepted || $0 == .planned || $0 == .deferred })
        #expect(transport.sent.filter { $0.recipient.hasSuffix("busy.example") }.count == 1)
        // The throttled try is not an attempt: the row waits with none counted.
        let waiting = try fixture.test.store.entries(campaign: "launch", state: .deferred)
        #expect(waiting.count == 1 && waiting[0].attempts == 0 && waiting[0].lastReply?.code == 421)

        // Waiting long enough, the same run's successor sends everyone after the pause, once each.
        let rest = try await fixture.sender(transport, clock: clock, settings: settings)
            .run(options: CampaignSendOptions(stage: 1, maximumWait: 3 * 3_600), stop: SendStopFlag(), rng: &rng)
        #expect(rest.finished && rest.rejected == 0)
        #expect(try fixture.states().values.allSatisfy { $0 == .accepted })
        let busy = transport.sent.filter { $0.recipient.hasSuffix("busy.example") }
        #expect(busy.count == 7)  // 6 recipients + the one throttled try
        #expect(try fixture.test.store.entries(campaign: "launch", state: .accepted).allSatisfy { $0.attempts == 1 })
        #expect(busy.dropFirst().allSatisfy { $0.at >= SendFixture.t0.addingTimeInterval(450) })
    }

    @Test("rate limits hold on the injected clock")
    func rateLimit() async throws {
        let fixture = try SendFixture(count: 12)
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let transport = RecordingTransport(clock: clock)
        var rng = SplitMix64(seed: 4)
        let summary = try await fixture.sender(transport, clock: clock, settings: try fixture.settings(limits: [.perMinute(5)], concurrency: 3))
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
        #expect(summary.finished && summary.accepted == 12)
        let times = transport.sent.map(\.at).sorted()
        for (i, time) in times.enumerated() {
            let inWindow = times[i...].prefix { $0 < time.addingTimeInterval(60) }.count
            #expect(inWindow <= 5)
        }
        #expect(times.last! >= SendFixture.t0.addingTimeInterval(120))
    }

    @Test("send windows hold in each recipient's time zone")
    func sendWindow() async throws {
        let zones = ["Asia/Tokyo", "America/New_York", "Europe/Paris"]
        let fixture = try SendFixture(count: 9, timezone: { zones[$0 % 3] })
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let transport = RecordingTransport(clock: clock)
        let window = SendWindow(weekdays: Weekday.workdays, hours: [try #require(TimeOfDayRange(parsing: "09:00-17:00"))],
                                fallbackTimeZone: TimeZone(identifier: "UTC")!)
        var rng = SplitMix64(seed: 5)
        let summary = try await fixture.sender(transport, clock: clock, settings: try fixture.settings(window: window))
            .run(options: CampaignSendOptions(stage: 1, maximumWait: 4 * 86_400), stop: SendStopFlag(), rng: &rng)
        #expect(summary.finished && summary.accepted == 9)
        let zoneOf = Dictionary(uniqueKeysWithValues: fixture.recipients.map { ($0.email, $0.fields.timezone ?? "") })
        for sent in transport.sent {
            #expect(window.isOpen(at: sent.at, timeZone: TimeZone(identifier: zoneOf[sent.recipient]!)!))
        }
        // Friday 08:00 UTC is 17:00 in Tokyo (closed until Monday) and 04:00 in New York.
        #expect(transport.sent.filter { zoneOf[$0.recipient] == "Asia/Tokyo" }.allSatisfy { $0.at > SendFixture.t0.addingTimeInterval(2 * 86_400) })
    }

    @Test("--limit sends at most N; the rest stays planned and the run is not finished")
    func limit() async throws {
        let fixture = try SendFixture(count: 10)
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let transport = RecordingTransport(clock: clock)
        var rng = SplitMix64(seed: 6)
        let summary = try await fixture.sender(transport, clock: clock, settings: try fixture.settings(concurrency: 4))
            .run(options: CampaignSendOptions(stage: 1, limit: 3), stop: SendStopFlag(), rng: &rng)
        #expect(summary.sent == 3 && transport.sent.count == 3)
        #expect(summary.stopReason == .limit && !summary.finished && summary.remainingPlanned == 7)
    }

    @Test("a TransportError stops the run; its row is deferred, never lost, and sent once later")
    func transportErrorStops() async throws {
        let fixture = try SendFixture(count: 6)
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let broken = RecordingTransport(clock: clock) { _, call in
            call == 3 ? .failure(TransportError(.loginRefused, "the relay refused the login; check smtp.username.")) : .success(RecordingTransport.ok)
        }
        var rng = SplitMix64(seed: 7)
        let summary = try await fixture.sender(broken, clock: clock, settings: try fixture.settings(concurrency: 1))
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
        #expect(summary.stopReason == .transportError)
        #expect(summary.error?.contains("refused the login") == true)
        #expect(broken.sent.count == 3 && summary.accepted == 2)
        let states = try fixture.test.store.stateCounts(campaign: "launch")
        #expect(states[.sending] == nil && states[.deferred] == 1 && states[.planned] == 3)

        let working = RecordingTransport(clock: clock)
        let rest = try await fixture.sender(working, clock: clock, settings: try fixture.settings(concurrency: 1))
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
        #expect(rest.finished && rest.accepted == 4)
        let accepted = Set(broken.sent.prefix(2).map(\.recipient))
        #expect(Set(working.sent.map(\.recipient)).isDisjoint(with: accepted))
    }

    @Test("a stop request finishes the batch in flight, records it, and a new run resumes")
    func stopAndResume() async throws {
        let fixture = try SendFixture(count: 20)
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let stop = SendStopFlag()
        let transport = RecordingTransport(clock: clock, onSend: { call in if call == 6 { stop.set() } })
        var rng = SplitMix64(seed: 8)
        let first = try await fixture.sender(transport, clock: clock, settings: try fixture.settings(concurrency: 4))
            .run(options: CampaignSendOptions(stage: 1), stop: stop, rng: &rng)
        #expect(first.stopReason == .interrupted && first.sent == 8)
        #expect(try fixture.test.store.stateCounts(campaign: "launch")[.sending] == nil)
        let rest = try await fixture.sender(transport, clock: clock, settings: try fixture.settings(concurrency: 4))
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
        #expect(rest.finished && rest.sent == 12)
        #expect(Set(transport.sent.map(\.recipient)).count == 20 && transport.sent.count == 20)
    }

    @Test("rows left sending by a killed run become ambiguous and are never sent")
    func recoversInterrupted() async throws {
        let fixture = try SendFixture(count: 5)
        defer { fixture.remove() }
        let ids = try fixture.test.store.entries(campaign: "launch", state: .planned).map(\.id)
        _ = try fixture.test.store.claim(Array(ids.prefix(2)), now: SendFixture.t0, messageIDDomain: "brand.example")
        let clock = SendTestClock(SendFixture.t0)
        let transport = RecordingTransport(clock: clock)
        var rng = SplitMix64(seed: 9)
        let summary = try await fixture.sender(transport, clock: clock, settings: try fixture.settings())
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
        #expect(summary.recoveredAmbiguous == 2 && summary.sent == 3)
        #expect(try fixture.test.store.stateCounts(campaign: "launch")[.ambiguous] == 2)
    }

    @Test("a dry run composes every row and writes nothing")
    func dryRun() async throws {
        let fixture = try SendFixture(count: 7)
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let transport = RecordingTransport(clock: clock)
        var rng = SplitMix64(seed: 10)
        let summary = try await fixture.sender(transport, clock: clock, settings: try fixture.settings())
            .run(options: CampaignSendOptions(stage: 1, dryRun: true), stop: SendStopFlag(), rng: &rng)
        #expect(summary.dryRun && summary.sent == 7 && summary.problems.isEmpty)
        #expect(transport.sent.isEmpty)
        #expect(try fixture.test.store.stateCounts(campaign: "launch") == [.planned: 7])
    }

    @Test("a stage without ledger rows asks for pitchlab plan")
    func nothingPlanned() async throws {
        let fixture = try SendFixture(count: 2)
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        var rng = SplitMix64(seed: 11)
        await #expect(throws: CampaignSendError.self) {
            _ = try await fixture.sender(RecordingTransport(clock: clock), clock: clock, settings: try fixture.settings())
                .run(options: CampaignSendOptions(stage: 2), stop: SendStopFlag(), rng: &rng)
        }
    }

    @Test("from 8 in flight, halves overlap: never more than `concurrency` rows sending, each row sent once")
    func overlappingHalves() async throws {
        let fixture = try SendFixture(count: 100)
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let store = fixture.test.store
        let most = Mutex(0)
        let transport = RecordingTransport(clock: clock, onSend: { _ in
            let sending = (try? store.stateCounts(campaign: "launch")[.sending]) ?? nil
            most.withLock { $0 = max($0, sending ?? 0) }
        })
        var rng = SplitMix64(seed: 11)
        let summary = try await fixture.sender(transport, clock: clock, settings: try fixture.settings(concurrency: 16))
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
        #expect(summary.finished && summary.accepted == 100 && summary.sent == 100)
        let peak = most.withLock { $0 }
        #expect(peak <= 16 && peak > 0)
        #expect(Set(transport.sent.map(\.recipient)).count == 100 && transport.sent.count == 100)
        #expect(try store.stateCounts(campaign: "launch")[.sending] == nil)
    }

    @Test("with halves in flight, a TransportError leaves no row sending and loses none")
    func overlappingTransportError() async throws {
        let fixture = try SendFixture(count: 60)
        defer { fixture.remove() }
        let clock = SendTestClock(SendFixture.t0)
        let broken = RecordingTransport(clock: clock) { _, call in
            call >= 20 ? .failure(TransportError(.loginRefused, "the relay refused the login; check smtp.username.")) : .success(RecordingTransport.ok)
        }
        var rng = SplitMix64(seed: 12)
        let summary = try await fixture.sender(broken, clock: clock, settings: try fixture.settings(concurrency: 8))
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
        #expect(summary.stopReason == .transportError)
        let states = try fixture.test.store.stateCounts(campaign: "launch")
        #expect(states[.sending] == nil && states[.ambiguous] == nil)
        #expect(states[.accepted] == 19 && summary.accepted == 19)
        let deferred = states[.deferred] ?? 0, accepted = states[.accepted] ?? 0, planned = states[.planned] ?? 0
        #expect(deferred >= 1 && deferred <= 8)
        #expect(accepted + deferred + planned == 60)

        let working = RecordingTransport(clock: clock)
        let rest = try await fixture.sender(working, clock: clock, settings: try fixture.settings(concurrency: 8))
            .run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
        #expect(rest.finished && rest.accepted == 41)
        #expect(Set(working.sent.map(\.recipient)).isDisjoint(with: Set(broken.sent.prefix(19).map(\.recipient))))
    }
}
