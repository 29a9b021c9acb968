import Foundation
import GRDB
@testable import PitchKit
import PitchMail
import PitchStats
import Testing

@Suite("Stored dates")
struct StoredDateTests {
    @Test("the ledger's date text is exactly GRDB's, and reads back to the same millisecond")
    func matchesGRDB() throws {
        var rng = SplitMix64(seed: 2026)
        var dates: [Date] = [
            Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.0005), Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            Date(timeIntervalSince1970: 1_798_761_599.9999), Date.distantFuture, Date(timeIntervalSince1970: 4_102_444_800),
        ]
        for _ in 0..<20_000 {
            // 1990…2100, with sub-millisecond parts to exercise truncation.
            dates.append(Date(timeIntervalSince1970: 631_152_000 + Double(rng.next() % 3_471_292_800_000) / 1000 + Double(rng.next() % 1000) / 1e6))
        }
        for date in dates {
            let ours = SQLiteCampaignStore.storedDate(date)
            #expect(ours == date.databaseValue, "\(date.timeIntervalSince1970)")
            let back = try #require(Date.fromDatabaseValue(ours))
            #expect(abs(back.timeIntervalSince(date)) < 0.001)
        }
    }

    @Test("the RFC 5322 date header keeps its form")
    func rfc5322() {
        #expect(MessageComposer.rfc5322Date(Date(timeIntervalSince1970: 1_795_865_738)) == "Sat, 28 Nov 2026 11:35:38 +0000")
        #expect(MessageComposer.rfc5322Date(Date(timeIntervalSince1970: -1)) == "Wed, 31 Dec 1969 23:59:59 +0000")
        #expect(MessageComposer.rfc5322Date(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 +0000")
    }
}
