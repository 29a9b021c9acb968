public import Foundation
import GRDB
import PitchMail

extension SQLiteCampaignStore {
    @discardableResult
    public func plan(_ sends: [PlannedSend], now: Date) throws -> Int {
        try wrap {
            try pool.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO ledger (campaign, recipient_id, step, stage, template, subject_variant, message_variant,
                        offer_variant, state, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?)
                    ON CONFLICT (campaign, recipient_id, step) DO NOTHING
                    """)
                var added = 0
                for send in sends {
                    let v = send.variant
                    try insert.execute(arguments: [
                        send.campaign, send.recipientID, send.step, send.stage, v.template, v.choice.subject, v.choice.message,
                        v.choice.offer, now, now,
                    ])
                    added += db.changesCount
                }
                return added
            }
        }
    }

    public func claim(_ entryIDs: [Int64], now: Date, messageIDDomain: String) throws -> ClaimResult {
        try record([], recordedAt: now, thenClaim: entryIDs, now: now, messageIDDomain: messageIDDomain)
    }

    public func record(
        _ outcomes: [LedgerOutcome], recordedAt: Date, thenClaim entryIDs: [Int64], now: Date, messageIDDomain: String
    ) throws -> ClaimResult {
        let domain = try Self.messageIDDomain(messageIDDomain)
        return try wrap {
            try pool.write { db in
                try Self.recordRows(db, outcomes, now: recordedAt)
                return try Self.claimRows(db, entryIDs, now: now, domain: domain)
            }
        }
    }

    /// The Message-ID domain, lowercased, or an error when it is not an ASCII domain.
    static func messageIDDomain(_ domain: String) throws -> String {
        let domain = domain.lowercased()
        guard !domain.isEmpty, domain.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-") })
        else {
            throw StoreError(
                .invalidInput, "the Message-ID domain must be an ASCII domain such as brand.example; check the sender address in pitchlab.yaml.")
        }
        return domain
    }

    /// Claims rows inside a write transaction (see ``CampaignStore/claim(_:now:messageIDDomain:)``).
    ///
    /// One statement checks and claims the whole batch (`UPDATE … WHERE id IN … RETURNING`): rows
    /// claimable (`planned`, or `deferred` and due) and not suppressed. Only a row it leaves alone
    /// costs a second statement, which marks it `suppressed` when that was the reason. New
    /// Message-IDs are `pitchlab.<row>.<random>@<domain>`, the random part drawn once per batch.
    static func claimRows(_ db: Database, _ entryIDs: [Int64], now: Date, domain: String) throws -> ClaimResult {
        guard !entryIDs.isEmpty else { return ClaimResult(sending: [], suppressed: [], skipped: []) }
        let suppressedRecipient = """
            EXISTS (SELECT 1 FROM recipients JOIN suppressions ON suppressions.email_key = recipients.email_key
                    WHERE recipients.id = ledger.recipient_id)
            """
        let markSending = try db.cachedStatement(sql: """
            UPDATE ledger SET state = 'sending', message_id = COALESCE(message_id, 'pitchlab.' || id || '.' || ?1 || '@' || ?2),
                attempts = attempts + 1, next_attempt_at = NULL, claimed_at = ?3, updated_at = ?3
            WHERE id IN (SELECT value FROM json_each(?4)) AND \(Self.claimable(now: "?3")) AND NOT \(suppressedRecipient)
            RETURNING id, recipient_id, message_id, attempts, (SELECT email FROM recipients WHERE recipients.id = ledger.recipient_id)
            """)
        let markSuppressed = try db.cachedStatement(sql: """
            UPDATE ledger SET state = 'suppressed', updated_at = ?1, finished_at = ?1
            WHERE id = ?2 AND \(Self.claimable(now: "?1")) AND \(suppressedRecipient)
            """)
        let nowValue = Self.storedDate(now)
        let idList = "[" + entryIDs.map(String.init).joined(separator: ",") + "]"
        var claimed: [Int64: ClaimedSend] = [:]
        claimed.reserveCapacity(entryIDs.count)
        let rows = try Row.fetchCursor(markSending, arguments: [Self.messageIDToken(), domain, nowValue, idList])
        while let row = try rows.next() {
            let id: Int64 = row[0]
            claimed[id] = ClaimedSend(entryID: id, recipientID: row[1], messageID: row[2], attempts: row[3], email: row[4])
        }
        var sending: [ClaimedSend] = []
        var suppressed: [Int64] = []
        var skipped: [Int64] = []
        sending.reserveCapacity(claimed.count)
        for id in entryIDs {
            if let send = claimed.removeValue(forKey: id) {
                sending.append(send)
                continue
            }
            try markSuppressed.execute(arguments: [nowValue, id])
            if db.changesCount == 1 { suppressed.append(id) } else { skipped.append(id) }  // else unknown, not due, or listed twice
        }
        return ClaimResult(sending: sending, suppressed: suppressed, skipped: skipped)
    }

    public func record(_ outcomes: [LedgerOutcome], now: Date) throws {
        try wrap { try pool.write { db in try Self.recordRows(db, outcomes, now: now) } }
    }

    /// Records outcomes inside a write transaction (see ``CampaignStore/record(_:now:)``).
    ///
    /// One statement records the whole batch (`UPDATE … FROM json_each(…)`); the batch travels as a
    /// JSON array of `[id, state, next attempt, code, enhanced code, text, final, uncounted]`.
    static func recordRows(_ db: Database, _ outcomes: [LedgerOutcome], now: Date) throws {
        guard !outcomes.isEmpty else { return }
        let update = try db.cachedStatement(sql: """
            UPDATE ledger SET state = o.state, next_attempt_at = o.next, last_code = o.code, last_enhanced_code = o.enhanced,
                last_text = o.text, updated_at = ?1, finished_at = CASE WHEN o.final THEN ?1 END,
                attempts = max(attempts - o.uncounted, 0)
            FROM (SELECT value ->> 0 AS id, value ->> 1 AS state, value ->> 2 AS next, value ->> 3 AS code,
                         value ->> 4 AS enhanced, value ->> 5 AS text, value ->> 6 AS final, value ->> 7 AS uncounted
                  FROM json_each(?2)) AS o
            WHERE ledger.id = o.id AND ledger.state = 'sending'
            """)
        let nowValue = Self.storedDate(now)
        var json: [UInt8] = [0x5B]
        json.reserveCapacity(outcomes.count * 80)
        var badMailboxes: [(entryID: Int64, reply: SMTPReply)] = []
        for (index, outcome) in outcomes.enumerated() {
            let state: SendLedgerState
            var reply: SMTPReply?
            var retryAt: Date?
            var uncounted = 0  // the claim counted the try; take it back
            switch outcome.result {
            case .accepted(let r): state = .accepted; reply = r
            case .deferred(let r, let at): state = .deferred; reply = r; retryAt = at
            case .deferredUncounted(let r, let at): state = .deferred; reply = r; retryAt = at; uncounted = 1
            case .rejected(let r):
                state = .rejected; reply = r
                if Self.isBadMailbox(r) { badMailboxes.append((outcome.entryID, r)) }
            case .ambiguous(let r): state = .ambiguous; reply = r
            case .skipped: state = .skipped
            }
            if index > 0 { json.append(0x2C) }
            json.append(0x5B)
            json.append(contentsOf: String(outcome.entryID).utf8)
            json.append(0x2C); JSONText.append(state.rawValue, to: &json)
            json.append(0x2C); JSONText.append(retryAt.map { UTCDateTime($0).sqlText }, to: &json)
            json.append(0x2C); json.append(contentsOf: (reply.map { String($0.code) } ?? "null").utf8)
            json.append(0x2C); JSONText.append(reply?.enhancedCode, to: &json)
            json.append(0x2C); JSONText.append(reply.map { String($0.text.prefix(500)) }, to: &json)
            json.append(0x2C); json.append(state.isFinal ? 0x31 : 0x30)
            json.append(0x2C); json.append(uncounted == 1 ? 0x31 : 0x30)
            json.append(0x5D)
        }
        json.append(0x5D)
        try update.execute(arguments: [nowValue, String(decoding: json, as: UTF8.self)])
        guard db.changesCount == outcomes.count else {
            throw StoreError(
                .invalidTransition,
                "ledger row \(try Self.firstNotRecorded(db, outcomes, now: nowValue)) is not being sent, so its outcome cannot be recorded; claim it first (this is a bug in the caller).")
        }
        for (entryID, r) in badMailboxes {
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT recipients.email_key, ledger.campaign FROM ledger
                    JOIN recipients ON recipients.id = ledger.recipient_id WHERE ledger.id = ?
                    """,
                arguments: [entryID])
            if let row {
                let enhanced = r.enhancedCode.map { " \($0)" } ?? ""
                let campaign: String = row["campaign"]
                try Self.suppress(
                    db, emailKey: row["email_key"], reason: .hardBounce,
                    source: "smtp \(r.code)\(enhanced) (campaign \(campaign))", now: now)
            }
        }
    }

    /// The first outcome of a batch whose row the batch's UPDATE left alone (listed twice, or not
    /// `sending`), to name it in the error; the transaction is rolled back anyway.
    private static func firstNotRecorded(_ db: Database, _ outcomes: [LedgerOutcome], now: DatabaseValue) throws -> Int64 {
        var seen = Set<Int64>()
        for outcome in outcomes {
            guard seen.insert(outcome.entryID).inserted else { return outcome.entryID }
            let updatedAt = try DatabaseValue.fetchOne(db, sql: "SELECT updated_at FROM ledger WHERE id = ?", arguments: [outcome.entryID])
            if updatedAt != now { return outcome.entryID }
        }
        return outcomes[0].entryID
    }

    @discardableResult
    public func recoverInterrupted(now: Date) throws -> Int {
        try wrap {
            try pool.write { db in
                try db.execute(sql: "UPDATE ledger SET state = 'ambiguous', updated_at = ? WHERE state = 'sending'", arguments: [now])
                return db.changesCount
            }
        }
    }

    @discardableResult
    public func resolve(messageID: String, sent: Bool, now: Date) throws -> LedgerEntry {
        var id = messageID.trimmingCharacters(in: .whitespaces)
        if id.hasPrefix("<"), id.hasSuffix(">") { id = String(id.dropFirst().dropLast()) }
        let key = id
        return try wrap {
            try pool.write { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.entryColumns) FROM ledger WHERE message_id = ?", arguments: [key]),
                      row[9] as String == SendLedgerState.ambiguous.rawValue
                else {
                    throw StoreError(
                        .unknownMessageID,
                        "no ambiguous send has Message-ID <\(key)>; run 'pitchlab status' to list the ambiguous sends and copy the Message-ID from there.")
                }
                let entryID: Int64 = row[0]
                if sent {
                    try db.execute(
                        sql: "UPDATE ledger SET state = 'accepted', updated_at = ?, finished_at = ? WHERE id = ?",
                        arguments: [now, now, entryID])
                } else {
                    try db.execute(
                        sql: "UPDATE ledger SET state = 'planned', next_attempt_at = NULL, updated_at = ? WHERE id = ?",
                        arguments: [now, entryID])
                }
                guard let updated = try Row.fetchOne(db, sql: "SELECT \(Self.entryColumns) FROM ledger WHERE id = ?", arguments: [entryID]) else {
                    throw StoreError(.database, "ledger row \(entryID) vanished while being resolved; retry.")
                }
                return try Self.entry(from: updated)
            }
        }
    }

    public func entries(campaign: String, state: SendLedgerState?) throws -> [LedgerEntry] {
        try wrap {
            try pool.read { db in
                let rows = if let state {
                    try Row.fetchCursor(
                        db, sql: "SELECT \(Self.entryColumns) FROM ledger WHERE campaign = ? AND state = ? ORDER BY id",
                        arguments: [campaign, state.rawValue])
                } else {
                    try Row.fetchCursor(db, sql: "SELECT \(Self.entryColumns) FROM ledger WHERE campaign = ? ORDER BY id", arguments: [campaign])
                }
                return try Array(rows.map(Self.entry(from:)))  // decoded row by row, never all rows copied first
            }
        }
    }

    public func claimableEntryIDs(campaign: String, stage: Int?, now: Date, limit: Int) throws -> [Int64] {
        try wrap {
            try pool.read { db in
                var sql = """
                    SELECT id FROM ledger WHERE campaign = ?
                    AND \(Self.claimable(now: "?"))
                    """
                var arguments: StatementArguments = [campaign, now]
                if let stage {
                    sql += " AND stage = ?"
                    arguments += [stage]
                }
                sql += " ORDER BY id LIMIT ?"
                arguments += [max(0, limit)]
                return try Int64.fetchAll(db, sql: sql, arguments: arguments)
            }
        }
    }

    public func stateCounts(campaign: String, stage: Int?) throws -> [SendLedgerState: Int] {
        try wrap {
            try pool.read { db in
                var counts: [SendLedgerState: Int] = [:]
                let rows = if let stage {
                    try Row.fetchAll(
                        db, sql: "SELECT state, COUNT(*) AS n FROM ledger WHERE campaign = ? AND stage = ? GROUP BY state",
                        arguments: [campaign, stage])
                } else {
                    try Row.fetchAll(
                        db, sql: "SELECT state, COUNT(*) AS n FROM ledger WHERE campaign = ? GROUP BY state", arguments: [campaign])
                }
                for row in rows {
                    if let state = SendLedgerState(rawValue: row["state"]) { counts[state] = row["n"] }
                }
                return counts
            }
        }
    }

    // MARK: - Helpers

    /// The SQL condition of a claimable row: `planned`, or `deferred` and due at the time bound to
    /// the parameter `now` (e.g. `?` or `?3`).
    static func claimable(now: String) -> String {
        "(state = 'planned' OR (state = 'deferred' AND (next_attempt_at IS NULL OR next_attempt_at <= \(now))))"
    }

    /// A date as GRDB stores it (`YYYY-MM-DD HH:MM:SS.SSS`, UTC), without GRDB's DateFormatter,
    /// which costs more than the rest of a ledger statement.
    static func storedDate(_ date: Date) -> DatabaseValue {
        UTCDateTime(date).sqlText.databaseValue
    }

    /// The random part of a batch's new Message-IDs (`pitchlab.<row>.<random>@<domain>`): the row
    /// id makes them unique in the workspace, 64 random bits across workspaces. Deliberately the
    /// system generator, not a seeded one: two workspaces with the same seed must not collide.
    static func messageIDToken() -> String {
        String(UInt64.random(in: .min ... .max), radix: 16)
    }

    static func isBadMailbox(_ reply: SMTPReply) -> Bool {
        reply.enhancedCode?.hasPrefix("5.1.") ?? false
    }

    /// The ledger columns ``entry(from:)`` decodes, in order (by position: name lookups are slow on hot paths).
    static let entryColumns = """
        ledger.id, ledger.campaign, ledger.recipient_id, ledger.step, ledger.stage, ledger.template, \
        ledger.subject_variant, ledger.message_variant, ledger.offer_variant, ledger.state, ledger.message_id, \
        ledger.attempts, ledger.next_attempt_at, ledger.last_code, ledger.last_enhanced_code, ledger.last_text, \
        ledger.created_at, ledger.updated_at
        """

    /// A ledger entry from a row that starts with ``entryColumns``.
    static func entry(from row: Row) throws -> LedgerEntry {
        let code: Int? = row[13]
        return LedgerEntry(
            id: row[0], campaign: row[1], recipientID: row[2], step: row[3], stage: row[4],
            variant: CampaignVariant(
                template: row[5], choice: PitchVariantChoice(subject: row[6], message: row[7], offer: row[8])),
            state: SendLedgerState(rawValue: row[9]) ?? .skipped, messageID: row[10],
            attempts: row[11], nextAttemptAt: row[12],
            lastReply: code.map { LedgerEntry.LastReply(code: $0, enhancedCode: row[14], text: row[15] ?? "") },
            createdAt: row[16], updatedAt: row[17])
    }
}
