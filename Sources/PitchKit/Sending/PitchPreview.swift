import Foundation
import PitchMail

/// The exact message one recipient would receive, as the composer writes it for the wire
/// (headers and body; the Date and Message-ID are made fresh for each send).
public enum PitchPreview {
    /// Renders `row` (1-based) of the recipients file with the chosen variants and composes it.
    public static func message(
        templateFile: String, recipientsFile: String, row: Int, subject: String?, message: String?, offer: String?,
        from: String, fromName: String?, date: Date = Date()
    ) throws -> String {
        let plan = try TestBatch.Plan(
            templateFile: templateFile, recipientsFile: recipientsFile, rows: row...row, subject: subject,
            message: message, offer: offer, sender: try PitchSender(address: from, name: fromName))
        var sender = plan.sender
        if fromName == nil { sender.mailbox.name = plan.template.brand }
        let recipient = plan.recipients[0]
        let pitch = try plan.renderer.render(plan.choice, row: recipient.fields, rowNumber: recipient.rowNumber)
        var rng = SystemRandomNumberGenerator()
        let id = MessageID.make(domain: sender.mailbox.address.domain, date: date, using: &rng)
        let mail = PitchMessageBuilder(sender: sender).message(for: pitch, to: recipient.mailbox, date: date, messageID: id)
        // The preview allows UTF-8 addresses; the send checks the relay's SMTPUTF8 first.
        return String(decoding: try MessageComposer(smtpUTF8: true).compose(mail), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n")
    }
}
