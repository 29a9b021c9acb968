import Foundation
import PitchKit
import PitchMail
import Testing

/// Raw hits in the store, classified per stats.md §2.3 and summed per variant.
@Suite("Open report")
struct OpenReportTests {
    @Test("MPP, Google cache fill and refetch, scanner, human pixel, human click; unsubscribe suppresses")
    func classifiesStoredHits() throws {
        let fixture = try SendFixture(count: 6)
        defer { fixture.remove() }
        let store = fixture.test.store
        let t0 = SendFixture.t0
        let ids = try store.entries(campaign: "launch", state: nil).map(\.id)
        let claim = try store.claim(ids, now: t0, messageIDDomain: "brand.example")
        try store.record(
            claim.sending.map { LedgerOutcome(entryID: $0.entryID, result: .accepted(.stub(250, "2.0.0"))) }, now: t0)
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
        let events = [
            // 0: Apple MPP (bare agent within 10 min): not trackable.
            TrackingEvent(kind: .open, entryID: ids[0], at: t0.addingTimeInterval(40), ip: "203.0.113.9", userAgent: "Mozilla/5.0"),
            // 1: Gmail proxy: the first fetch is a cache fill, the one 5 min later a human open.
            TrackingEvent(kind: .open, entryID: ids[1], at: t0.addingTimeInterval(20), ip: "66.249.84.1",
                          userAgent: "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"),
            TrackingEvent(kind: .open, entryID: ids[1], at: t0.addingTimeInterval(320), ip: "66.249.84.1",
                          userAgent: "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"),
            // 2: a scanner within seconds of delivery, nothing else.
            TrackingEvent(kind: .open, entryID: ids[2], at: t0.addingTimeInterval(3), ip: "198.51.100.7",
                          userAgent: "Mozilla/5.0 (compatible; Microsoft Safe Links; Defender)"),
            // 3: a person opens an hour later.
            TrackingEvent(kind: .open, entryID: ids[3], at: t0.addingTimeInterval(3_600), ip: "198.51.100.20", userAgent: chrome),
            // 4: no pixel (images blocked), but a human click an hour later.
            TrackingEvent(kind: .click, entryID: ids[4], at: t0.addingTimeInterval(3_700), ip: "198.51.100.21", userAgent: chrome,
                          destination: "https://brand.example/brief"),
            // 5: one-click unsubscribe.
            TrackingEvent(kind: .unsubscribe, entryID: ids[5], at: t0.addingTimeInterval(7_200), ip: "198.51.100.22", userAgent: chrome),
            // An unknown row is dropped, never an error.
            TrackingEvent(kind: .open, entryID: 999_999, at: t0, ip: "198.51.100.23", userAgent: chrome),
        ]
        #expect(try store.recordTracking(events) == events.count - 1)
        #expect(try store.suppressions().count == 1)

        let report = try OpenReport.build(campaign: "launch", store: store, classifier: OpenClassifier())
        let row = try #require(report.rows.first)
        #expect(report.rows.count == 1 && row.delivered == 6)
        #expect(row.mppRecipients == 1 && row.trackable == 5)
        #expect(row.humanOpens == 3)  // Google refetch, human pixel, human click
        #expect(row.rawOpens == 4 && row.humanClicks == 1)
        #expect(row.hits == ["apple_proxy": 1, "google_proxy": 2, "scanner": 1, "human": 1, "click_human": 1])
        #expect(row.humanOpenRate == 3.0 / 5.0)
        #expect(report.classifiedHits == 6)

        // Recomputable: tighter windows change the classes, from the same raw hits.
        var strict = OpenClassifier.Configuration()
        strict.appleUserAgentWindow = 10
        let again = try OpenReport.build(campaign: "launch", store: store, classifier: OpenClassifier(configuration: strict))
        #expect(again.rows.first?.mppRecipients == 0 && again.rows.first?.hits["apple_proxy"] == nil)
    }
}
