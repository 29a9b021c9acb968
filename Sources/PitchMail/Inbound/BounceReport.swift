/// A delivery failure or delay notice (a bounce) read from a received message: which recipient
/// failed, how (hard or soft), the status code and diagnostic, and the Message-ID of the message
/// that bounced.
///
/// Reads RFC 3464 delivery status notifications (`multipart/report; report-type=delivery-status`,
/// as Postfix, Gmail, Exchange and most MTAs send), and the plain-text notices of Exim, qmail,
/// Gmail, Exchange/Outlook and Postfix. A message is taken as a bounce when it holds a
/// `message/delivery-status` part, or when it comes from a mailer daemon, has a null Return-Path
/// or a bounce subject and its text has a known bounce shape.
///
/// ```swift
/// if let bounce = BounceReport(message) {
///     ledger.markBounced(bounce.originalMessageID, hard: bounce.kind == .hard)
/// }
/// ```
public struct BounceReport: Sendable, Equatable {
    /// Whether retrying can help.
    public enum Kind: String, Sendable, Equatable {
        /// Permanent: the address does not exist or the message was refused for good (5.x.x).
        case hard
        /// Temporary: delayed, 4.x.x, or a full mailbox (5.2.2).
        case soft
    }

    /// Which shape the notice had.
    public enum Format: String, Sendable, Equatable {
        /// RFC 3464 `message/delivery-status` (Postfix, Gmail, Exchange, Exim with DSN…).
        case deliveryStatus
        case exim
        case qmail
        case gmail
        case exchange
        case postfix
        /// A notice recognised from its headers and status codes only.
        case generic
    }

    /// One recipient of the notice: the per-recipient fields of RFC 3464 §2.3.
    public struct Recipient: Sendable, Equatable {
        /// Final-Recipient (the address, type prefix removed, domain lower-cased).
        public let finalRecipient: String?
        /// Original-Recipient, when given.
        public let originalRecipient: String?
        /// Action, lower-cased (`failed`, `delayed`).
        public let action: String?
        /// The enhanced status code (`5.1.1`), from Status or, when that is generic, the diagnostic.
        public let status: String?
        /// Diagnostic-Code without its type prefix (`550 5.1.1 … User unknown`).
        public let diagnosticCode: String?
        /// Remote-MTA without its type prefix.
        public let remoteMTA: String?
        /// Hard or soft.
        public let kind: Kind

        public init(
            finalRecipient: String?, originalRecipient: String? = nil, action: String?, status: String?,
            diagnosticCode: String?, remoteMTA: String? = nil, kind: Kind
        ) {
            self.finalRecipient = finalRecipient
            self.originalRecipient = originalRecipient
            self.action = action
            self.status = status
            self.diagnosticCode = diagnosticCode
            self.remoteMTA = remoteMTA
            self.kind = kind
        }

        /// The address that failed: Final-Recipient, else Original-Recipient.
        public var address: String? { finalRecipient ?? originalRecipient }
    }

    /// The kind of the first failed (else delayed) recipient.
    public let kind: Kind
    /// The shape the notice had.
    public let format: Format
    /// The recipients that failed or were delayed, in order (successes are left out).
    public let recipients: [Recipient]
    /// The Message-ID of the message that bounced, from the enclosed message or headers.
    public let originalMessageID: String?
    /// Reporting-MTA (or the host named by a plain-text notice), when given.
    public let reportingMTA: String?

    public init(kind: Kind, format: Format, recipients: [Recipient], originalMessageID: String?, reportingMTA: String?) {
        self.kind = kind
        self.format = format
        self.recipients = recipients
        self.originalMessageID = originalMessageID
        self.reportingMTA = reportingMTA
    }

    /// Reads the bounce in `message`; nil when it is not a failure or delay notice (a DSN that
    /// reports only successful deliveries is not one).
    public init?(_ message: InboundMessage) {
        guard let report = BounceParser.parse(message) else { return nil }
        self = report
    }

    /// The first failed (else delayed) recipient.
    public var primary: Recipient? { recipients.first }
    /// The address that failed, or nil when the notice does not say.
    public var recipient: String? { primary?.address }
    /// The enhanced status code of the first recipient (`5.1.1`), or nil.
    public var status: String? { primary?.status }
    /// The diagnostic text of the first recipient, or nil.
    public var diagnostic: String? { primary?.diagnosticCode }

    /// Hard or soft, from RFC 3464 Action and the status codes: `delayed`, 4.x.x and a full mailbox
    /// (5.2.2, or a 552 reply / "mailbox full" / "quota" diagnostic) are soft; other 5.x.x, and a
    /// `failed` action without a code, are hard.
    public static func classify(action: String?, status: String?, diagnostic: String?) -> Kind {
        if action == "delayed" { return .soft }
        let diagnosticFolded = diagnostic.map(TextMatch.fold) ?? ""
        let mailboxFull = ["mailbox full", "mailbox is full", "over quota", "quota exceeded", "exceeded storage",
                           "insufficient storage", "out of storage", "mailbox size limit"]
        if let code = status {
            if code.hasPrefix("4") { return .soft }
            if code == "5.2.2" { return .soft }
            if code.hasPrefix("5"), code != "5.1.1", !code.hasPrefix("5.1."),
               TextMatch.containsAny(diagnosticFolded, mailboxFull) { return .soft }
            if code.hasPrefix("5") { return .hard }
        }
        if let reply = diagnostic.flatMap({ TextMatch.replyCode(in: Substring($0)) }) {
            if reply / 100 == 4 || reply == 552 { return .soft }
            if reply / 100 == 5 { return TextMatch.containsAny(diagnosticFolded, mailboxFull) ? .soft : .hard }
        }
        if TextMatch.containsAny(diagnosticFolded, mailboxFull) { return .soft }
        return .hard
    }
}
