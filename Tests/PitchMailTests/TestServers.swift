import Foundation
import PitchTestSupport
@testable import PitchMail

extension LoopbackServers {
    /// The message the capture server stored for `messageID`, with its envelope.
    func captured(_ messageID: MessageID) throws -> (raw: [UInt8], envelope: [String: Any]) {
        guard let found = try captured(messageID.value) else { throw CocoaError(.fileNoSuchFile) }
        return found
    }

    /// How many stored messages carry `messageID` (exactly one for a correct send).
    func capturedCount(_ messageID: MessageID) throws -> Int { try capturedCount(messageID.value) }
}

/// Fixed inputs for composing test messages.
enum Sample {
    static let date = Date(timeIntervalSince1970: 1_795_000_000)
    static let from = Mailbox(name: "Glow Lab Partnerships", address: try! MailAddress("partners@glowlab.example"))

    static func message(to: String = "ana@example.org", subject: String = "Quick collab idea", text: String = "Hi Ana,\nShort note.\n") -> MailMessage {
        var rng = SystemRandomNumberGenerator()
        return MailMessage(
            from: from, to: [Mailbox(name: "Ana Ruiz", address: try! MailAddress(to))], subject: subject,
            date: date, messageID: MessageID.make(domain: "glowlab.example", date: Date(), using: &rng), text: text)
    }
}
