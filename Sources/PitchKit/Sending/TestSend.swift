import Foundation
import PitchMail

/// Sends one test message through a relay: the `send-test` job, so a user can check the relay's
/// URL, TLS and login before a campaign.
public enum TestSend {
    /// A checked test message.
    public struct Request: Sendable {
        public let from: Mailbox
        public let to: Mailbox
        public let subject: String
        public let body: String

        /// Validates the addresses (the errors name the option, never the address).
        public init(from: String, fromName: String?, to: String, subject: String, body: String) throws {
            self.from = Mailbox(name: fromName, address: try MailAddress(from, field: "--from"))
            self.to = Mailbox(address: try MailAddress(to, field: "--to"))
            self.subject = subject
            self.body = body
        }
    }

    /// What happened: the outcome, the message id and the relay's capabilities.
    public struct Result: Sendable, Encodable {
        public let outcome: String
        public let messageID: String
        public let reply: SMTPReply?
        public let reason: String?
        public let relayCapabilities: [String]

        enum CodingKeys: String, CodingKey {
            case outcome, reply, reason
            case messageID = "message_id"
            case relayCapabilities = "relay_capabilities"
        }

        /// True when the relay accepted the message.
        public var isAccepted: Bool { outcome == "accepted" }

        /// One line for the terminal.
        public var summary: String {
            var line = "\(outcome): Message-ID <\(messageID)>"
            if let reply { line += "; relay said \"\(reply.description)\"" }
            if let reason { line += "; \(reason)" }
            return line
        }
    }

    /// Probes the relay, composes the message and sends it.
    public static func run(
        _ request: Request, smtp: SMTPConfiguration, date: Date = Date(),
        using rng: inout some RandomNumberGenerator
    ) async throws -> Result {
        let (transport, probe) = try await CurlSMTPTransport.probed(smtp)
        let messageID = MessageID.make(domain: request.from.address.domain, date: date, using: &rng)
        let message = MailMessage(
            from: request.from, to: [request.to], subject: request.subject, date: date,
            messageID: messageID, text: request.body)
        let bytes = try MessageComposer(smtpUTF8: probe.offersSMTPUTF8).compose(message)
        let outcome = try await transport.send(
            bytes, envelope: Envelope(from: request.from.address, recipients: [request.to.address]))
        let reason: String? = switch outcome {
        case .accepted: nil
        case .deferred(_, let r), .rejected(_, let r), .ambiguous(let r): r
        }
        return Result(
            outcome: outcome.label, messageID: messageID.value, reply: outcome.reply, reason: reason,
            relayCapabilities: probe.capabilities.sorted())
    }

    /// ``run(_:smtp:date:using:)`` with the system random generator.
    public static func run(_ request: Request, smtp: SMTPConfiguration) async throws -> Result {
        var rng = SystemRandomNumberGenerator()
        return try await run(request, smtp: smtp, using: &rng)
    }
}
