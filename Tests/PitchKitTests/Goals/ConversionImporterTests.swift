import Foundation
import Testing

@testable import PitchKit

/// `pitchlab conversions import`: attribution by code and URL, row errors, idempotency.
@Suite("Conversions import")
struct ConversionImporterTests {
    let now = GoalsTestSupport.t0.addingTimeInterval(30 * GoalsTestSupport.day)

    static let ordersCSV = """
        order_id,code,url,amount,date,kind
        1001,aiko15,,49.90,2026-05-02,order
        1002,,https://www.Brand.example/r/zoe/?utm_source=tiktok,"1,120.00",2026-05-03 10:00:00,
        1003,NOPE99,,30,2026-05-03,order
        1004,ZOE20,,abc,2026-05-04,order
        1005,ZOE20,,10,05/04/2026,order
        ,AIKO15,,,2026-05-05,post
        ,AIKO15,,,2026-05-05T09:30:00+02:00,signup
        1006,SHARED,,20,2026-05-06,order
        1007,NOPE,brand.example/r/aiko,15,2026-05-06,order

        """

    @Test("codes match case-insensitively, URLs after normalisation; bad rows are listed with line and field, the rest imported")
    func attribution() throws {
        let test = try GoalsTestSupport.workspace()
        defer { test.remove() }
        let file = try test.write("orders.csv", Self.ordersCSV)
        let summary = try ConversionImporter().importFile(at: file, displayPath: "orders.csv", into: test.store, now: now)
        #expect(summary.rows == 9)
        #expect(summary.imported == 5 && summary.duplicates == 0 && summary.rejected == 4)
        #expect(summary.errors.map(\.line) == [4, 5, 6, 9])
        #expect(summary.errors.map(\.field) == ["code", "amount", "date", "code"])
        #expect(summary.errors[0].reason.contains("'NOPE99' matches no creator"))
        #expect(summary.errors[3].reason.contains("2 creators"))
        #expect(!summary.errors.contains { $0.reason.contains("@") })

        let recipients = Dictionary(uniqueKeysWithValues: try test.store.recipients().map { ($0.fields.handle ?? "", $0.id) })
        let stored = try test.store.conversions()
        #expect(stored.count == 5)
        let byKind = Dictionary(grouping: stored, by: \.kind)
        #expect(byKind[.order]?.count == 3 && byKind[.post]?.count == 1 && byKind[.signup]?.count == 1)
        let zoe = try #require(stored.first { $0.amount == 1120 })
        #expect(zoe.recipientID == recipients["@zoe"] && zoe.matchedBy == .url)
        #expect(zoe.occurredAt == GoalsTestSupport.t0.addingTimeInterval(2 * GoalsTestSupport.day + 10 * 3600))
        let aiko = try #require(stored.first { $0.amount == 49.9 })
        #expect(aiko.recipientID == recipients["@aiko"] && aiko.matchedBy == .code)
        // An unknown code with a URL that matches is tied by the URL.
        let byURL = try #require(stored.first { $0.amount == 15 })
        #expect(byURL.recipientID == recipients["@aiko"] && byURL.matchedBy == .url)
        // A time with a zone is read in that zone.
        let signup = try #require(byKind[.signup]?.first)
        #expect(signup.occurredAt == GoalsTestSupport.t0.addingTimeInterval(4 * GoalsTestSupport.day + 7.5 * 3600))
    }

