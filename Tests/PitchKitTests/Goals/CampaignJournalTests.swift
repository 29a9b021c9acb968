import Foundation
import Testing

@testable import PitchKit

/// `pitchlab note` and `pitchlab journal`: notes, and facts derived from the ledger and the replies.
@Suite("Campaign journal")
struct CampaignJournalTests {
    let t0 = GoalsTestSupport.t0
    let hour: TimeInterval = 3600

    private func eml(from: String, inReplyTo: String, id: String, hoursAfter: Double, body: String, extraHeaders: String = "") -> [UInt8] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let date = formatter.string(from: t0.addingTimeInterval(hoursAfter * hour))
        let text = """
            From: Creator <\(from)>
            To: partners@brand.example
            Subject: Re: A kit for your routine
            Message-ID: <\(id)>
            In-Reply-To: <\(inReplyTo)>
            References: <\(inReplyTo)>
            Date: \(date)
            \(extraHeaders)Content-Type: text/plain; charset=utf-8

            \(body)
            """
        return Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }

    @Test("notes, pitch-to-reply times, negotiations with their amounts, and posts published")
    func journal() throws {
        let test = try GoalsTestSupport.workspace()
        defer { test.remove() }
        let pitches = try GoalsTestSupport.pitchEveryone(test, campaign: "spring", acceptedAt: t0)
        let ingestor = ReplyIngestor(store: test.store)
        let replies: [[UInt8]] = [
            eml(from: "aiko@example.com", inReplyTo: pitches["@aiko"] ?? "", id: "r1@example.com", hoursAfter: 5, body: """
                What's your budget for this? My rate is 400 EUR per video.

                On Fri, 1 May 2026 at 09:00, Maya <partners@brand.example> wrote:
                > We'd like to offer a $350 fee plus our kit.
                """),
            eml(from: "zoe@example.org", inReplyTo: pitches["@zoe"] ?? "", id: "r2@example.org", hoursAfter: 29,
                body: "Sounds great, I'm in! Send me the details."),
            eml(from: "sam@example.org", inReplyTo: pitches["@sam"] ?? "", id: "r3@example.org", hoursAfter: 11, body: """
                What's your budget for this? The fee is too low for me.

                > We'd like to offer a $350 fee plus our kit.
                """),
            eml(from: "maya@example.com", inReplyTo: pitches["@maya"] ?? "", id: "r4@example.com", hoursAfter: 1,
                body: "I am out of the office until Monday.", extraHeaders: "Auto-Submitted: auto-replied\n"),
        ]
        for (index, raw) in replies.enumerated() {
            let record = ingestor.record(for: raw, source: "reply\(index).eml")
            _ = try test.store.recordInbound(record, now: t0.addingTimeInterval(48 * hour))
        }
        try test.store.addNote(campaign: "spring", text: "Switched to the bigger-fee offer", at: t0.addingTimeInterval(24 * hour))
        try test.store.addNote(campaign: "other", text: "not this campaign", at: t0)
        try test.store.addNote(campaign: "spring", text: "Started stage 1", at: t0)
        let posts = try test.write("posts.csv", "code,date,kind\nAIKO15,2026-05-04,post\nAIKO15,2026-05-06,post\nzoe20,2026-05-05,post\n")
        _ = try ConversionImporter().importFile(at: posts, into: test.store, now: t0.addingTimeInterval(10 * 24 * hour))

        let journal = try CampaignJournal.make(campaign: "spring", store: test.store)
        #expect(journal.notes.map(\.text) == ["Started stage 1", "Switched to the bigger-fee offer"])
        #expect(journal.pitched == 5 && journal.firstPitchAt == t0)
        #expect(journal.replied == 3)
        #expect(journal.replyTime == CampaignJournal.ReplyTimes(count: 3, medianHours: 11, meanHours: 15, minHours: 5, maxHours: 29))
        #expect(journal.negotiated == 2)
        #expect(journal.negotiations.map(\.creator.handle) == ["@aiko", "@sam"])
        #expect(journal.negotiations[0].amount?.value == 400 && journal.negotiations[0].amount?.currency == "EUR")
        // The quoted pitch's $350 is not read as the creator's price.
        #expect(journal.negotiations[1].amount == nil)
        #expect(journal.postsPublished == 3 && journal.creatorsPosted == 2)

        let text = try JSONOutput.string(journal)
        #expect(!text.contains("@example.com") && !text.contains("@example.org"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == [
            "campaign", "notes", "pitched", "first_pitch_at", "replied", "reply_time", "negotiated", "negotiations",
            "posts_published", "creators_posted",
        ])
        #expect(journal.textLines.contains { $0.contains("@aiko (#1): asked 400 EUR") })
    }

    @Test("an empty campaign has no facts yet, and says so")
    func empty() throws {
        let test = try GoalsTestSupport.workspace()
        defer { test.remove() }
        let journal = try CampaignJournal.make(campaign: "spring", store: test.store)
        #expect(journal.pitched == 0 && journal.replyTime == nil && journal.negotiations.isEmpty && journal.postsPublished == 0)
        #expect(journal.textLines.contains("  no pitch accepted yet"))
    }

    @Test("amounts in reply text: $400, 400€, 400 EUR, grouped thousands, k, currency words")
    func amounts() {
        func first(_ text: String) -> String { MoneyAmount.first(in: text).map { "\($0.value) \($0.currency ?? "?")" } ?? "none" }
        #expect(first("My rate is $400 per video") == "400.0 USD")
        #expect(first("ce serait 400€ pour une vidéo") == "400.0 EUR")
        #expect(first("I charge 400 EUR.") == "400.0 EUR")
        #expect(first("€1.200,50 for two") == "1200.5 EUR")
        #expect(first("US$ 1,200 for the bundle") == "1200.0 USD")
        #expect(first("around $1.5k") == "1500.0 USD")
        #expect(first("2 500 € minimum") == "2500.0 EUR")
        #expect(first("350 dollars and the kit") == "350.0 USD")
        #expect(first("£350") == "350.0 GBP")
        #expect(first("I have 3 videos planned for 2026") == "none")
        #expect(MoneyAmount.all(in: "$400 for one, $700 for two").map(\.value) == [400, 700])
    }
}
