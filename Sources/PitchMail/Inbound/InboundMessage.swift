import Foundation

/// A received message (RFC 5322 with MIME), parsed from its raw bytes.
///
/// Parsing never fails and never traps, whatever the input: what cannot be read is left empty and
/// recorded in ``flags``. The raw bytes are kept.
///
/// ```swift
/// let message = InboundMessage(data: try Data(contentsOf: url))
/// if message.inReplyTo.contains(sentID) { print(message.textBody ?? "") }
/// ```
public struct InboundMessage: Sendable {
    /// The message exactly as received.
    public let raw: [UInt8]
    /// The top-level header fields, in order.
    public var headers: InboundHeaders { root.headers }
    /// The MIME tree; the root part is the message itself.
    public let root: MIMEPart
    /// What was wrong or unusual in the message.
    public let flags: InboundFlags

    /// The Message-ID without angle brackets, or nil (then ``flags`` holds `missingMessageID`).
    public let messageID: String?
    /// The ids in In-Reply-To, without angle brackets.
    public let inReplyTo: [String]
    /// The ids in References, without angle brackets, oldest first.
    public let references: [String]
    /// The first mailbox of From.
    public let from: InboundAddress?
    /// The mailboxes of Reply-To.
    public let replyTo: [InboundAddress]
    /// The mailboxes of To.
    public let to: [InboundAddress]
    /// The mailboxes of Cc.
    public let cc: [InboundAddress]
    /// The decoded Subject, or nil when there is none.
    public let subject: String?
    /// The Date, or nil when missing or unparsable.
    public let date: Date?
    /// The Return-Path address; an empty string for the null path `<>` (bounces, auto-replies).
    public let returnPath: String?
    /// The best plain text of the message: the first text/plain part that is not an attachment,
    /// else the first HTML part turned into text; nil when there is neither.
    public let textBody: String?
    /// The first text/html part that is not an attachment, decoded, or nil.
    public let htmlBody: String?

    /// Parses raw message bytes (CRLF or LF line ends).
    public init(bytes: [UInt8]) {
        raw = bytes
        var state = MIMEParser.State()
        let root = MIMEParser.parse(bytes[...], defaultType: "text/plain", depth: 0, state: &state)
        self.root = root
        let headers = root.headers

        messageID = headers.rawValue("Message-ID").flatMap { MessageIDList.parse($0).first }
        if messageID == nil { state.flags.insert(.missingMessageID) }
        inReplyTo = headers.rawValues("In-Reply-To").flatMap(MessageIDList.parse)
        references = headers.rawValues("References").flatMap(MessageIDList.parse)
        from = headers.rawValue("From").flatMap(InboundAddress.parse)
        replyTo = headers.rawValues("Reply-To").flatMap(InboundAddress.parseList)
        to = headers.rawValues("To").flatMap(InboundAddress.parseList)
        cc = headers.rawValues("Cc").flatMap(InboundAddress.parseList)
        subject = headers["Subject"]
        date = headers["Date"].flatMap(MailDateParser.parse)
        returnPath = headers.rawValue("Return-Path").map { value in
            InboundAddress.parse(value)?.address ?? ""
        }

        let plain = InboundMessage.firstText(in: root, type: "text/plain")
        let html = InboundMessage.firstText(in: root, type: "text/html")
        htmlBody = html
        textBody = plain ?? html.map(HTMLTextExtractor.text(fromHTML:))
        flags = state.flags
    }

    /// Parses raw message bytes.
    public init(data: Data) { self.init(bytes: [UInt8](data)) }

    /// The raw bytes as `Data`.
    public var rawData: Data { Data(raw) }

    /// The subject without reply and forward prefixes (`Re:`, `RE :`, `Fwd:`, `TR:`, `AW:`,
    /// `Réf. :`, `[External]` tags…), for matching a reply to the pitch it answers.
    public var baseSubject: String { SubjectNormaliser.base(subject ?? "") }

    /// True when the subject starts with a reply prefix (`Re:`, `RE :`, `Aw:`, `Réf :`…).
    public var hasReplySubject: Bool { SubjectNormaliser.isReply(subject ?? "") }

    /// The text of the first leaf of `type` that is not an attachment, depth first. Enclosed
    /// messages (message/rfc822) are leaves, so a forwarded or bounced message is never chosen.
    private static func firstText(in part: MIMEPart, type: String) -> String? {
        if part.isMultipart {
            for child in part.parts {
                if let found = firstText(in: child, type: type) { return found }
            }
            return nil
        }
        guard part.contentType == type, !part.isAttachment, let text = part.text else { return nil }
        return text
    }
}
