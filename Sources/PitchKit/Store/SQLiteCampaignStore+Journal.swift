public import Foundation
import GRDB

extension SQLiteCampaignStore {
    /// Adds a note to a campaign's journal and returns it.
    @discardableResult
    public func addNote(campaign: String, text: String, at: Date) throws -> JournalNote {
        try wrap {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO journal_notes (campaign, text, at) VALUES (?, ?, ?)", arguments: [campaign, text, at])
                return JournalNote(id: db.lastInsertedRowID, campaign: campaign, at: at, text: text)
            }
        }
    }

    /// A campaign's notes, oldest first.
    public func notes(campaign: String) throws -> [JournalNote] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(
                    db, sql: "SELECT id, campaign, at, text FROM journal_notes WHERE campaign = ? ORDER BY at, id",
                    arguments: [campaign]
                ).map { JournalNote(id: $0[0], campaign: $0[1], at: $0[2], text: $0[3]) }
            }
        }
    }

    /// When the relay first accepted a pitch of the campaign: the campaign's start; nil before that.
    public func firstAcceptedAt(campaign: String) throws -> Date? {
        try wrap {
            try pool.read { db in
                try Date.fetchOne(
                    db, sql: "SELECT MIN(finished_at) FROM ledger WHERE campaign = ? AND state = 'accepted'",
                    arguments: [campaign])
            }
        }
    }

    /// One stored human reply of a class, tied to a send of the campaign, with its raw bytes.
    struct ClassedReply: Sendable {
        var inboundID: Int64
        var recipientID: Int64
        var sentAt: Date?
        var raw: [UInt8]
    }

    /// The campaign's human replies of `replyClass`, oldest first.
    func replies(campaign: String, replyClass: ReplyClass) throws -> [ClassedReply] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT i.id, l.recipient_id, COALESCE(i.sent_at, i.imported_at), i.raw FROM inbound_messages i
                        JOIN ledger l ON l.id = i.ledger_id
                        WHERE l.campaign = ? AND i.kind = 'human' AND i.reply_class = ? ORDER BY i.id
                        """,
                    arguments: [campaign, replyClass.rawValue]
                ).map { row in
                    ClassedReply(inboundID: row[0], recipientID: row[1], sentAt: row[2], raw: Array(row[3] as Data))
                }
            }
        }
    }
}
