import Foundation
import Testing

@testable import PitchKit

/// `pitchlab goal`: progress and linear pace, with an injected clock.
@Suite("Goal progress and pace")
struct GoalReportTests {
    let day = GoalsTestSupport.day
    let t0 = GoalsTestSupport.t0

    private func goal(_ metric: GoalMetric, _ target: Double, days: Double = 40, by: GoalMeasurement = .codeOrURL) -> CampaignGoal {
        CampaignGoal(
            description: "kit sales",
            measure: .init(metric: metric, target: target, measuredBy: by, deadline: t0.addingTimeInterval(days * day)), line: 30)
    }

    private func conversion(_ id: Int64, _ kind: ConversionKind, amount: Double? = nil, dayOffset: Double, match: ConversionMatch = .code)
        -> StoredConversion
    {
        StoredConversion(
            id: id, key: "k\(id)", kind: kind, recipientID: 1, matchedBy: match, amount: amount,
            occurredAt: t0.addingTimeInterval(dayOffset * day))
    }

    @Test("on track: the linear pace from the first accepted pitch reaches the target by the deadline")
    func onTrack() throws {
        let conversions = [
            conversion(1, .order, amount: 600, dayOffset: 2), conversion(2, .order, amount: 400, dayOffset: 8, match: .url),
            conversion(3, .signup, dayOffset: 3),
        ]
        let report = try GoalReport.make(
            campaign: "spring", goal: goal(.sales, 3000), conversions: conversions, startedAt: t0, now: t0.addingTimeInterval(10 * day))
        #expect(report.progress == 1000 && report.conversions == 2)
        #expect(abs(report.percent - 100.0 / 3) < 1e-9)
        let pace = try #require(report.pace)
        #expect(pace.elapsedDays == 10 && pace.totalDays == 40 && pace.perDay == 100 && pace.projected == 4000)
        #expect(pace.remaining == 2000 && pace.daysLeft == 30 && abs((pace.neededPerDay ?? 0) - 2000.0 / 30) < 1e-9)
        #expect(report.status == .onTrack)
        #expect(report.message.hasPrefix("on track: 1,000.00 of 3,000.00 in sales (33.3%)"))
        #expect(report.message.contains("projects 4,000.00 by 2026-06-10"))
    }

    @Test("behind: the projection falls short, and the message says by how much and what is needed")
    func behind() throws {
        let conversions = (1...3).map { conversion(Int64($0), .post, dayOffset: Double($0)) }
        let report = try GoalReport.make(
            campaign: "spring", goal: goal(.posts, 20), conversions: conversions, startedAt: t0, now: t0.addingTimeInterval(10 * day))
        #expect(report.progress == 3 && report.status == .behind)
        #expect(report.pace?.projected == 12)
        #expect(report.message.hasPrefix("behind: 3 of 20 posts (15%)"))
        #expect(report.message.contains("projects 12 by 2026-06-10, 8 short"))
        #expect(report.message.contains("0.57 a day is needed for the 30 days left"))
    }

    @Test("measured_by and the window: only matching conversions from the start's day to the deadline count")
    func window() throws {
        let conversions = [
            conversion(1, .order, amount: 10, dayOffset: -3), conversion(2, .order, amount: 20, dayOffset: 1),
            conversion(3, .order, amount: 40, dayOffset: 2, match: .url), conversion(4, .order, amount: 80, dayOffset: 50),
        ]
        let report = try GoalReport.make(
            campaign: "spring", goal: goal(.orders, 10, by: .code), conversions: conversions,
            startedAt: t0.addingTimeInterval(0.5 * day), now: t0.addingTimeInterval(20 * day))
        #expect(report.progress == 1 && report.beforeStart == 1 && report.afterDeadline == 1)
    }

    @Test("no data: before the first accepted pitch, without conversions, and within the first day")
    func noData() throws {
        let one = [conversion(1, .order, amount: 5, dayOffset: 0.1)]
        let notStarted = try GoalReport.make(campaign: "s", goal: goal(.sales, 100), conversions: one, startedAt: nil, now: t0)
        #expect(notStarted.status == .noData && notStarted.pace == nil && notStarted.message.contains("no pitch has been accepted yet"))
        let nothing = try GoalReport.make(campaign: "s", goal: goal(.sales, 100), conversions: [], startedAt: t0, now: t0.addingTimeInterval(5 * day))
        #expect(nothing.status == .noData && nothing.message.contains("no conversions imported yet"))
        let early = try GoalReport.make(campaign: "s", goal: goal(.sales, 100), conversions: one, startedAt: t0, now: t0.addingTimeInterval(0.5 * day))
        #expect(early.status == .noData && early.message.contains("less than a day"))
    }

    @Test("reached, and missed after the deadline")
    func reachedAndMissed() throws {
        let conversions = (1...5).map { conversion(Int64($0), .signup, dayOffset: Double($0)) }
        let reached = try GoalReport.make(campaign: "s", goal: goal(.signups, 5), conversions: conversions, startedAt: t0, now: t0.addingTimeInterval(6 * day))
        #expect(reached.status == .reached && reached.percent == 100)
        let missed = try GoalReport.make(campaign: "s", goal: goal(.signups, 8, days: 7), conversions: conversions, startedAt: t0, now: t0.addingTimeInterval(9 * day))
        #expect(missed.status == .missed && missed.message.contains("3 short"))
        #expect(missed.pace?.elapsedDays == 7 && missed.pace?.neededPerDay == nil)
    }

    @Test("a description-only goal is an error naming the file, line and what to add")
    func descriptionOnly() {
        do {
            _ = try GoalReport.make(
                campaign: "s", goal: CampaignGoal(description: "more replies", line: 12), conversions: [], startedAt: nil, now: t0)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .notMeasurable)
            #expect(error.description.hasPrefix("pitchlab.yaml:12: goal is a description only ('more replies')"))
        }
    }

    @Test("from a store: the start is the first accepted pitch, progress the imported conversions")
    func fromStore() throws {
        let test = try GoalsTestSupport.workspace()
        defer { test.remove() }
        #expect(try test.store.firstAcceptedAt(campaign: "spring") == nil)
        try GoalsTestSupport.pitchEveryone(test, campaign: "spring", acceptedAt: t0)
        #expect(try test.store.firstAcceptedAt(campaign: "spring") == t0)
        let file = try test.write("orders.csv", "code,amount,date\nAIKO15,150,2026-05-02\nZOE20,50,2026-05-04\n")
        _ = try ConversionImporter().importFile(at: file, into: test.store, now: t0.addingTimeInterval(10 * day))
        let report = try GoalReport.make(
            campaign: "spring", goal: goal(.sales, 1000), conversions: try test.store.conversions(),
            startedAt: try test.store.firstAcceptedAt(campaign: "spring"), now: t0.addingTimeInterval(10 * day))
        #expect(report.progress == 200 && report.status == .behind && report.pace?.projected == 800)
    }

    @Test("the JSON has every key, nulls included")
    func json() throws {
        let report = try GoalReport.make(campaign: "s", goal: goal(.sales, 100), conversions: [], startedAt: nil, now: t0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONOutput.string(report).utf8)) as? [String: Any])
        #expect(Set(object.keys) == [
            "campaign", "description", "metric", "target", "measured_by", "deadline", "now", "started_at", "progress",
            "conversions", "percent", "before_start", "after_deadline", "status", "message", "pace",
        ])
        #expect(object["status"] as? String == "no_data" && object["pace"] is NSNull && object["started_at"] is NSNull)
    }
}
