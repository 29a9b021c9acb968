public import Foundation
import GRDB

extension SQLiteCampaignStore {
    /// Ties the rows of a conversions file to creators and stores them, in one transaction.
    ///
    /// The creators' codes and URLs are read in the same transaction (see ``CreatorAttribution``).
    /// A row whose key is already stored is counted as a duplicate and changes nothing; a row that
    /// cannot be tied to a creator is rejected with its line.
    public func importConversions(_ batch: ConversionImportBatch, now: Date) throws -> ConversionImportSummary {
        try wrap {
            try pool.write { db in
                let recipients = try Row.fetchAll(db, sql: "SELECT * FROM recipients ORDER BY id").map { try Self.recipient(from: $0) }
                let attribution = CreatorAttribution(recipients: recipients)
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO conversions (key, kind, recipient_id, matched_by, order_id, code, url, amount, occurred_at,
                        file, line, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(key) DO NOTHING
                    """)
                var summary = ConversionImportSummary(
                    rows: batch.rows, imported: 0, duplicates: 0, rejected: 0, errors: batch.rejected)
                for candidate in batch.candidates {
                    switch attribution.attribute(candidate) {
                    case .rejected(let error):
                        summary.errors.append(error)
                    case .creator(let recipientID, let match):
                        try insert.execute(arguments: [
                            candidate.key, candidate.kind.rawValue, recipientID, match.rawValue, candidate.orderID,
                            candidate.code, candidate.url, candidate.amount, candidate.occurredAt, batch.file, candidate.line, now,
                        ])
                        if db.changesCount > 0 { summary.imported += 1 } else { summary.duplicates += 1 }
                    }
                }
                summary.errors.sort { ($0.line, $0.field) < ($1.line, $1.field) }
                summary.rejected = summary.errors.count
                return summary
            }
        }
    }

    /// Every stored conversion, oldest first (by when it happened, then by id).
    public func conversions() throws -> [StoredConversion] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: "SELECT id, key, kind, recipient_id, matched_by, amount, occurred_at FROM conversions ORDER BY occurred_at, id"
                ).map { row in
                    StoredConversion(
                        id: row[0], key: row[1], kind: ConversionKind(rawValue: row[2]) ?? .order, recipientID: row[3],
                        matchedBy: ConversionMatch(rawValue: row[4]) ?? .code, amount: row[5], occurredAt: row[6])
                }
            }
        }
    }
}
