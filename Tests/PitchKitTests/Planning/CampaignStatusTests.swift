import Foundation
import PitchKit
import PitchMail
import Testing

/// `status`: counts per state, stage and variant; the deferred queue; ambiguous sends with what to do.
@Suite("Campaign status")
struct CampaignStatusTests {
    @Test("counts, the deferred queue with redacted replies, and ambiguous sends with their Message-ID")
    func status() throws {
        let ws = try PlanningWorkspace(size: 3, recipients: PlanningWorkspace.recipientsCSV(count: 6))
        defer { ws.remove() }
        _ = try ws.planner().plan(stage: 1, winners: StageWinners(), now: ws.now)
        let ids = try ws.store.entries(campaign: "spring", state: .planned).map(\.id)
        let claimed = try ws.store.claim(Array(ids.prefix(3)), now: ws.now, messageIDDomain: "brand.example").sending
        let retry = ws.now.addingTimeInterval(600)
        try ws.store.record([
            LedgerOutcome(entryID: claimed[0].entryID, result: .accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "ok"))),
            LedgerOutcome(
                entryID: claimed[1].entryID,
                result: .deferred(SMTPReply(code: 451, enhancedCode: "4.7.1", text: "try later for <creator9@example.com>"), retryAt: retry)),
        ], now: ws.now)
        #expect(try ws.store.recoverInterrupted(now: ws.now) == 1)

        let status = try CampaignStatus.load(workspace: ws.workspace, store: ws.store, environment: [:])
        #expect(status.campaign == "spring" && status.total == 6)
        #expect(status.states["planned"] == 3 && status.states["accepted"] == 1)
        #expect(status.states["deferred"] == 1 && status.states["ambiguous"] == 1 && status.states["rejected"] == 0)
        #expect(status.stages.map(\.stage) == [1] && status.stages[0].kind == "subject")
        #expect(status.stages[0].variants.count == 2 && status.stages[0].variants.map(\.total).reduce(0, +) == 6)

        let deferred = try #require(status.deferred.first)
        #expect(status.deferred.count == 1 && deferred.entryID == claimed[1].entryID)
        #expect(deferred.nextAttemptAt == "2027-01-15T08:10:00Z")
        #expect(deferred.lastReply == CampaignStatus.Reply(code: 451, enhancedCode: "4.7.1", text: "try later for <[address]>"))

        let ambiguous = try #require(status.ambiguous.first)
        #expect(ambiguous.messageID == claimed[2].messageID && ambiguous.entryID == claimed[2].entryID)
        #expect(ambiguous.action.contains("pitchlab resolve \(claimed[2].messageID) --sent"))
        #expect(ambiguous.action.contains("Sent folder"))

        let json = try JSONOutput.string(status)
        #expect(!json.contains("creator9@example.com"))
        let text = status.textLines.joined(separator: "\n")
        #expect(text.contains(claimed[2].messageID) && text.contains("--not-sent"))
    }

    @Test("an empty campaign has zero counts and says what to do")
    func empty() throws {
        let ws = try PlanningWorkspace(size: 3, recipients: PlanningWorkspace.recipientsCSV(count: 6))
        defer { ws.remove() }
        let status = try CampaignStatus.load(workspace: ws.workspace, store: ws.store, environment: [:])
        #expect(status.total == 0 && status.stages.isEmpty && status.states.values.allSatisfy { $0 == 0 })
        #expect(status.states.count == SendLedgerState.allCases.count)
        #expect(status.textLines.first?.contains("pitchlab plan") == true)
    }

    @Test("redaction hides anything shaped like an address")
    func redact() {
        #expect(CampaignStatus.redact("550 5.1.1 <a.b@example.com>: no such user") == "550 5.1.1 <[address]>: no such user")
        #expect(CampaignStatus.redact("mailbox full") == "mailbox full")
    }
}
