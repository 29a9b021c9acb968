public import Foundation
import GRDB

/// The embedded ``CampaignStore``: `pitchlab.sqlite` in the workspace, through GRDB.
///
/// The database runs in WAL mode with `synchronous = FULL` on every connection, so a committed claim
/// or outcome survives a crash or a power loss; the schema is built by a migrator with named versions.
///
/// ```swift
/// let store = try SQLiteCampaignStore(path: workspace.databaseURL.path)
/// try store.recoverInterrupted(now: .now)
/// let claimed = try store.claim(ids, now: .now, messageIDDomain: "brand.example")
/// ```
public final class SQLiteCampaignStore: CampaignStore {
    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating when needed) and migrates the database at `path`.
    ///
    /// - Throws: ``StoreError`` when the file cannot be opened or was written by a newer PitchLab.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // DatabasePool switches its writer to synchronous = NORMAL when it enables WAL, after
            // prepareDatabase has run: set FULL again on the (only, long-lived) writing connection.
            try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = FULL") }
        } catch {
            throw StoreError(
                .cannotOpen,
                "\(path) could not be opened as a PitchLab database (\(Self.reason(error))); check the path and permissions, or move the file aside.")
        }
        // The ledger passes each batch as JSON (json_each and ->>, SQLite 3.38) and reads claims
        // back with RETURNING (3.35).
        let version = (try? pool.read { try String.fetchOne($0, sql: "SELECT sqlite_version()") }) ?? nil
        if let version, Self.versionNumber(version) < 3_038_000 {
            throw StoreError(
                .cannotOpen, "PitchLab needs SQLite 3.38 or newer and this system has \(version); install a newer libsqlite3 (Debian 12 ships 3.40).")
        }
        let migrator = Self.migrator
        do {
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError(
                    .newerSchema, "\(path) was written by a newer PitchLab; upgrade pitchlab before using this workspace.")
            }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                .cannotOpen, "\(path) could not be prepared (\(Self.reason(error))); check that it is a PitchLab database and writable.")
        }
    }

    /// `3.40.1` as 3_040_001, for comparisons.
    static func versionNumber(_ version: String) -> Int {
        let parts = version.split(separator: ".").map { Int($0) ?? 0 } + [0, 0, 0]
        return parts[0] * 1_000_000 + parts[1] * 1_000 + parts[2]
    }

    /// The journal mode in force (`wal`).
    public func journalMode() throws -> String {
        try wrap { try pool.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" } }
    }

    /// The `synchronous` level of the writing connection (2 is FULL).
    public func synchronousLevel() throws -> Int {
        try wrap { try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 } }
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try wrap { try pool.read { try Self.migrator.appliedMigrations($0) } }
    }

    // MARK: - Recipients

    public func importRecipients(_ batch: RecipientImportBatch, now: Date) throws -> RecipientImportSummary {
        try wrap {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT INTO imports (file, rows, imported, merged, rejected, suppressed, at) VALUES (?, ?, 0, 0, 0, 0, ?)",
                    arguments: [batch.file, batch.rows, now])
                let importID = db.lastInsertedRowID
                let isSuppressed = try db.cachedStatement(sql: "SELECT 1 FROM suppressions WHERE email_key = ?")
                let exists = try db.cachedStatement(sql: "SELECT 1 FROM recipients WHERE email_key = ?")
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO recipients (email_key, email, name, handle, platform, followers, avg_views, relevance,
                        cost, persona, type, timezone, extra, first_import_id, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                let merge = try db.cachedStatement(sql: """
                    UPDATE recipients SET name = COALESCE(name, ?), handle = COALESCE(handle, ?),
                        platform = COALESCE(platform, ?), followers = COALESCE(followers, ?),
                        avg_views = COALESCE(avg_views, ?), relevance = COALESCE(relevance, ?),
                        cost = COALESCE(cost, ?), persona = COALESCE(persona, ?), type = COALESCE(type, ?),
                        timezone = COALESCE(timezone, ?), extra = json_patch(?, extra)
                    WHERE email_key = ?
                    """)
                var summary = RecipientImportSummary(
                    rows: batch.rows, imported: 0, merged: 0, rejected: batch.rejected.count, suppressed: 0,
                    errors: batch.rejected)
                for candidate in batch.candidates {
                    if try Int.fetchOne(isSuppressed, arguments: [candidate.emailKey]) != nil {
                        summary.suppressed += 1
                        continue
                    }
                    let f = candidate.fields
                    let extra = try Self.encodeExtra(f.extra)
                    if try Int.fetchOne(exists, arguments: [candidate.emailKey]) != nil {
                        try merge.execute(arguments: [
                            f.name, f.handle, f.platform, f.followers, f.avgViews, f.relevance, f.cost, f.persona,
                            f.type, f.timezone, extra, candidate.emailKey,
                        ])
                        summary.merged += 1
                    } else {
                        try insert.execute(arguments: [
                            candidate.emailKey, candidate.email, f.name, f.handle, f.platform, f.followers, f.avgViews,
                            f.relevance, f.cost, f.persona, f.type, f.timezone, extra, importID, now,
                        ])
                        summary.imported += 1
                    }
                }
                try db.execute(
                    sql: "UPDATE imports SET imported = ?, merged = ?, rejected = ?, suppressed = ? WHERE id = ?",
                    arguments: [summary.imported, summary.merged, summary.rejected, summary.suppressed, importID])
                return summary
            }
        }
    }

    public func recipients() throws -> [StoredRecipient] {
        try wrap {
            try pool.read { db in
                // A cursor: rows are decoded one at a time instead of all being copied first.
                let decoder = JSONDecoder()
                return try Array(Row.fetchCursor(db, sql: "SELECT * FROM recipients ORDER BY id").map { try Self.recipient(from: $0, decoder: decoder) })
            }
        }
    }

    public func recipientCount() throws -> Int {
        try wrap { try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM recipients") ?? 0 } }
    }

    /// The import history, oldest first.
    public func imports() throws -> [ImportRecord] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM imports ORDER BY id").map { row in
                    ImportRecord(
                        id: row["id"], file: row["file"], rows: row["rows"], imported: row["imported"],
                        merged: row["merged"], rejected: row["rejected"], suppressed: row["suppressed"], at: row["at"])
                }
            }
        }
    }

    // MARK: - Suppression

    @discardableResult
    public func addSuppressions(_ emailKeys: [String], reason: Suppression.Reason, source: String, now: Date) throws -> Int {
        try wrap {
            try pool.write { db in
                var added = 0
                for key in emailKeys {
                    try Self.suppress(db, emailKey: key, reason: reason, source: source, now: now)
                    added += db.changesCount
                }
                return added
            }
        }
    }

    @discardableResult
    public func removeSuppressions(_ emailKeys: [String]) throws -> Int {
        try wrap {
            try pool.write { db in
                var removed = 0
                for key in emailKeys {
                    try db.execute(sql: "DELETE FROM suppressions WHERE email_key = ?", arguments: [key])
                    removed += db.changesCount
                }
                return removed
            }
        }
    }

    public func suppressions() throws -> [Suppression] {
        try wrap {
            try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM suppressions ORDER BY id").map { row in
                    Suppression(
                        email: row["email_key"], reason: Suppression.Reason(rawValue: row["reason"]) ?? .manual,
                        source: row["source"], createdAt: row["created_at"])
                }
            }
        }
    }

    public func isSuppressed(_ emailKey: String) throws -> Bool {
        try wrap {
            try pool.read { try Int.fetchOne($0, sql: "SELECT 1 FROM suppressions WHERE email_key = ?", arguments: [emailKey]) != nil }
        }
    }

    // MARK: - Helpers

    static func suppress(_ db: Database, emailKey: String, reason: Suppression.Reason, source: String, now: Date) throws {
        try db.execute(
            sql: """
                INSERT INTO suppressions (email_key, reason, source, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(email_key) DO NOTHING
                """,
            arguments: [emailKey, reason.rawValue, source, now])
    }

    static func encodeExtra(_ extra: [String: String]) throws -> String {
        guard !extra.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(extra), as: UTF8.self)
    }

    static func recipient(from row: Row, decoder: JSONDecoder = JSONDecoder()) throws -> StoredRecipient {
        let extraText: String = row["extra"] ?? "{}"
        let extra = extraText == "{}" ? [:] : (try? decoder.decode([String: String].self, from: Data(extraText.utf8))) ?? [:]
        let fields = RecipientFields(
            name: row["name"], handle: row["handle"], platform: row["platform"], followers: row["followers"],
            avgViews: row["avg_views"], relevance: row["relevance"], cost: row["cost"], persona: row["persona"],
            type: row["type"], timezone: row["timezone"], extra: extra)
        return StoredRecipient(
            id: row["id"], emailKey: row["email_key"], email: row["email"], fields: fields,
            firstImportID: row["first_import_id"])
    }

    /// Runs `body`, turning database errors into a ``StoreError`` without SQL arguments (no addresses).
    func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.database, "the workspace database \(path) failed (\(Self.reason(error))); check the disk and retry.")
        }
    }

    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
        }
        return String(describing: error)
    }
}
