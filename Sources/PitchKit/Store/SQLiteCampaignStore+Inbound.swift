public import Foundation
import GRDB

extension SQLiteCampaignStore {
    /// Stores an inbound message once (by its key), ties it to its send, and suppresses the address
    /// it asks to suppress, all in one transaction. A message already stored changes nothing.
    public func recordInbound(_ record: InboundRecord, now: Date) throws -> InboundStoreResult {
        try wrap {
            try pool.write { db in
                if let existing = try Int64.fetchOne(
                    db, sql: "SELECT id FROM inbound_messages WHERE message_key = ?", arguments: [record.key])
                {
                    return InboundStoreResult(inserted: false, id: existing, ledgerID: nil, match: nil, suppressed: false)
                }
                let (ledgerID, match) = try Self.match(db, record)
                var suppressed = false
                if record.suppress {
                    // A hard bounce suppresses the address that failed; a "remove me" the sender's.
                    var key = record.kind == .bounce ? record.bouncedRecipientKey : record.fromKey
                    if key == nil, let ledgerID {
                        key = try String.fetchOne(
                            db, sql: "SELECT recipients.email_key FROM ledger JOIN recipients ON recipients.id = ledger.recipient_id WHERE ledger.id = ?",
                            arguments: [ledgerID])
                    }
                    if let key {
                        let reason: Suppression.Reason = record.kind == .bounce ? .hardBounce : .unsubscribe
                        let source = record.kind == .bounce
                            ? "bounce \(record.bounceStatus ?? "")".trimmingCharacters(in: .whitespaces)
                            : "asked in a reply to be removed"
                        try Self.suppress(db, emailKey: key, reason: reason, source: source, now: now)
                        suppressed = db.changesCount > 0
                    }
                }
                try db.execute(
                    sql: """
                        INSERT INTO inbound_messages (message_key, message_id, raw, source, sent_at, imported_at, from_key,
                            subject, kind, bounce_kind, bounce_status, flags, ledger_id, match, reply_class, class_source,
                            evidence, suppressed)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.key, record.messageID, Data(record.raw), record.source, record.sentAt, now, record.fromKey,
                        record.subject, record.kind.rawValue, record.bounceKind, record.bounceStatus, record.flags, ledgerID,
                        match?.rawValue, record.replyClass?.rawValue, record.replyClass == nil ? nil : "rules",
                        record.evidence, suppressed,
                    ])
                return InboundStoreResult(
                    inserted: true, id: db.lastInsertedRowID, ledgerID: ledgerID, match: match, suppressed: suppressed)
            }
        }
    }

    /// The send an inbound message answers: by Message-ID (In-Reply-To, References, the bounce's
    /// quoted id), then by the bounced recipient, then by the sender's address (with the thread's
    /// subject when it still reads as a reply).
    static func match(_ db: Database, _ record: InboundRecord) throws -> (Int64?, InboundRecord.Match?) {
        let byMessageID = try db.cachedStatement(sql: "SELECT id FROM ledger WHERE message_id = ?")
        var candidates: [(String, InboundRecord.Match)] = []
        if let id = record.bouncedMessageID { candidates.append((id, .bouncedMessageID)) }
        candidates += record.inReplyTo.map { ($0, .inReplyTo) }
        candidates += record.references.map { ($0, .references) }
        for (id, how) in candidates {
            if let ledgerID = try Int64.fetchOne(byMessageID, arguments: [id]) { return (ledgerID, how) }
        }
        // The latest send to an address that went out (accepted or ambiguous).
        let latestTo = try db.cachedStatement(sql: """
            SELECT ledger.id FROM ledger JOIN recipients ON recipients.id = ledger.recipient_id
            WHERE recipients.email_key = ? AND ledger.state IN ('accepted', 'ambiguous')
            ORDER BY COALESCE(ledger.finished_at, ledger.updated_at) DESC, ledger.id DESC LIMIT 1
            """)
        if record.kind == .bounce {
            if let key = record.bouncedRecipientKey, let ledgerID = try Int64.fetchOne(latestTo, arguments: [key]) {
                return (ledgerID, .bouncedRecipient)
            }
            return (nil, nil)
        }
        if let key = record.fromKey, let ledgerID = try Int64.fetchOne(latestTo, arguments: [key]) {
            return (ledgerID, record.isReplySubject ? .senderAndThread : .sender)
        }
        return (nil, nil)
    }

    /// Stored inbound messages, oldest first, with the campaign, stage and variant of their send.
    public func inboundMessages() throws -> [StoredInbound] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT i.id, i.message_id, i.source, i.sent_at, i.imported_at, i.from_key, i.subject, i.kind,
                            i.bounce_kind, i.bounce_status, i.flags, i.ledger_id, l.campaign, l.stage,
                            l.subject_variant || '/' || l.message_variant || '/' || l.offer_variant, i.match,
                            i.reply_class, i.class_source, i.evidence, i.suppressed
                        FROM inbound_messages i LEFT JOIN ledger l ON l.id = i.ledger_id ORDER BY i.id
                        """
                ).map { row in
                    StoredInbound(
                        id: row[0], messageID: row[1], source: row[2], sentAt: row[3], importedAt: row[4], from: row[5],
                        subject: row[6], kind: InboundRecord.Kind(rawValue: row[7]) ?? .human, bounceKind: row[8],
                        bounceStatus: row[9], flags: row[10], ledgerID: row[11], campaign: row[12], stage: row[13],
                        variant: row[14], match: row[15], replyClass: (row[16] as String?).flatMap(ReplyClass.init(rawValue:)),
                        classSource: row[17], evidence: row[18], suppressed: row[19])
                }
            }
        }
    }

