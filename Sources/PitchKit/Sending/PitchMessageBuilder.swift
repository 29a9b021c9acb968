import Foundation
import PitchMail

/// Who pitches come from: the From mailbox and where replies go.
public struct PitchSender: Sendable, Equatable {
    /// From (and MAIL FROM).
    public var mailbox: Mailbox
    /// Reply-To, when replies go elsewhere than From.
    public var replyTo: Mailbox?

    /// Validates the addresses; errors name the option, never the address.
    public init(address: String, name: String?, replyTo: String? = nil) throws {
        mailbox = Mailbox(name: name, address: try MailAddress(address, field: "the sender address"))
        self.replyTo = try replyTo.map { Mailbox(address: try MailAddress($0, field: "the Reply-To address")) }
    }
}

/// Turns a rendered pitch and its recipient row into the message the composer sends.
public struct PitchMessageBuilder: Sendable {
    /// The sender of every message.
    public let sender: PitchSender

    public init(sender: PitchSender) {
        self.sender = sender
    }

    /// The recipient mailbox of a CSV row: its `email`, with `name` as display name.
    public static func recipient(of row: CSVTable.Row, rowNumber: Int, file: String) throws -> Mailbox {
        guard let email = row["email"], !email.isEmpty else {
            throw RecipientAddressError(file: file, line: row.line, rowNumber: rowNumber, reason: "has no email")
        }
        do {
            let address = try MailAddress(email, field: "\(file) row \(rowNumber) (line \(row.line)) email")
            let name = row["name"].flatMap { $0.isEmpty ? nil : $0 }
            return Mailbox(name: name, address: address)
        } catch {
            throw RecipientAddressError(file: file, line: row.line, rowNumber: rowNumber, reason: "has an email that \(error.problem)")
        }
    }

    /// The message for one recipient, with the given date and Message-ID.
    public func message(for pitch: RenderedPitch, to recipient: Mailbox, date: Date, messageID: MessageID) -> MailMessage {
        MailMessage(
            from: sender.mailbox, to: [recipient], replyTo: sender.replyTo, subject: pitch.subject, date: date,
            messageID: messageID, text: pitch.body)
    }
}

/// A recipient row that cannot be mailed; names the file, line and row, never the address.
public struct RecipientAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let rowNumber: Int
    public let reason: String

    public var description: String {
        "\(file):\(line): recipient row \(rowNumber) \(reason); fix the email column of that row."
    }
}
