import Foundation
import GRDB

extension SQLiteCampaignStore: TrackingEventSink {
    @discardableResult
    public func recordTracking(_ events: [TrackingEvent]) throws -> Int {
        guard !events.isEmpty else { return 0 }
        return try wrap {
            try pool.write { db in
                // The time since the relay accepted the send is computed from the ledger in the same statement.
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO tracking_hits (ledger_id, kind, at, since_accepted, ip, user_agent, destination)
                    SELECT ledger.id, ?, ?,
                        CASE WHEN ledger.state = 'accepted' AND ledger.finished_at IS NOT NULL
                             THEN (julianday(?) - julianday(ledger.finished_at)) * 86400.0 END,
                        ?, ?, ?
                    FROM ledger WHERE ledger.id = ?
                    """)
                let suppress = try db.cachedStatement(sql: """
                    INSERT INTO suppressions (email_key, reason, source, created_at)
                    SELECT recipients.email_key, 'unsubscribe', 'one-click unsubscribe (campaign ' || ledger.campaign || ')', ?
                    FROM ledger JOIN recipients ON recipients.id = ledger.recipient_id WHERE ledger.id = ?
                    ON CONFLICT(email_key) DO NOTHING
                    """)
                var stored = 0
                for event in events {
                    let at = Self.storedDate(event.at)
                    try insert.execute(arguments: [
                        event.kind.rawValue, at, at, event.ip.map { String($0.prefix(64)) },
                        event.userAgent.map { String($0.prefix(512)) }, event.destination.map { String($0.prefix(2048)) },
                        event.entryID,
                    ])
                    guard db.changesCount == 1 else { continue }
                    stored += 1
                    if event.kind == .unsubscribe { try suppress.execute(arguments: [at, event.entryID]) }
                }
                return stored
            }
        }
    }

    /// Stored tracking hits, oldest first, optionally of one kind.
    public func trackingHits(kind: TrackingEvent.Kind? = nil) throws -> [StoredTrackingHit] {
        try wrap {
            try pool.read { db in
                let rows: [Row]
                if let kind {
                    rows = try Row.fetchAll(db, sql: "SELECT * FROM tracking_hits WHERE kind = ? ORDER BY id", arguments: [kind.rawValue])
                } else {
                    rows = try Row.fetchAll(db, sql: "SELECT * FROM tracking_hits ORDER BY id")
                }
                return rows.map { row in
                    StoredTrackingHit(
                        id: row["id"], kind: TrackingEvent.Kind(rawValue: row["kind"]) ?? .open, entryID: row["ledger_id"],
                        at: row["at"], sinceAccepted: row["since_accepted"], ip: row["ip"], userAgent: row["user_agent"],
                        destination: row["destination"])
                }
            }
        }
    }

    /// How many tracking hits of each kind are stored.
    public func trackingHitCounts() throws -> [TrackingEvent.Kind: Int] {
        try wrap {
            try pool.read { db in
                var counts: [TrackingEvent.Kind: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) AS n FROM tracking_hits GROUP BY kind") {
                    if let kind = TrackingEvent.Kind(rawValue: row["kind"]) { counts[kind] = row["n"] }
                }
                return counts
            }
        }
    }
}
