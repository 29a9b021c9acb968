public import Foundation
import Crypto
public import PitchMail

/// Brings replies, automatic replies and bounces into the workspace: parses each raw message,
/// classifies it (bounce → hard or soft; RFC 3834 and out-of-office → automatic; a person → the reply
/// rules on the new text, quotes removed), ties it to its send, stores it raw once (idempotent by
/// Message-ID) and suppresses hard-bounced addresses and "remove me" senders.
///
/// ```swift
/// let ingestor = ReplyIngestor(store: store, rules: try ReplyRules.load(contentsOfFile: path))
/// let summary = try ingestor.ingest(try MailboxFileReader().read(at: "replies.mbox"), now: .now)
/// ```
///
/// Nothing is dropped: a message that cannot be matched is stored and listed as unmatched; one
/// whose MIME is truncated or whose charset is unknown is stored raw and flagged.
public struct ReplyIngestor: Sendable {
    /// Where messages are stored.
    public let store: SQLiteCampaignStore
    /// The classifier for human replies.
    public let classifier: ReplyClassifier

    /// An ingestor with the workspace's reply rules.
    public init(store: SQLiteCampaignStore, rules: ReplyRules = .default) {
        self.store = store
        self.classifier = ReplyClassifier(rules: rules)
    }

    /// Parses, classifies, matches and stores messages; returns what happened to them.
    public func ingest(_ messages: [RawInboundMessage], now: Date) throws -> ReplyIngestSummary {
        var summary = ReplyIngestSummary()
        for message in messages {
            let record = self.record(for: message.bytes, source: message.source.description)
            let result = try store.recordInbound(record, now: now)
            summary.add(record, result)
        }
        return summary
    }

    /// The classified record of one raw message (pure: no I/O).
    public func record(for bytes: [UInt8], source: String) -> InboundRecord {
        let message = InboundMessage(bytes: bytes)
        let key = message.messageID.map { "<\($0)>" } ?? "sha256:" + SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        var record = InboundRecord(
            key: key, messageID: message.messageID, raw: bytes, source: source, sentAt: message.date,
            fromKey: message.from.map { Self.key($0.address) }, subject: message.subject, kind: .human,
            flags: Self.flagNames(message.flags), inReplyTo: message.inReplyTo, references: message.references.reversed(),
            isReplySubject: message.hasReplySubject, baseSubject: message.baseSubject)
        switch InboundClassifier().classify(message) {
        case .bounce(let report):
            record.kind = .bounce
            record.bounceKind = report.kind.rawValue
            record.bounceStatus = report.status
            record.bouncedRecipientKey = report.recipients.first(where: { $0.kind == .hard })?.address.map(Self.key)
                ?? report.recipient.map(Self.key)
            record.bouncedMessageID = report.originalMessageID
            record.evidence = ([report.format.rawValue, report.status, report.diagnostic].compactMap { $0 })
                .joined(separator: "; ").prefix(300).description
            record.suppress = report.kind == .hard
        case .autoReply(let auto):
            record.kind = .autoReply
            record.evidence = auto.reasons.map(\.description).joined(separator: "; ")
        case .human:
            let text = QuotedTextStripper().newText(of: message.textBody ?? "")
            let classification = classifier.classify(text: text)
            record.replyClass = classification.replyClass
            record.suppress = classification.suppress
            record.evidence = classification.evidence.map { "rule \($0.rule): “\($0.matchedText)”" }
        }
        return record
    }

    /// The normalised key of an address, as imports store it.
    static func key(_ address: String) -> String {
        (try? MailAddress(address, field: "address").normalizedKey) ?? address.lowercased()
    }

    static func flagNames(_ flags: InboundFlags) -> String {
        var names: [String] = []
        if flags.contains(.truncatedMIME) { names.append("truncated-mime") }
        if flags.contains(.malformedMIME) { names.append("malformed-mime") }
        if flags.contains(.unknownCharset) { names.append("unknown-charset") }
        if flags.contains(.malformedHeader) { names.append("malformed-header") }
        if flags.contains(.missingMessageID) { names.append("no-message-id") }
        if flags.contains(.badTransferEncoding) { names.append("bad-transfer-encoding") }
        return names.joined(separator: ",")
    }
}

/// What one ingestion did, for the terminal and `--json`.
public struct ReplyIngestSummary: Sendable, Hashable, Codable {
    /// Messages read.
    public var read = 0
    /// Newly stored.
    public var stored = 0
    /// Already stored before (same Message-ID): nothing changed.
    public var duplicates = 0
    /// Newly stored and tied to a send.
    public var matched = 0
    /// Newly stored but tied to no send (listed by `pitchlab replies list --unmatched`).
    public var unmatched = 0
    /// Human replies per class.
    public var replies: [String: Int] = [:]
    /// Automatic replies (never counted as replies).
    public var autoReplies = 0
    /// Hard bounces.
    public var hardBounces = 0
    /// Soft bounces.
    public var softBounces = 0
    /// Addresses newly suppressed (hard bounces, "remove me").
    public var suppressed = 0
    /// Messages stored raw with a parse problem (truncated MIME, unknown charset…).
    public var flagged = 0

    public init() {}

    mutating func add(_ record: InboundRecord, _ result: InboundStoreResult) {
        read += 1
        guard result.inserted else { duplicates += 1; return }
        stored += 1
        if result.ledgerID != nil { matched += 1 } else { unmatched += 1 }
        switch record.kind {
        case .human: replies[(record.replyClass ?? .other).rawValue, default: 0] += 1
        case .autoReply: autoReplies += 1
        case .bounce: if record.bounceKind == "hard" { hardBounces += 1 } else { softBounces += 1 }
        }
        if result.suppressed { suppressed += 1 }
        if !record.flags.isEmpty && record.flags != "no-message-id" { flagged += 1 }
    }

    enum CodingKeys: String, CodingKey {
        case read, stored, duplicates, matched, unmatched, replies, suppressed, flagged
        case autoReplies = "auto_replies"
        case hardBounces = "hard_bounces"
        case softBounces = "soft_bounces"
    }

    /// Terminal lines.
    public var textLines: [String] {
        var lines = ["\(read) message\(read == 1 ? "" : "s") read: \(stored) new, \(duplicates) already stored."]
        guard stored > 0 else { return lines }
        lines.append("  matched to a send: \(matched), unmatched: \(unmatched)\(unmatched > 0 ? " (pitchlab replies list --unmatched)" : "")")
        let classes = ReplyClass.allCases.compactMap { c in replies[c.rawValue].map { "\(c.rawValue) \($0)" } }
        lines.append("  human replies: \(classes.isEmpty ? "none" : classes.joined(separator: ", "))")
        lines.append("  automatic replies: \(autoReplies); bounces: \(hardBounces) hard, \(softBounces) soft")
        if suppressed > 0 { lines.append("  addresses suppressed: \(suppressed)") }
        if flagged > 0 { lines.append("  stored raw with parse problems: \(flagged) (see pitchlab replies list)") }
        return lines
    }
}