    /// The raw bytes of a stored inbound message.
    public func inboundRaw(id: Int64) throws -> [UInt8]? {
        try wrap { try pool.read { db in try Data.fetchOne(db, sql: "SELECT raw FROM inbound_messages WHERE id = ?", arguments: [id]).map { Array($0) } } }
    }

    /// Overrides the class of a stored human reply (`pitchlab replies label`).
    public func labelInbound(id: Int64, as replyClass: ReplyClass) throws {
        try wrap {
            try pool.write { db in
                guard let kind = try String.fetchOne(db, sql: "SELECT kind FROM inbound_messages WHERE id = ?", arguments: [id]) else {
                    throw StoreError(.invalidInput, "no stored reply has id \(id); run 'pitchlab replies list' to see the ids.")
                }
                guard kind == InboundRecord.Kind.human.rawValue else {
                    throw StoreError(
                        .invalidInput,
                        "message \(id) is \(kind == "bounce" ? "a bounce" : "an automatic reply"), not a human reply, so it has no reply class.")
                }
                try db.execute(
                    sql: "UPDATE inbound_messages SET reply_class = ?, class_source = 'manual' WHERE id = ?",
                    arguments: [replyClass.rawValue, id])
            }
        }
    }

    /// The position reached in a mailbox (nil before the first fetch).
    public func mailboxCursor(_ mailbox: String) throws -> (uidValidity: UInt32, lastUID: UInt32)? {
        try wrap {
            try pool.read { db in
                try Row.fetchOne(db, sql: "SELECT uid_validity, last_uid FROM mailbox_cursors WHERE mailbox = ?", arguments: [mailbox])
                    .map { (UInt32(truncatingIfNeeded: $0[0] as Int64), UInt32(truncatingIfNeeded: $0[1] as Int64)) }
            }
        }
    }

    /// Saves the position reached in a mailbox.
    public func setMailboxCursor(_ mailbox: String, uidValidity: UInt32, lastUID: UInt32, now: Date) throws {
        try wrap {
            try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO mailbox_cursors (mailbox, uid_validity, last_uid, updated_at) VALUES (?, ?, ?, ?)
                        ON CONFLICT(mailbox) DO UPDATE SET uid_validity = excluded.uid_validity,
                            last_uid = excluded.last_uid, updated_at = excluded.updated_at
                        """,
                    arguments: [mailbox, Int64(uidValidity), Int64(lastUID), now])
            }
        }
    }
}
