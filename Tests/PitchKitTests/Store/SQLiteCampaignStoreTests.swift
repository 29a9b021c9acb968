import Foundation
@testable import PitchKit
import Testing

/// The SQLite store itself: durability settings, migrations, suppression list.
@Suite("SQLite campaign store")
struct SQLiteCampaignStoreTests {
    @Test("WAL and synchronous = FULL are in force, migrations are named")
    func pragmas() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        #expect(try test.store.journalMode() == "wal")
        #expect(try test.store.synchronousLevel() == 2)
        #expect(try test.store.appliedMigrations() == ["v1 recipients, suppressions and imports", "v1 send ledger", "v2 signals: tracking hits, inbound mail, mailbox cursors", "v3 goals: conversions and journal", "v4 ledger: one index on state"])
        #expect(FileManager.default.fileExists(atPath: test.workspace.databaseURL.path))
        // Reopening an up-to-date database migrates nothing and keeps the settings.
        let again = try SQLiteCampaignStore(path: test.workspace.databaseURL.path)
        #expect(try again.synchronousLevel() == 2)
    }

    @Test("suppressions are unique by normalised address; add and remove report counts")
    func suppressionList() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        let now = Date()
        #expect(try test.store.addSuppressions(["a@example.com", "b@example.org"], reason: .manual, source: "cli", now: now) == 2)
        #expect(try test.store.addSuppressions(["a@example.com"], reason: .complaint, source: "cli", now: now) == 0)
        #expect(try test.store.suppressions().map(\.email) == ["a@example.com", "b@example.org"])
        #expect(try test.store.suppressions().first?.reason == .manual)
        #expect(try test.store.isSuppressed("b@example.org"))
        #expect(try test.store.removeSuppressions(["b@example.org", "c@example.net"]) == 1)
        #expect(try test.store.isSuppressed("b@example.org") == false)
    }

    @Test("a file that is not a database gives a StoreError naming the path")
    func notADatabase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("pitchlab.sqlite").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try SQLiteCampaignStore(path: path) }
        #expect(error?.description.contains(path) == true)
    }
}

@Suite("SQLite version check")
struct SQLiteVersionTests {
    @Test("versions compare by their parts, and this system's SQLite is new enough")
    func versions() throws {
        #expect(SQLiteCampaignStore.versionNumber("3.40.1") == 3_040_001)
        #expect(SQLiteCampaignStore.versionNumber("3.38") == 3_038_000)
        #expect(SQLiteCampaignStore.versionNumber("3.9.2") < SQLiteCampaignStore.versionNumber("3.38.0"))
        let test = try TestWorkspace()  // opening checks the version
        test.remove()
    }
}
