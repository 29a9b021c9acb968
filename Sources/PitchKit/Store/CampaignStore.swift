public import Foundation

/// The workspace's state: recipients, the suppression list, import history and the send ledger.
///
/// SQLite (``SQLiteCampaignStore``) is the embedded default; the protocol is the seam for a shared
/// (PostgreSQL) store. Every method that takes a batch commits it in one transaction.
///
/// The ledger's contract, for senders:
/// 1. ``plan(_:)`` adds rows in state `planned` (idempotent per campaign, recipient and step).
/// 2. ``claim(_:now:messageIDDomain:)`` turns a batch of rows `sending`, each with a fixed Message-ID,
///    in one durable commit **before** their MAIL FROM; suppressed recipients' rows become `suppressed`.
/// 3. ``record(_:now:)`` commits several outcomes in one transaction after their replies;
///    ``record(_:recordedAt:thenClaim:now:messageIDDomain:)`` does 3 then 2 in one commit.
/// 4. At startup, ``recoverInterrupted(now:)`` turns every row left `sending` into `ambiguous`.
public protocol CampaignStore: Sendable {
    // MARK: Recipients

    /// Adds the valid rows of an import in one transaction and returns its summary.
    ///
    /// A row whose address is suppressed is kept out; one whose address is already in the store
    /// (or earlier in the batch) is merged: it fills the fields the existing recipient lacks.
    func importRecipients(_ batch: RecipientImportBatch, now: Date) throws -> RecipientImportSummary
    /// Every recipient, in import order.
    func recipients() throws -> [StoredRecipient]
    /// How many recipients the store holds.
    func recipientCount() throws -> Int
    /// The import history, oldest first.
    func imports() throws -> [ImportRecord]

    // MARK: Suppression

    /// Suppresses addresses (normalised keys); returns how many were new.
    @discardableResult
    func addSuppressions(_ emailKeys: [String], reason: Suppression.Reason, source: String, now: Date) throws -> Int
    /// Lifts suppressions; returns how many existed.
    @discardableResult
    func removeSuppressions(_ emailKeys: [String]) throws -> Int
    /// Every suppression, oldest first.
    func suppressions() throws -> [Suppression]
    /// True when the normalised address is suppressed.
    func isSuppressed(_ emailKey: String) throws -> Bool

    // MARK: Send ledger

    /// Adds `planned` rows; rows that already exist for (campaign, recipient, step) are left alone.
    /// Returns how many rows were added.
    @discardableResult
    func plan(_ sends: [PlannedSend], now: Date) throws -> Int
    /// Claims rows for sending in one transaction (see the protocol's contract).
    ///
    /// Claimable rows are `planned` ones and `deferred` ones whose next attempt is due at `now`.
    /// - Parameter messageIDDomain: The right-hand side of new Message-IDs (the sender's domain).
    func claim(_ entryIDs: [Int64], now: Date, messageIDDomain: String) throws -> ClaimResult
    /// Records outcomes of `sending` rows in one transaction; a 5.1.x rejection also suppresses the address.
    func record(_ outcomes: [LedgerOutcome], now: Date) throws
    /// Records a batch's outcomes and claims the next batch in one transaction (one durable commit
    /// instead of two between batches; rows are never `sending` for two batches at once).
    func record(
        _ outcomes: [LedgerOutcome], recordedAt: Date, thenClaim entryIDs: [Int64], now: Date, messageIDDomain: String
    ) throws -> ClaimResult
    /// Turns every `sending` row into `ambiguous`; returns how many. Call once at startup, under the workspace lock.
    @discardableResult
    func recoverInterrupted(now: Date) throws -> Int
    /// Settles an ambiguous send: `sent` makes it `accepted`, otherwise it is `planned` again (same Message-ID).
    @discardableResult
    func resolve(messageID: String, sent: Bool, now: Date) throws -> LedgerEntry
    /// Ledger rows of a campaign, optionally only those in one state, by id.
    func entries(campaign: String, state: SendLedgerState?) throws -> [LedgerEntry]
    /// Ids of claimable rows of a campaign (planned, or deferred and due at `now`), by id, at most `limit`.
    func claimableEntryIDs(campaign: String, stage: Int?, now: Date, limit: Int) throws -> [Int64]
    /// Row counts per state for a campaign, or for one of its stages.
    func stateCounts(campaign: String, stage: Int?) throws -> [SendLedgerState: Int]
}

extension CampaignStore {
    /// Row counts per state for a campaign (every stage).
    public func stateCounts(campaign: String) throws -> [SendLedgerState: Int] {
        try stateCounts(campaign: campaign, stage: nil)
    }
}
