/// Where incoming mail (replies to pitches) is read from.
///
/// A source hands out each message once per cursor: the caller stores the returned cursor and passes
/// it to the next call. Implementations never change the mailbox (no flags, no moves, no deletes).
/// Calls block while they talk to the server: run them on a thread of their own, not on Swift
/// concurrency's cooperative pool.
public protocol MailboxSource: Sendable {
    /// The messages that arrived after `cursor` (all of them when `cursor` is nil), in UID order.
    func fetch(since cursor: MailboxCursor?) throws -> MailboxFetch
}

/// How far a mailbox has been read: the IMAP UIDVALIDITY and the highest UID handed out.
///
/// UIDs are only comparable within one UIDVALIDITY; when the server reports another one, the old
/// cursor means nothing and everything is read again.
public struct MailboxCursor: Sendable, Codable, Hashable {
    public var uidValidity: UInt32
    public var lastUID: UInt32

    public init(uidValidity: UInt32, lastUID: UInt32) {
        self.uidValidity = uidValidity
        self.lastUID = lastUID
    }
}

/// One message exactly as the server stores it.
public struct FetchedMail: Sendable, Hashable {
    /// The message's IMAP UID (unique within the cursor's UIDVALIDITY).
    public let uid: UInt32
    /// The whole message (RFC 5322 header and body), byte for byte, CRLF line ends as served.
    public let raw: [UInt8]

    public init(uid: UInt32, raw: [UInt8]) {
        self.uid = uid
        self.raw = raw
    }
}

/// The result of one ``MailboxSource/fetch(since:)``.
public struct MailboxFetch: Sendable, Hashable {
    /// New messages, ascending by UID.
    public let messages: [FetchedMail]
    /// The cursor to store and pass to the next fetch.
    public let cursor: MailboxCursor
    /// True when the given cursor belonged to another UIDVALIDITY, so `messages` starts again from
    /// the beginning of the mailbox (and may repeat messages handed out before).
    public let uidValidityChanged: Bool
    /// True when more new messages wait than one fetch returns; fetch again with ``cursor``.
    public let hasMore: Bool

    public init(messages: [FetchedMail], cursor: MailboxCursor, uidValidityChanged: Bool, hasMore: Bool = false) {
        self.messages = messages
        self.cursor = cursor
        self.uidValidityChanged = uidValidityChanged
        self.hasMore = hasMore
    }
}
