import Foundation
import PitchMail

/// Renders one template variant for a few rows of a recipients file and sends them over one
/// reused connection: the `send-test --template` job, to see real pitches arrive through a relay.
///
/// It is a check, not the campaign sender: it keeps no send ledger, so it refuses more than
/// ``maximumRows`` recipients. Campaigns go through the staged scheduler.
public enum TestBatch {
    /// The most rows one test batch may send.
    public static let maximumRows = 50

    /// What to send.
    public struct Plan: Sendable {
        public let template: PitchTemplate
        public let renderer: TemplateRenderer
        public let choice: PitchVariantChoice
        public let recipients: [(rowNumber: Int, mailbox: Mailbox, fields: [String: String])]
        public let sender: PitchSender

        /// Loads and checks everything before anything is sent: every row renders and has a valid
        /// address, or nothing goes out. `rows` is a 1-based inclusive range of data rows.
        public init(templateFile: String, recipientsFile: String, rows: ClosedRange<Int>?,
                    subject: String?, message: String?, offer: String?, sender: PitchSender) throws {
            renderer = try TemplateRenderer(contentsOf: URL(fileURLWithPath: templateFile), displayPath: templateFile)
            template = renderer.template
            choice = try template.choice(subject: subject, message: message, offer: offer)
            let table = try CSVTable.load(contentsOf: URL(fileURLWithPath: recipientsFile), displayPath: recipientsFile)
            let range = rows ?? 1...max(1, table.rows.count)
            guard range.lowerBound >= 1, range.upperBound <= table.rows.count else {
                throw TestBatchError("\(recipientsFile) has \(table.rows.count) rows; choose rows between 1 and \(table.rows.count).")
            }
            guard range.count <= TestBatch.maximumRows else {
                throw TestBatchError("A test batch sends at most \(TestBatch.maximumRows) pitches and keeps no send ledger; choose fewer rows with --rows.")
            }
            var recipients: [(Int, Mailbox, [String: String])] = []
            for n in range {
                let row = table.rows[n - 1]
                let mailbox = try PitchMessageBuilder.recipient(of: row, rowNumber: n, file: recipientsFile)
                _ = try renderer.render(choice, row: row.fields, rowNumber: n)  // preflight: fail before the first send
                recipients.append((n, mailbox, row.fields))
            }
            self.recipients = recipients
            self.sender = sender
        }
    }

    /// One sent pitch.
    public struct Item: Sendable, Encodable {
        public let row: Int
        public let variant: PitchVariantChoice
        public let outcome: String
        public let messageID: String
        public let reply: SMTPReply?
        public let reason: String?

        enum CodingKeys: String, CodingKey {
            case row, variant, outcome, reply, reason
            case messageID = "message_id"
        }
    }

    /// Probes the relay, then sends the plan over one connection.
    public static func run(_ plan: Plan, smtp: SMTPConfiguration) async throws -> [Item] {
        let (transport, probe) = try await CurlSMTPTransport.probed(smtp)
        var rng = SystemRandomNumberGenerator()
        return try await send(plan, through: transport, smtpUTF8: probe.offersSMTPUTF8, using: &rng)
    }

    /// Sends the plan; stops at a relay configuration error (TLS, login), which no row would survive.
    public static func send(
        _ plan: Plan, through transport: some MailTransport, smtpUTF8: Bool, now: () -> Date = Date.init,
        using rng: inout some RandomNumberGenerator
    ) async throws -> [Item] {
        let builder = PitchMessageBuilder(sender: plan.sender)
        let composer = MessageComposer(smtpUTF8: smtpUTF8)
        var items: [Item] = []
        for recipient in plan.recipients {
            let pitch = try plan.renderer.render(plan.choice, row: recipient.fields, rowNumber: recipient.rowNumber)
            let date = now()
            let id = MessageID.make(domain: plan.sender.mailbox.address.domain, date: date, using: &rng)
            let message = builder.message(for: pitch, to: recipient.mailbox, date: date, messageID: id)
            let outcome: SendOutcome
            do {
                let bytes = try composer.compose(message)
                outcome = try await transport.send(bytes, envelope: Envelope(from: plan.sender.mailbox.address, recipients: [recipient.mailbox.address]))
            } catch let error as MessageError {
                outcome = .rejected(nil, reason: "row \(recipient.rowNumber): \(error.description)")
            }
            let reason: String? = switch outcome {
            case .accepted: nil
            case .deferred(_, let r), .rejected(_, let r), .ambiguous(let r): r
            }
            items.append(Item(row: recipient.rowNumber, variant: plan.choice, outcome: outcome.label,
                              messageID: id.value, reply: outcome.reply, reason: reason))
        }
        return items
    }
}

/// A test batch that cannot be sent as asked.
public struct TestBatchError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
