import Foundation

/// One email to compose: headers as values, and a text body with an optional HTML alternative.
///
/// Every string here is checked by ``MessageComposer`` before it becomes a header, so a value read
/// from a CSV or a template can never add a header of its own.
public struct MailMessage: Sendable, Equatable {
    /// The sender (From).
    public var from: Mailbox
    /// The recipients (To).
    public var to: [Mailbox]
    /// Where replies go, when not to From.
    public var replyTo: Mailbox?
    /// The subject, any Unicode text.
    public var subject: String
    /// The Date header.
    public var date: Date
    /// The Message-ID, without angle brackets (`id@domain`).
    public var messageID: MessageID
    /// The one-click unsubscribe URL (RFC 8058); adds List-Unsubscribe and List-Unsubscribe-Post.
    public var unsubscribeURL: String?
    /// The plain-text body; line endings may be LF, CR or CRLF.
    public var text: String
    /// An HTML alternative (with the tracking pixel, when tracking is on).
    public var html: String?
    /// Extra headers (`X-PitchLab-Campaign` and the like), in order.
    public var extraHeaders: [(name: String, value: String)]

    public init(
        from: Mailbox, to: [Mailbox], replyTo: Mailbox? = nil, subject: String, date: Date,
        messageID: MessageID, unsubscribeURL: String? = nil, text: String, html: String? = nil,
        extraHeaders: [(name: String, value: String)] = []
    ) {
        self.from = from
        self.to = to
        self.replyTo = replyTo
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.unsubscribeURL = unsubscribeURL
        self.text = text
        self.html = html
        self.extraHeaders = extraHeaders
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.from == rhs.from && lhs.to == rhs.to && lhs.replyTo == rhs.replyTo && lhs.subject == rhs.subject
            && lhs.date == rhs.date && lhs.messageID == rhs.messageID && lhs.unsubscribeURL == rhs.unsubscribeURL
            && lhs.text == rhs.text && lhs.html == rhs.html
            && lhs.extraHeaders.map(\.name) == rhs.extraHeaders.map(\.name)
            && lhs.extraHeaders.map(\.value) == rhs.extraHeaders.map(\.value)
    }
}

/// A Message-ID (`left@domain`), unique per message and on the sender's domain.
public struct MessageID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The id without angle brackets.
    public let value: String

    /// Wraps an existing id (as stored in the send ledger).
    public init(_ value: String) { self.value = value }

    /// Makes a new id on `domain` from the clock and the random generator (both injected).
    public static func make(domain: String, date: Date, using rng: inout some RandomNumberGenerator) -> MessageID {
        let millis = UInt64(max(0, date.timeIntervalSince1970 * 1000))
        let random = (0..<2).map { _ in String(rng.next() as UInt64, radix: 36) }.joined(separator: ".")
        return MessageID("\(String(millis, radix: 36)).\(random).pitchlab@\(domain)")
    }

    /// `<id>` as it appears in headers.
    public var bracketed: String { "<\(value)>" }
    public var description: String { bracketed }
}