    @Test("re-importing adds nothing; identical rows without an order id are kept apart and stay idempotent")
    func idempotent() throws {
        let test = try GoalsTestSupport.workspace()
        defer { test.remove() }
        let file = try test.write("orders.csv", Self.ordersCSV)
        _ = try ConversionImporter().importFile(at: file, into: test.store, now: now)
        let again = try ConversionImporter().importFile(at: file, into: test.store, now: now)
        #expect(again.imported == 0 && again.duplicates == 5 && again.rejected == 4)
        #expect(try test.store.conversions().count == 5)

        let signups = try test.write("signups.csv", "code,date,kind\nzoe10,2026-05-07,signup\nZOE10,2026-05-07,signup\n")
        let first = try ConversionImporter().importFile(at: signups, into: test.store, now: now)
        #expect(first.imported == 2)
        let second = try ConversionImporter().importFile(at: signups, into: test.store, now: now)
        #expect(second.imported == 0 && second.duplicates == 2)
        // A later export that repeats the rows and adds one adds only the new one.
        let longer = try test.write("signups2.csv", "code,date,kind\nzoe10,2026-05-07,signup\nZOE10,2026-05-07,signup\nzoe10,2026-05-07,signup\n")
        let third = try ConversionImporter().importFile(at: longer, into: test.store, now: now)
        #expect(third.imported == 1 && third.duplicates == 2)
    }

    @Test("an order without an amount, a future date and an unknown kind are row errors")
    func rowErrors() throws {
        let batch = try ConversionImporter().parse(
            data: Data("code,amount,date,kind\nAIKO15,,2026-05-02,order\nAIKO15,5,2031-01-01,order\nAIKO15,5,2026-05-02,refund\nAIKO15,-5,2026-05-02,\n".utf8),
            file: "orders.csv", now: now)
        #expect(batch.rows == 4 && batch.candidates.isEmpty)
        #expect(batch.rejected.map(\.field) == ["amount", "date", "kind", "amount"])
        #expect(batch.rejected.map(\.line) == [2, 3, 4, 5])
        #expect(batch.rejected[1].reason.contains("future"))
    }

    @Test("dates: a day, a UTC time, a time with a zone (Shopify's +0200), ISO 8601")
    func dates() throws {
        let batch = try ConversionImporter().parse(
            data: Data("code,date,kind\nA,2026-05-03,post\nA,2026-05-03 12:00,post\nA,2026-05-03 14:00:00 +0200,post\nA,2026-05-03T12:00:00Z,post\nA,2026-05-03T14:00:00+02:00,post\n".utf8),
            file: "posts.csv", now: now)
        #expect(batch.rejected.isEmpty)
        let noon = GoalsTestSupport.t0.addingTimeInterval(2 * GoalsTestSupport.day + 12 * 3600)
        #expect(batch.candidates.map(\.occurredAt) == [noon.addingTimeInterval(-12 * 3600), noon, noon, noon, noon])
    }

    @Test("a file without a date column, or with neither code nor url, imports nothing and names the file")
    func fileErrors() throws {
        func failure(_ text: String) -> ConversionImportError? {
            do {
                _ = try ConversionImporter().parse(data: Data(text.utf8), file: "orders.csv", now: now)
                return nil
            } catch {
                return error
            }
        }
        let noDate = try #require(failure("code,amount\nAIKO15,5\n"))
        #expect(noDate.kind == .missingColumn && noDate.description.hasPrefix("orders.csv: the header has no date column"))
        #expect(failure("amount,date\n5,2026-05-01\n")?.kind == .missingColumn)
        #expect(failure("total,amount,code,date\n")?.kind == .ambiguousColumns)
        #expect(failure("\n\n")?.kind == .invalidHeader)
    }

    @Test("URL normalisation ignores scheme, www., tracking parameters, fragment and trailing slash, not path case")
    func urlNormalisation() {
        let same = [
            "https://brand.example/r/aiko", "http://www.BRAND.example/r/aiko/", "brand.example/r/aiko?utm_source=tt&fbclid=1",
            "https://brand.example:443/r/aiko#top",
        ]
        #expect(Set(same.compactMap(CreatorAttribution.normalizedURL)) == ["brand.example/r/aiko"])
        #expect(CreatorAttribution.normalizedURL("https://brand.example/r/AIKO") == "brand.example/r/AIKO")
        #expect(CreatorAttribution.normalizedURL("brand.example/?b=2&a=1") == "brand.example?a=1&b=2")
        #expect(CreatorAttribution.normalizedURL("not a url") == nil)
    }
}
