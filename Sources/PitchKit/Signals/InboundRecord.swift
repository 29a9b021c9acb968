public import Foundation

/// A message from the reply mailbox, classified and ready to store (raw bytes kept as they came).
public struct InboundRecord: Sendable, Hashable {
    /// What kind of message it is.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A person wrote it.
        case human
        /// An automatic reply (out of office, vacation, RFC 3834): never counted as a reply.
        case autoReply = "auto_reply"
        /// A delivery status notification (bounce).
        case bounce
    }

    /// How the message was tied to a send.
    public enum Match: String, Sendable, Hashable, Codable {
        /// Its In-Reply-To names a PitchLab Message-ID.
        case inReplyTo = "in-reply-to"
        /// Its References name a PitchLab Message-ID.
        case references
        /// The bounce report quotes the original Message-ID.
        case bouncedMessageID = "bounced-message-id"
        /// The bounce names the failed recipient, who was pitched.
        case bouncedRecipient = "bounced-recipient"
        /// It comes from a pitched recipient's address and answers the pitch's subject.
        case senderAndThread = "sender-and-thread"
        /// It comes from a pitched recipient's address (no thread information survived).
        case sender
    }

    /// The idempotency key: the Message-ID, or `sha256:` and the digest of the raw bytes when it has none.
    public var key: String
    /// The Message-ID without angle brackets.
    public var messageID: String?
    /// The message exactly as fetched.
    public var raw: [UInt8]
    /// Where it came from (`imap://…; UID 12`, `replies.mbox, message 3 (line 24)`).
    public var source: String
    /// Its Date header.
    public var sentAt: Date?
    /// The normalised From address.
    public var fromKey: String?
    /// The decoded subject.
    public var subject: String?
    /// Human, automatic or bounce.
    public var kind: Kind
    /// For bounces: hard or soft.
    public var bounceKind: String?
    /// For bounces: the enhanced status code (`5.1.1`).
    public var bounceStatus: String?
    /// For bounces: the normalised address that failed.
    public var bouncedRecipientKey: String?
    /// For bounces: the original Message-ID quoted in the report.
    public var bouncedMessageID: String?
    /// Parse problems (`truncated-mime`, `unknown-charset`…), comma-separated; empty when clean.
    public var flags: String
    /// In-Reply-To first, then References from the most recent.
    public var inReplyTo: [String]
    /// References, most recent first.
    public var references: [String]
    /// True when the subject is a reply ("Re: …"), for sender-and-thread matching.
    public var isReplySubject: Bool
    /// The subject without reply prefixes.
    public var baseSubject: String
    /// For human replies: the class from the rules.
    public var replyClass: ReplyClass?
    /// Why that class (rule and phrase), or why the message is automatic.
    public var evidence: String?
    /// True when the message asks for the address to be suppressed (a hard bounce, "remove me").
    public var suppress: Bool

    /// Creates a record.
    public init(
        key: String, messageID: String?, raw: [UInt8], source: String, sentAt: Date?, fromKey: String?, subject: String?,
        kind: Kind, bounceKind: String? = nil, bounceStatus: String? = nil, bouncedRecipientKey: String? = nil,
        bouncedMessageID: String? = nil, flags: String = "", inReplyTo: [String] = [], references: [String] = [],
        isReplySubject: Bool = false, baseSubject: String = "", replyClass: ReplyClass? = nil, evidence: String? = nil,
        suppress: Bool = false
    ) {
        self.key = key
        self.messageID = messageID
        self.raw = raw
        self.source = source
        self.sentAt = sentAt
        self.fromKey = fromKey
        self.subject = subject
        self.kind = kind
        self.bounceKind = bounceKind
        self.bounceStatus = bounceStatus
        self.bouncedRecipientKey = bouncedRecipientKey
        self.bouncedMessageID = bouncedMessageID
        self.flags = flags
        self.inReplyTo = inReplyTo
        self.references = references
        self.isReplySubject = isReplySubject
        self.baseSubject = baseSubject
        self.replyClass = replyClass
        self.evidence = evidence
        self.suppress = suppress
    }
}

/// What storing one inbound message did.
public struct InboundStoreResult: Sendable, Hashable {
    /// False when a message with the same key was already stored (nothing changed).
    public var inserted: Bool
    /// The stored row's id.
    public var id: Int64
    /// The ledger row it was matched to, and how.
    public var ledgerID: Int64?
    /// How it was matched.
    public var match: InboundRecord.Match?
    /// True when an address was newly suppressed because of it.
    public var suppressed: Bool
}

/// A stored inbound message, for review (`pitchlab replies list`).
public struct StoredInbound: Sendable, Hashable, Codable {
    public var id: Int64
    public var messageID: String?
    public var source: String
    public var sentAt: Date?
    public var importedAt: Date
    public var from: String?
    public var subject: String?
    public var kind: InboundRecord.Kind
    public var bounceKind: String?
    public var bounceStatus: String?
    public var flags: String
    public var ledgerID: Int64?
    public var campaign: String?
    public var stage: Int?
    public var variant: String?
    public var match: String?
    public var replyClass: ReplyClass?
    public var classSource: String?
    public var evidence: String?
    public var suppressed: Bool

    enum CodingKeys: String, CodingKey {
        case id, source, from, subject, kind, flags, campaign, stage, variant, match, evidence, suppressed
        case messageID = "message_id"
        case sentAt = "sent_at"
        case importedAt = "imported_at"
        case bounceKind = "bounce_kind"
        case bounceStatus = "bounce_status"
        case ledgerID = "ledger_id"
        case replyClass = "reply_class"
        case classSource = "class_source"
    }
}
