import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab resolve`: settles an ambiguous send once the user knows whether it arrived.
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Settle an ambiguous send: --sent if it arrived, --not-sent to send it again.",
        discussion: """
            Find the Message-ID with pitchlab status, then look for it in your Sent folder or the \
            relay's log. --sent marks the send accepted; --not-sent plans it again with the same \
            Message-ID, so the next pitchlab send sends it.
            """)

    @Argument(help: ArgumentHelp("The Message-ID shown by pitchlab status (angle brackets optional).", valueName: "message-id"))
    var messageID: String

    @Flag(help: "The message arrived: mark the send accepted.")
    var sent = false

    @Flag(help: "The message did not arrive: send it again.")
    var notSent = false

    @Flag(help: "Print one JSON document: the settled ledger row.")
    var json = false

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        guard sent != notSent else { throw ValidationError("Give exactly one of --sent and --not-sent.") }
        guard !messageID.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("Give the Message-ID to settle.") }
    }

    func run() throws {
        let entry = try options.workspace.openStore().resolve(messageID: messageID, sent: sent, now: Date())
        if json {
            struct Resolved: Encodable {
                let entryID: Int64, recipientID: Int64, stage: Int, messageID: String?, state: String
                enum CodingKeys: String, CodingKey {
                    case stage, state
                    case entryID = "entry_id", recipientID = "recipient_id", messageID = "message_id"
                }
            }
            print(try JSONOutput.string(Resolved(
                entryID: entry.id, recipientID: entry.recipientID, stage: entry.stage, messageID: entry.messageID,
                state: entry.state.rawValue)))
        } else if sent {
            print("Send <\(entry.messageID ?? messageID)> (row \(entry.id), recipient \(entry.recipientID), stage \(entry.stage)) is now accepted.")
        } else {
            print("Send <\(entry.messageID ?? messageID)> (row \(entry.id), recipient \(entry.recipientID), stage \(entry.stage)) is planned again; the next pitchlab send sends it with the same Message-ID.")
        }
    }
}
