public import Foundation
import PitchMail

/// A problem bringing replies in; one sentence naming the file or setting and what to do.
public struct ReplyImportError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension Workspace {
    /// The reply rules: `reply-rules.yaml` in the workspace when present, else the built-in English and French rules.
    public func replyRules() throws -> ReplyRules {
        let url = directory.appendingPathComponent(ReplyRules.defaultFileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return .default }
        return try ReplyRules.load(contentsOfFile: url.path)
    }

    /// Imports replies from `.eml` files, mbox files, Maildir folders or folders of `.eml` files.
    ///
    /// - Throws: ``ReplyImportError`` naming the path that cannot be read; nothing of that path is stored.
    public func importReplies(paths: [String], store: SQLiteCampaignStore, now: Date) throws -> ReplyIngestSummary {
        try requireInitialized()
        let ingestor = ReplyIngestor(store: store, rules: try replyRules())
        var messages: [RawInboundMessage] = []
        for path in paths {
            do {
                messages += try MailboxFileReader().read(at: path)
            } catch {
                throw ReplyImportError("\(error)")
            }
        }
        return try ingestor.ingest(messages, now: now)
    }

    /// Fetches new messages from the configured IMAP mailbox (read-only: nothing is marked read),
    /// from where the last fetch stopped (UIDVALIDITY and last UID, stored in the workspace).
    ///
    /// - Parameter caFile: A CA bundle to trust (for a private server); the system's otherwise.
    public func fetchReplies(
        store: SQLiteCampaignStore, environment: [String: String], caFile: String? = nil, now: Date
    ) throws -> ReplyFetchSummary {
        try requireInitialized()
        let config = try CampaignConfig.load(contentsOf: configURL, displayPath: Workspace.configFileName, environment: environment)
        guard let imap = config.imap else {
            throw ReplyImportError(
                "\(Workspace.configFileName) has no imap section; add imap: with url: imaps://host/INBOX, username: and password_env:, or use 'pitchlab replies import FILE'.")
        }
        guard let username = imap.username else {
            throw ReplyImportError("imap.username is missing in \(Workspace.configFileName); add the mailbox login under imap:.")
        }
        let configuration = IMAPConfiguration(
            url: imap.url, username: username, password: imap.password ?? .environment("PITCHLAB_IMAP_PASSWORD"),
            caFile: caFile)
        let mailbox = try CurlIMAPMailbox(configuration: configuration)
        defer { mailbox.close() }
        let cursorKey = "\(imap.url) \(username)"
        var cursor = try store.mailboxCursor(cursorKey).map { MailboxCursor(uidValidity: $0.uidValidity, lastUID: $0.lastUID) }
        let ingestor = ReplyIngestor(store: store, rules: try replyRules())
        var summary = ReplyFetchSummary()
        while true {
            let fetch = try mailbox.fetch(since: cursor)
            summary.uidValidityChanged = summary.uidValidityChanged || fetch.uidValidityChanged
            let messages = fetch.messages.map {
                RawInboundMessage(bytes: $0.raw, source: MessageSource(path: "\(imap.url) UID \($0.uid)"))
            }
            summary.ingest.merge(try ingestor.ingest(messages, now: now))
            try store.setMailboxCursor(cursorKey, uidValidity: fetch.cursor.uidValidity, lastUID: fetch.cursor.lastUID, now: now)
            cursor = fetch.cursor
            guard fetch.hasMore, !fetch.messages.isEmpty else { break }
        }
        summary.uidValidity = cursor?.uidValidity ?? 0
        summary.lastUID = cursor?.lastUID ?? 0
        return summary
    }
}

/// What one `pitchlab replies fetch` did.
public struct ReplyFetchSummary: Sendable, Hashable, Codable {
    /// What happened to the messages fetched.
    public var ingest = ReplyIngestSummary()
    /// The mailbox's UIDVALIDITY now.
    public var uidValidity: UInt32 = 0
    /// The highest UID read.
    public var lastUID: UInt32 = 0
    /// True when the server renumbered the mailbox since the last fetch (everything was read again;
    /// messages already stored were recognised by Message-ID).
    public var uidValidityChanged = false

    public init() {}

    enum CodingKeys: String, CodingKey {
        case ingest
        case uidValidity = "uid_validity"
        case lastUID = "last_uid"
        case uidValidityChanged = "uid_validity_changed"
    }

    /// Terminal lines.
    public var textLines: [String] {
        var lines = ingest.textLines
        if uidValidityChanged {
            lines.append("The mailbox was renumbered (UIDVALIDITY changed): it was read again; stored messages were recognised.")
        }
        return lines
    }
}

extension ReplyIngestSummary {
    /// Adds another ingestion's counts.
    mutating func merge(_ other: ReplyIngestSummary) {
        read += other.read
        stored += other.stored
        duplicates += other.duplicates
        matched += other.matched
        unmatched += other.unmatched
        for (k, v) in other.replies { replies[k, default: 0] += v }
        autoReplies += other.autoReplies
        hardBounces += other.hardBounces
        softBounces += other.softBounces
        suppressed += other.suppressed
        flagged += other.flagged
    }
}
