import Foundation
import PitchKit
import PitchMail
import Testing

/// The send ledger: plan, claim, record, recover, resolve, suppression at claim.
@Suite("Send ledger (SQLite)")
struct LedgerTests {
    let variant = CampaignVariant(template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// A workspace with the sample recipients imported and one planned send per recipient.
    private func planned(campaign: String = "launch") throws -> (TestWorkspace, [StoredRecipient], [Int64]) {
        let test = try TestWorkspace()
        _ = try RecipientImporter().importFile(at: test.workspace.recipientsURL, into: test.store, now: t0)
        let recipients = try test.store.recipients()
        try test.store.plan(recipients.map { PlannedSend(campaign: campaign, recipientID: $0.id, stage: 1, variant: variant) }, now: t0)
        let ids = try test.store.entries(campaign: campaign, state: .planned).map(\.id)
        return (test, recipients, ids)
    }

    @Test("planning is unique per (campaign, recipient, step)")
    func uniquePlan() throws {
        let (test, recipients, ids) = try planned()
        defer { test.remove() }
        #expect(ids.count == recipients.count)
        let again = try test.store.plan([PlannedSend(campaign: "launch", recipientID: recipients[0].id, stage: 2, variant: variant)], now: t0)
        #expect(again == 0)
        let followUp = try test.store.plan([PlannedSend(campaign: "launch", recipientID: recipients[0].id, step: 1, stage: 2, variant: variant)], now: t0)
        #expect(followUp == 1)
        let otherCampaign = try test.store.plan([PlannedSend(campaign: "other", recipientID: recipients[0].id, stage: 1, variant: variant)], now: t0)
        #expect(otherCampaign == 1)
        #expect(try test.store.entries(campaign: "launch", state: nil).count == recipients.count + 1)
    }

    @Test("claim marks a batch sending with fixed Message-IDs; record settles several at once")
    func claimAndRecord() throws {
        let (test, _, ids) = try planned()
        defer { test.remove() }
        let claimed = try test.store.claim(Array(ids.prefix(3)), now: t0, messageIDDomain: "brand.example")
        #expect(claimed.sending.count == 3)
        #expect(claimed.suppressed.isEmpty && claimed.skipped.isEmpty)
        #expect(Set(claimed.sending.map(\.messageID)).count == 3)
        let sendingIDs = Set(try test.store.entries(campaign: "launch", state: .sending).map(\.id))
        for send in claimed.sending {
            #expect(sendingIDs.contains(send.entryID))
            #expect(send.attempts == 1)
            #expect(send.messageID.hasSuffix("@brand.example"))
            #expect(send.email.contains("@"))
        }
        // A row already sending is not claimed twice.
        let again = try test.store.claim([ids[0]], now: t0, messageIDDomain: "brand.example")
        #expect(again.sending.isEmpty && again.skipped == [ids[0]])

        try test.store.record([
            LedgerOutcome(entryID: ids[0], result: .accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "queued"))),
            LedgerOutcome(entryID: ids[1], result: .rejected(SMTPReply(code: 554, enhancedCode: "5.7.1", text: "policy"))),
            LedgerOutcome(entryID: ids[2], result: .ambiguous(nil)),
        ], now: t0)
        let counts = try test.store.stateCounts(campaign: "launch")
        #expect(counts[.accepted] == 1 && counts[.rejected] == 1 && counts[.ambiguous] == 1)
        let accepted = try #require(try test.store.entries(campaign: "launch", state: .accepted).first)
        #expect(accepted.lastReply == LedgerEntry.LastReply(code: 250, enhancedCode: "2.0.0", text: "queued"))
        #expect(accepted.messageID == claimed.sending[0].messageID)
        // 5.7.1 is not a mailbox problem: no suppression.
        #expect(try test.store.suppressions().isEmpty)
    }

    @Test("recording an outcome for a row that is not sending fails and rolls the batch back")
    func recordNeedsSending() throws {
        let (test, _, ids) = try planned()
        defer { test.remove() }
        _ = try test.store.claim([ids[0]], now: t0, messageIDDomain: "brand.example")
        #expect(throws: StoreError.self) {
            try test.store.record([
                LedgerOutcome(entryID: ids[0], result: .accepted(SMTPReply(code: 250, enhancedCode: nil, text: "ok"))),
                LedgerOutcome(entryID: ids[1], result: .accepted(SMTPReply(code: 250, enhancedCode: nil, text: "ok"))),
            ], now: t0)
        }
        #expect(try test.store.entries(campaign: "launch", state: .sending).map(\.id) == [ids[0]])
    }

    @Test("a batch's outcomes are stored exactly, whatever the reply text holds")
    func recordKeepsEveryField() throws {
        let (test, _, ids) = try planned()
        defer { test.remove() }
        let texts = ["Ok: queued as 4XyZ", "quote \" and backslash \\ and tab\t", "déjà vu — 受け付けました 📬", "line\nbreak\u{1}"]
        let claimed = try test.store.claim(Array(ids.prefix(4)), now: t0, messageIDDomain: "brand.example")
        #expect(claimed.sending.count == 4)
        let retryAt = t0 + 3_600.25
        try test.store.record([
            LedgerOutcome(entryID: ids[0], result: .accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: texts[0]))),
            LedgerOutcome(entryID: ids[1], result: .deferred(SMTPReply(code: 451, enhancedCode: nil, text: texts[1]), retryAt: retryAt)),
            LedgerOutcome(entryID: ids[2], result: .deferredUncounted(SMTPReply(code: 421, enhancedCode: "4.7.0", text: texts[2]), retryAt: .distantFuture)),
            LedgerOutcome(entryID: ids[3], result: .ambiguous(SMTPReply(code: 0, enhancedCode: nil, text: texts[3]))),
        ], now: t0 + 1)
        let rows = Dictionary(uniqueKeysWithValues: try test.store.entries(campaign: "launch", state: nil).map { ($0.id, $0) })
        #expect(rows[ids[0]]?.state == .accepted && rows[ids[0]]?.lastReply == LedgerEntry.LastReply(code: 250, enhancedCode: "2.0.0", text: texts[0]))
        #expect(rows[ids[1]]?.state == .deferred && rows[ids[1]]?.lastReply?.text == texts[1] && rows[ids[1]]?.attempts == 1)
        #expect(abs((rows[ids[1]]?.nextAttemptAt ?? .distantPast).timeIntervalSince(retryAt)) < 0.001)
        #expect(rows[ids[2]]?.lastReply?.text == texts[2] && rows[ids[2]]?.attempts == 0 && rows[ids[2]]?.nextAttemptAt == .distantFuture)
        #expect(rows[ids[3]]?.state == .ambiguous && rows[ids[3]]?.lastReply?.text == texts[3])
        #expect(rows[ids[0]]?.updatedAt == t0 + 1)
    }

    @Test("a deferred row is claimable again when due, with the same Message-ID")
    func deferredRetry() throws {
        let (test, _, ids) = try planned()
        defer { test.remove() }
        let first = try test.store.claim([ids[0]], now: t0, messageIDDomain: "brand.example")
        try test.store.record([
            LedgerOutcome(entryID: ids[0], result: .deferred(SMTPReply(code: 451, enhancedCode: "4.7.1", text: "later"), retryAt: t0 + 60)),
        ], now: t0)
        #expect(try test.store.claimableEntryIDs(campaign: "launch", stage: 1, now: t0 + 30, limit: 100).contains(ids[0]) == false)
        let early = try test.store.claim([ids[0]], now: t0 + 30, messageIDDomain: "brand.example")
        #expect(early.sending.isEmpty && early.skipped == [ids[0]])
        #expect(try test.store.claimableEntryIDs(campaign: "launch", stage: 1, now: t0 + 61, limit: 100).contains(ids[0]))
        let retry = try test.store.claim([ids[0]], now: t0 + 61, messageIDDomain: "brand.example")
        #expect(retry.sending.count == 1)
        #expect(retry.sending[0].messageID == first.sending[0].messageID)
        #expect(retry.sending[0].attempts == 2)
    }

    @Test("a crash leaves claimed rows sending; recoverInterrupted makes them ambiguous, never claimable")
    func recoverInterrupted() throws {
        let (test, _, ids) = try planned()
        defer { test.remove() }
        _ = try test.store.claim(Array(ids.prefix(2)), now: t0, messageIDDomain: "brand.example")
        try test.store.record([LedgerOutcome(entryID: ids[0], result: .accepted(SMTPReply(code: 250, enhancedCode: nil, text: "ok")))], now: t0)
        // "Restart": a new store on the same file sees the committed claim.
        let reopened = try test.workspace.openStore()
        #expect(try reopened.entries(campaign: "launch", state: .sending).map(\.id) == [ids[1]])
        #expect(try reopened.recoverInterrupted(now: t0 + 1) == 1)
        let ambiguous = try reopened.entries(campaign: "launch", state: .ambiguous)
        #expect(ambiguous.map(\.id) == [ids[1]])
        #expect(ambiguous[0].messageID != nil)
        #expect(try reopened.claimableEntryIDs(campaign: "launch", stage: nil, now: t0 + 1, limit: 100).contains(ids[1]) == false)
        let claim = try reopened.claim([ids[1]], now: t0 + 1, messageIDDomain: "brand.example")
        #expect(claim.sending.isEmpty)
        #expect(try reopened.recoverInterrupted(now: t0 + 2) == 0)
    }

    @Test("resolve settles an ambiguous send by Message-ID")
    func resolve() throws {
        let (test, _, ids) = try planned()
        defer { test.remove() }
        let claimed = try test.store.claim(Array(ids.prefix(2)), now: t0, messageIDDomain: "brand.example")
        try test.store.recoverInterrupted(now: t0)
        let sent = try test.store.resolve(messageID: "<\(claimed.sending[0].messageID)>", sent: true, now: t0)
        #expect(sent.state == .accepted)
        let notSent = try test.store.resolve(messageID: claimed.sending[1].messageID, sent: false, now: t0)
        #expect(notSent.state == .planned)
        #expect(notSent.messageID == claimed.sending[1].messageID)
        let retry = try test.store.claim([ids[1]], now: t0, messageIDDomain: "brand.example")
        #expect(retry.sending.first?.messageID == claimed.sending[1].messageID)
        let error = #expect(throws: StoreError.self) {
            try test.store.resolve(messageID: claimed.sending[0].messageID, sent: true, now: t0)
        }
        #expect(error?.kind == .unknownMessageID)
        #expect(error?.description.contains("pitchlab status") == true)
    }

    @Test("a suppressed recipient's row becomes suppressed at claim, never sending")
    func suppressionAtClaim() throws {
        let (test, recipients, ids) = try planned()
        defer { test.remove() }
        try test.store.addSuppressions([recipients[1].emailKey.uppercased().lowercased()], reason: .unsubscribe, source: "test", now: t0)
        let claimed = try test.store.claim(Array(ids.prefix(3)), now: t0, messageIDDomain: "brand.example")
        #expect(claimed.suppressed == [ids[1]])
        #expect(claimed.sending.map(\.entryID) == [ids[0], ids[2]])
        let row = try #require(try test.store.entries(campaign: "launch", state: .suppressed).first)
        #expect(row.id == ids[1] && row.messageID == nil)
    }

    @Test("a 5.1.x rejection suppresses the address for every campaign")
    func hardBounceSuppresses() throws {
        let (test, recipients, ids) = try planned()
        defer { test.remove() }
        _ = try test.store.claim([ids[0]], now: t0, messageIDDomain: "brand.example")
        try test.store.record([
            LedgerOutcome(entryID: ids[0], result: .rejected(SMTPReply(code: 550, enhancedCode: "5.1.1", text: "no such user"))),
        ], now: t0)
        #expect(try test.store.isSuppressed(recipients[0].emailKey))
        let suppression = try #require(try test.store.suppressions().first)
        #expect(suppression.reason == .hardBounce)
        #expect(suppression.source.contains("5.1.1"))
        // Another campaign's row for the same recipient is suppressed at claim.
        try test.store.plan([PlannedSend(campaign: "next", recipientID: recipients[0].id, stage: 1, variant: variant)], now: t0)
        let next = try test.store.entries(campaign: "next", state: .planned).map(\.id)
        #expect(try test.store.claim(next, now: t0, messageIDDomain: "brand.example").suppressed == next)
    }

    @Test("a Message-ID domain with spaces or brackets is refused")
    func badDomain() throws {
        let (test, _, ids) = try planned()
        defer { test.remove() }
        #expect(throws: StoreError.self) {
            try test.store.claim(ids, now: t0, messageIDDomain: "brand example>")
        }
        #expect(try test.store.entries(campaign: "launch", state: .sending).isEmpty)
    }
}
