import GRDB

extension SQLiteCampaignStore {
    /// The schema, one named migration per version; applied migrations are recorded in the database.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 recipients, suppressions and imports") { db in
            try db.execute(sql: """
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    file TEXT NOT NULL,
                    rows INTEGER NOT NULL,
                    imported INTEGER NOT NULL,
                    merged INTEGER NOT NULL,
                    rejected INTEGER NOT NULL,
                    suppressed INTEGER NOT NULL,
                    at DATETIME NOT NULL
                );
                CREATE TABLE recipients (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email_key TEXT NOT NULL UNIQUE,
                    email TEXT NOT NULL,
                    name TEXT,
                    handle TEXT,
                    platform TEXT,
                    followers INTEGER,
                    avg_views INTEGER,
                    relevance DOUBLE CHECK (relevance IS NULL OR (relevance >= 0 AND relevance <= 1)),
                    cost DOUBLE,
                    persona TEXT,
                    type TEXT,
                    timezone TEXT,
                    extra TEXT NOT NULL DEFAULT '{}',
                    first_import_id INTEGER REFERENCES imports(id),
                    created_at DATETIME NOT NULL
                );
                CREATE TABLE suppressions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email_key TEXT NOT NULL UNIQUE,
                    reason TEXT NOT NULL CHECK (reason IN ('unsubscribe', 'hard-bounce', 'manual', 'complaint')),
                    source TEXT NOT NULL,
                    created_at DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v1 send ledger") { db in
            try db.execute(sql: """
                CREATE TABLE ledger (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    campaign TEXT NOT NULL,
                    recipient_id INTEGER NOT NULL REFERENCES recipients(id),
                    step INTEGER NOT NULL DEFAULT 0,
                    stage INTEGER NOT NULL,
                    template TEXT NOT NULL,
                    subject_variant TEXT NOT NULL,
                    message_variant TEXT NOT NULL,
                    offer_variant TEXT NOT NULL,
                    state TEXT NOT NULL DEFAULT 'planned' CHECK (state IN
                        ('planned', 'sending', 'accepted', 'deferred', 'rejected', 'ambiguous', 'suppressed', 'skipped')),
                    message_id TEXT UNIQUE,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at DATETIME,
                    last_code INTEGER,
                    last_enhanced_code TEXT,
                    last_text TEXT,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL,
                    claimed_at DATETIME,
                    finished_at DATETIME,
                    UNIQUE (campaign, recipient_id, step)
                );
                CREATE INDEX ledger_campaign_state ON ledger (campaign, state);
                CREATE INDEX ledger_state ON ledger (state);
                """)
        }
        migrator.registerMigration("v2 signals: tracking hits, inbound mail, mailbox cursors") { db in
            try db.execute(sql: """
                CREATE TABLE tracking_hits (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    ledger_id INTEGER NOT NULL REFERENCES ledger(id),
                    kind TEXT NOT NULL CHECK (kind IN ('open', 'click', 'unsubscribe')),
                    at DATETIME NOT NULL,
                    since_accepted DOUBLE,
                    ip TEXT,
                    user_agent TEXT,
                    destination TEXT,
                    machine_flag INTEGER,
                    class TEXT
                );
                CREATE INDEX tracking_hits_ledger ON tracking_hits (ledger_id);
                CREATE TABLE inbound_messages (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_key TEXT NOT NULL UNIQUE,
                    message_id TEXT,
                    raw BLOB NOT NULL,
                    source TEXT NOT NULL,
                    sent_at DATETIME,
                    imported_at DATETIME NOT NULL,
                    from_key TEXT,
                    subject TEXT,
                    kind TEXT NOT NULL CHECK (kind IN ('human', 'auto_reply', 'bounce')),
                    bounce_kind TEXT,
                    bounce_status TEXT,
                    flags TEXT NOT NULL DEFAULT '',
                    ledger_id INTEGER REFERENCES ledger(id),
                    match TEXT,
                    reply_class TEXT,
                    class_source TEXT,
                    evidence TEXT,
                    suppressed INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX inbound_messages_ledger ON inbound_messages (ledger_id);
                CREATE TABLE mailbox_cursors (
                    mailbox TEXT PRIMARY KEY,
                    uid_validity INTEGER NOT NULL,
                    last_uid INTEGER NOT NULL,
                    updated_at DATETIME NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3 goals: conversions and journal") { db in
            try db.execute(sql: """
                CREATE TABLE conversions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    key TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('order', 'signup', 'post')),
                    recipient_id INTEGER NOT NULL REFERENCES recipients(id),
                    matched_by TEXT NOT NULL CHECK (matched_by IN ('code', 'url')),
                    order_id TEXT,
                    code TEXT,
                    url TEXT,
                    amount DOUBLE CHECK (amount IS NULL OR amount >= 0),
                    occurred_at DATETIME NOT NULL,
                    file TEXT NOT NULL,
                    line INTEGER NOT NULL,
                    imported_at DATETIME NOT NULL
                );
                CREATE INDEX conversions_recipient ON conversions (recipient_id);
                CREATE INDEX conversions_kind_time ON conversions (kind, occurred_at);
                CREATE TABLE journal_notes (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    campaign TEXT NOT NULL,
                    text TEXT NOT NULL,
                    at DATETIME NOT NULL
                );
                CREATE INDEX journal_notes_campaign ON journal_notes (campaign, at);
                """)
        }
        // Every claim and outcome changes a row's state, and each index on state is rewritten with
        // it: the state-only index served only the startup recovery, which scans instead.
        migrator.registerMigration("v4 ledger: one index on state") { db in
            try db.execute(sql: "DROP INDEX ledger_state")
        }
        return migrator
    }
}
