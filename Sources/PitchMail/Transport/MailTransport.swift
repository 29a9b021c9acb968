/// The SMTP envelope of one message: the reverse path and the recipients.
public struct Envelope: Sendable, Equatable {
    /// `MAIL FROM`.
    public var from: MailAddress
    /// One `RCPT TO` each; a pitch has exactly one.
    public var recipients: [MailAddress]

    public init(from: MailAddress, recipients: [MailAddress]) {
        self.from = from
        self.recipients = recipients
    }

    /// True when any address needs the relay's SMTPUTF8 extension.
    public var requiresSMTPUTF8: Bool { from.requiresSMTPUTF8 || recipients.contains(where: \.requiresSMTPUTF8) }
}

/// What happened to one message handed to a relay. Every send ends in exactly one of these.
public enum SendOutcome: Sendable, Equatable {
    /// The relay answered 250 after the data: it took responsibility (the reply usually holds its queue id).
    case accepted(SMTPReply)
    /// A 4xx, or a failure before the data went out: nothing was delivered, safe to retry later.
    case deferred(SMTPReply?, reason: String)
    /// A 5xx (or a recipient the relay cannot take): do not retry.
    case rejected(SMTPReply?, reason: String)
    /// The whole message went out and no final reply came: it may have been delivered. Never retried automatically.
    case ambiguous(reason: String)

    /// A short label for status tables and JSON: accepted, deferred, rejected, ambiguous.
    public var label: String {
        switch self {
        case .accepted: "accepted"
        case .deferred: "deferred"
        case .rejected: "rejected"
        case .ambiguous: "ambiguous"
        }
    }

    /// The relay's reply, when one came.
    public var reply: SMTPReply? {
        switch self {
        case .accepted(let r): r
        case .deferred(let r, _), .rejected(let r, _): r
        case .ambiguous: nil
        }
    }
}

/// Sends composed messages. The libcurl SMTP transport is the real one; tests may record instead.
///
/// A send returns a ``SendOutcome`` for anything that concerns this message, and throws a
/// ``TransportError`` only when the relay configuration itself is wrong (TLS, login, URL), which
/// no retry of this message would fix.
public protocol MailTransport: Sendable {
    /// Sends `message` (wire bytes from ``MessageComposer``) to the envelope's recipients.
    func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> SendOutcome

    /// Sends several messages and returns each one's outcome, or the ``TransportError`` its send
    /// threw, in the order given. Each result means exactly what ``send(_:envelope:)`` would have.
    /// The default sends them concurrently; a transport may hand them over in one go.
    func send(batch: [OutgoingMessage]) async -> [Result<SendOutcome, TransportError>]
}

/// One composed message and its envelope, as handed to ``MailTransport/send(batch:)``.
public struct OutgoingMessage: Sendable {
    /// Wire bytes from ``MessageComposer``.
    public var bytes: [UInt8]
    /// Who it goes from and to.
    public var envelope: Envelope

    public init(bytes: [UInt8], envelope: Envelope) {
        self.bytes = bytes
        self.envelope = envelope
    }
}

extension MailTransport {
    public func send(batch: [OutgoingMessage]) async -> [Result<SendOutcome, TransportError>] {
        var results = [Result<SendOutcome, TransportError>?](repeating: nil, count: batch.count)
        await withTaskGroup(of: (Int, Result<SendOutcome, TransportError>).self) { group in
            for (index, message) in batch.enumerated() {
                group.addTask {
                    do throws(TransportError) {
                        return (index, .success(try await send(message.bytes, envelope: message.envelope)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            for await (index, result) in group { results[index] = result }
        }
        return results.map { $0! }
    }
}
