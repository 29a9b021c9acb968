import Foundation
import PitchKit
import PitchMail

/// A scaffolded workspace in a temporary folder with the sample recipients imported and planned for
/// campaign `launch`: the first three rows accepted by the relay at ``t0``, the others still planned.
struct TrackingFixture {
    static let keyHex = String(repeating: "0123456789abcdef", count: 4)
    static let otherKeyHex = String(repeating: "fedcba9876543210", count: 4)
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let campaign = "launch"
    static let campaignNumber = TrackingToken.campaignNumber(for: campaign)

    static let codec = TrackingTokenCodec(key: key(keyHex))
    static let otherCodec = TrackingTokenCodec(key: key(otherKeyHex))

    let workspace: Workspace
    let store: SQLiteCampaignStore
    /// Ledger rows the relay accepted at ``t0``.
    let accepted: [LedgerEntry]
    /// Ledger rows still planned.
    let planned: [LedgerEntry]
    /// Recipients by id.
    let recipients: [Int64: StoredRecipient]

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-server-\(UUID().uuidString)")
        workspace = try Workspace.create(at: directory.path)
        store = try workspace.openStore()
        _ = try RecipientImporter().importFile(at: workspace.recipientsURL, into: store, now: Self.t0)
        let all = try store.recipients()
        let variant = CampaignVariant(
            template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))
        try store.plan(all.map { PlannedSend(campaign: Self.campaign, recipientID: $0.id, stage: 1, variant: variant) }, now: Self.t0)
        let ids = try store.entries(campaign: Self.campaign, state: .planned).map(\.id)
        let sending = Array(ids.prefix(3))
        _ = try store.claim(sending, now: Self.t0, messageIDDomain: "brand.example")
        try store.record(
            sending.map { LedgerOutcome(entryID: $0, result: .accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "queued"))) },
            now: Self.t0)
        accepted = try store.entries(campaign: Self.campaign, state: .accepted)
        planned = try store.entries(campaign: Self.campaign, state: .planned)
        recipients = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })
    }

    var directory: URL { workspace.directory }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The normalised address of a ledger row's recipient.
    func emailKey(of entry: LedgerEntry) -> String {
        recipients[entry.recipientID]?.emailKey ?? ""
    }

    static func key(_ hex: String) -> TrackingKey {
        do { return try TrackingKey(encoded: hex) } catch { fatalError("\(error)") }
    }

    static func open(_ entry: Int64, codec: TrackingTokenCodec = codec) -> String {
        codec.sign(.open(campaign: campaignNumber, entry: entry))
    }

    static func unsubscribe(_ entry: Int64, codec: TrackingTokenCodec = codec) -> String {
        codec.sign(.unsubscribe(campaign: campaignNumber, entry: entry))
    }

    static func click(_ entry: Int64, _ destination: String, codec: TrackingTokenCodec = codec) -> String {
        do {
            return codec.sign(try .click(campaign: campaignNumber, entry: entry, destination: destination))
        } catch {
            fatalError("\(error)")
        }
    }
}

/// A clock stopped at one instant.
struct FixedClock: SendClock {
    let date: Date
    func now() -> Date { date }
    func sleep(until deadline: Date) async {}
}
