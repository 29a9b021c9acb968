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
        let domain = messageIDDomain.lowercased()
        guard !domain.isEmpty, domain.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-") })
        else {
            throw StoreError(
                .invalidInput, "the Message-ID domain must be an ASCII domain such as brand.example; check the sender address in pitchlab.yaml.")
        }
        return try wrap {
            try pool.write { db in
                let select = try db.cachedStatement(sql: """
                    SELECT ledger.*, recipients.email AS recipient_email, recipients.email_key AS recipient_key
                    FROM ledger JOIN recipients ON recipients.id = ledger.recipient_id WHERE ledger.id = ?
                    """)
                let isSuppressed = try db.cachedStatement(sql: "SELECT 1 FROM suppressions WHERE email_key = ?")
                let markSuppressed = try db.cachedStatement(
                    sql: "UPDATE ledger SET state = 'suppressed', updated_at = ?, finished_at = ? WHERE id = ?")
                let markSending = try db.cachedStatement(sql: """
                    UPDATE ledger SET state = 'sending', message_id = ?, attempts = attempts + 1, next_attempt_at = NULL,
                        claimed_at = ?, updated_at = ? WHERE id = ?
                    """)
                let reread = try db.cachedStatement(sql: "SELECT * FROM ledger WHERE id = ?")
                var sending: [ClaimedSend] = []
                var suppressed: [Int64] = []
                var skipped: [Int64] = []
                for id in entryIDs {
                    guard let row = try Row.fetchOne(select, arguments: [id]) else {
                        skipped.append(id)
                        continue
                    }
                    let state = SendLedgerState(rawValue: row["state"]) ?? .skipped
                    let due = (row["next_attempt_at"] as Date?).map { $0 <= now } ?? true
                    guard state == .planned || (state == .deferred && due) else {
                        skipped.append(id)
                        continue
                    }
                    let key: String = row["recipient_key"]
                    if try Int.fetchOne(isSuppressed, arguments: [key]) != nil {
                        try markSuppressed.execute(arguments: [now, now, id])
                        suppressed.append(id)
                        continue
                    }
                    let messageID = (row["message_id"] as String?) ?? Self.makeMessageID(entryID: id, domain: domain)
                    try markSending.execute(arguments: [messageID, now, now, id])
                    guard let updated = try Row.fetchOne(reread, arguments: [id]) else { continue }
                    sending.append(ClaimedSend(entry: try Self.entry(from: updated), email: row["recipient_email"]))
                }
                return ClaimResult(sending: sending, suppressed: suppressed, skipped: skipped)
            }
        }
    }

    public func record(_ outcomes: [LedgerOutcome], now: Date) throws {
        try wrap {
            try pool.write { db in
                let update = try db.cachedStatement(sql: """
                    UPDATE ledger SET state = ?, next_attempt_at = ?, last_code = ?, last_enhanced_code = ?, last_text = ?,
                        updated_at = ?, finished_at = ? WHERE id = ? AND state = 'sending'
                    """)
                for outcome in outcomes {
                    let state: SendLedgerState
                    var reply: SMTPReply?
                    var retryAt: Date?
                    switch outcome.result {
                    case .accepted(let r): state = .accepted; reply = r
                    case .deferred(let r, let at): state = .deferred; reply = r; retryAt = at
                    case .rejected(let r): state = .rejected; reply = r
                    case .ambiguous(let r): state = .ambiguous; reply = r
                    case .skipped: state = .skipped
                    }
                    try update.execute(arguments: [
                        state.rawValue, retryAt, reply?.code, reply?.enhancedCode, reply.map { String($0.text.prefix(500)) },
                        now, state.isFinal ? now : nil, outcome.entryID,
                    ])
                    guard db.changesCount == 1 else {
                        throw StoreError(
                            .invalidTransition,
                            "ledger row \(outcome.entryID) is not being sent, so its outcome cannot be recorded; claim it first (this is a bug in the caller).")
                    }
                    if case .rejected(let r) = outcome.result, Self.isBadMailbox(r) {
                        let row = try Row.fetchOne(
                            db,
                            sql: """
                                SELECT recipients.email_key, ledger.campaign FROM ledger
                                JOIN recipients ON recipients.id = ledger.recipient_id WHERE ledger.id = ?
                                """,
                            arguments: [outcome.entryID])
                        if let row {
                            let enhanced = r.enhancedCode.map { " \($0)" } ?? ""
                            let campaign: String = row["campaign"]
                            try Self.suppress(
                                db, emailKey: row["email_key"], reason: .hardBounce,
                                source: "smtp \(r.code)\(enhanced) (campaign \(campaign))", now: now)
                        }
                    }
                }
            }
        }
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
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM ledger WHERE message_id = ?", arguments: [key]),
                      row["state"] as String == SendLedgerState.ambiguous.rawValue
                else {
                    throw StoreError(
                        .unknownMessageID,
                        "no ambiguous send has Message-ID <\(key)>; run 'pitchlab status' to list the ambiguous sends and copy the Message-ID from there.")
                }
                let entryID: Int64 = row["id"]
                if sent {
                    try db.execute(
                        sql: "UPDATE ledger SET state = 'accepted', updated_at = ?, finished_at = ? WHERE id = ?",
                        arguments: [now, now, entryID])
                } else {
                    try db.execute(
                        sql: "UPDATE ledger SET state = 'planned', next_attempt_at = NULL, updated_at = ? WHERE id = ?",
                        arguments: [now, entryID])
                }
                guard let updated = try Row.fetchOne(db, sql: "SELECT * FROM ledger WHERE id = ?", arguments: [entryID]) else {
                    throw StoreError(.database, "ledger row \(entryID) vanished while being resolved; retry.")
                }
                return try Self.entry(from: updated)
            }
        }
    }

    public func entries(campaign: String, state: SendLedgerState?) throws -> [LedgerEntry] {
        try wrap {
            try pool.read { db in
                let rows: [Row]
                if let state {
                    rows = try Row.fetchAll(
                        db, sql: "SELECT * FROM ledger WHERE campaign = ? AND state = ? ORDER BY id",
                        arguments: [campaign, state.rawValue])
                } else {
                    rows = try Row.fetchAll(db, sql: "SELECT * FROM ledger WHERE campaign = ? ORDER BY id", arguments: [campaign])
                }
                return try rows.map(Self.entry(from:))
            }
        }
    }

    public func claimableEntryIDs(campaign: String, stage: Int?, now: Date, limit: Int) throws -> [Int64] {
        try wrap {
            try pool.read { db in
                var sql = """
                    SELECT id FROM ledger WHERE campaign = ?
                    AND (state = 'planned' OR (state = 'deferred' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)))
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

    public func stateCounts(campaign: String) throws -> [SendLedgerState: Int] {
        try wrap {
            try pool.read { db in
                var counts: [SendLedgerState: Int] = [:]
                for row in try Row.fetchAll(
                    db, sql: "SELECT state, COUNT(*) AS n FROM ledger WHERE campaign = ? GROUP BY state", arguments: [campaign])
                {
                    if let state = SendLedgerState(rawValue: row["state"]) { counts[state] = row["n"] }
                }
                return counts
            }
        }
    }

    // MARK: - Helpers

    /// A Message-ID unique to this row (and workspace): `pitchlab.<row>.<random>@<domain>`.
    static func makeMessageID(entryID: Int64, domain: String) -> String {
        let random = String(UInt64.random(in: .min ... .max), radix: 16)
        return "pitchlab.\(entryID).\(random)@\(domain)"
    }

    static func isBadMailbox(_ reply: SMTPReply) -> Bool {
        reply.enhancedCode?.hasPrefix("5.1.") ?? false
    }

    static func entry(from row: Row) throws -> LedgerEntry {
        let code: Int? = row["last_code"]
        return LedgerEntry(
            id: row["id"], campaign: row["campaign"], recipientID: row["recipient_id"], step: row["step"],
            stage: row["stage"],
            variant: CampaignVariant(
                template: row["template"],
                choice: PitchVariantChoice(
                    subject: row["subject_variant"], message: row["message_variant"], offer: row["offer_variant"])),
            state: SendLedgerState(rawValue: row["state"]) ?? .skipped, messageID: row["message_id"],
            attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"],
            lastReply: code.map { LedgerEntry.LastReply(code: $0, enhancedCode: row["last_enhanced_code"], text: row["last_text"] ?? "") },
            createdAt: row["created_at"], updatedAt: row["updated_at"])
    }
}
