import Foundation
import PitchKit
import PitchMail

/// Shared fixtures of the goal, conversion, scoring and journal tests.
enum GoalsTestSupport {
    /// 2026-05-01 00:00:00 UTC.
    static let t0 = Date(timeIntervalSince1970: 1_777_593_600)
    static let day: TimeInterval = 86_400

    /// Creators with discount codes and tracked URLs (and one with neither, and missing data).
    static let recipientsCSV = """
        email,handle,followers,avg_views,relevance,cost,persona,type,Discount Code,url
        aiko@example.com,@aiko,48200,15300,0.82,350,skincare,peer,AIKO15,https://brand.example/r/aiko
        zoe@example.org,@zoe,61500,12800,0.77,400,skincare,peer,zoe10 ZOE20,brand.example/r/zoe
        maya@example.com,@maya,152000,41000,,900,derm,authority,,
        sam@example.org,@sam,23400,9100,0.88,250,skincare,peer,SHARED,
        lucia@example.com,@lucia,890000,120000,0.64,2200,luxury,aspirational,shared,

        """

    static let variant = CampaignVariant(
        template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))

    /// A workspace with ``recipientsCSV`` imported.
    static func workspace() throws -> TestWorkspace {
        let test = try TestWorkspace()
        let file = try test.write("creators.csv", recipientsCSV)
        _ = try RecipientImporter().importFile(at: file, into: test.store, now: t0)
        return test
    }

    /// Plans, claims and records accepted one pitch per recipient of `campaign`, at `acceptedAt`;
    /// returns the Message-ID of each recipient's pitch, by handle.
    @discardableResult
    static func pitchEveryone(_ test: TestWorkspace, campaign: String, acceptedAt: Date) throws -> [String: String] {
        let recipients = try test.store.recipients()
        try test.store.plan(
            recipients.map { PlannedSend(campaign: campaign, recipientID: $0.id, stage: 1, variant: variant) }, now: acceptedAt)
        let ids = try test.store.entries(campaign: campaign, state: .planned).map(\.id)
        let claim = try test.store.claim(ids, now: acceptedAt, messageIDDomain: "brand.example")
        try test.store.record(
            claim.sending.map {
                LedgerOutcome(entryID: $0.entryID, result: .accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "queued")))
            },
            now: acceptedAt)
        let handles = Dictionary(uniqueKeysWithValues: recipients.map { ($0.id, $0.fields.handle ?? "") })
        return Dictionary(uniqueKeysWithValues: claim.sending.map { (handles[$0.recipientID] ?? "", $0.messageID) })
    }
}
