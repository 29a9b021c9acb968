import ArgumentParser
import Foundation
import PitchKit
import PitchMail

/// `pitchlab send-test`: sends one message, or a small batch of rendered pitches, to check a relay
/// and its credentials.
struct SendTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send-test",
        abstract: "Send a test message, or a few rendered pitches, through the relay.",
        discussion: """
            With --to, sends one plain test message. With --template and --recipients, renders the \
            chosen variant for each row (all rows, or --rows 1-5) and sends them over one connection; \
            every row is rendered and checked before the first send, and at most \(TestBatch.maximumRows) \
            rows go out (no send ledger: campaigns use the staged sender).
            The SMTP URL comes from --smtp-url, else PITCHLAB_SMTP_URL. smtp:// requires STARTTLS \
            (plain text only to loopback or with --insecure); smtps:// is TLS from the start. The \
            password is read from the environment variable named by --password-env \
            (default PITCHLAB_SMTP_PASSWORD) or from a 0600 file given with --password-file.
            Exit status: 0 when every message was accepted, 1 when any was not.
            """
    )

    @Option(name: .customLong("smtp-url"), help: "smtp://host:port or smtps://host:port.")
    var smtpURL: String?

    @Option(help: "The sender address (From and MAIL FROM).")
    var from: String

    @Option(help: "The sender's display name.")
    var fromName: String?

    @Option(help: "The recipient of a plain test message.")
    var to: String?

    @Option(help: "The subject of a plain test message.")
    var subject = "PitchLab relay test"

    @Option(help: "The text of a plain test message.")
    var body = "This is a test message sent by pitchlab send-test to check the relay."

    @Option(help: "A .pitch template to render and send instead of a plain message.")
    var template: String?

    @Option(help: "The recipients CSV for --template.")
    var recipients: String?

    @Option(help: "Rows of the CSV to send to, e.g. 1-5 (1 is the first row after the header).")
    var rows: String?

    @Option(name: .customLong("subject-variant"), help: "The template's subject variant id.")
    var subjectVariant: String?

    @Option(name: .customLong("message-variant"), help: "The template's message variant id.")
    var messageVariant: String?

    @Option(name: .customLong("offer-variant"), help: "The template's offer variant id.")
    var offerVariant: String?

    @Option(help: "The SMTP user name, when the relay needs a login.")
    var username: String?

    @Option(help: "The environment variable that holds the password.")
    var passwordEnv = "PITCHLAB_SMTP_PASSWORD"

    @Option(help: "A file (mode 0600) whose first line is the password.")
    var passwordFile: String?

    @Option(help: "A CA bundle that signs the relay's certificate.")
    var caFile: String?

    @Option(help: "The EHLO name (the sending host's domain).")
    var ehlo: String?

    @Flag(help: "Allow plain text to a relay that is not on loopback.")
    var insecure = false

    @Flag(help: "Require STARTTLS even for a relay on loopback.")
    var requireTLS = false

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    func validate() throws {
        if template == nil && to == nil { throw ValidationError("Give --to for a test message, or --template and --recipients for a test batch.") }
        if template != nil && recipients == nil { throw ValidationError("--template needs --recipients CSV.") }
        if template != nil && to != nil { throw ValidationError("Give either --to or --template, not both.") }
        _ = try rowRange()
    }

    private func rowRange() throws -> ClosedRange<Int>? {
        guard let rows else { return nil }
        let parts = rows.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        switch parts.count {
        case 1 where parts[0] != nil: return parts[0]!...parts[0]!
        case 2 where parts[0] != nil && parts[1] != nil && parts[0]! <= parts[1]!: return parts[0]!...parts[1]!
        default: throw ValidationError("--rows must be N or N-M with N ≤ M, e.g. 1-5.")
        }
    }

    func run() async throws {
        guard let url = smtpURL ?? ProcessInfo.processInfo.environment["PITCHLAB_SMTP_URL"], !url.isEmpty else {
            throw ValidationError("No SMTP URL: pass --smtp-url or set PITCHLAB_SMTP_URL.")
        }
        let smtp = SMTPConfiguration(
            url: url, ehloName: ehlo, username: username,
            password: passwordFile.map(SecretSource.file) ?? .environment(passwordEnv),
            allowInsecure: insecure, requireTLSOnLoopback: requireTLS, caFile: caFile)
        if let template, let recipients {
            let plan = try TestBatch.Plan(
                templateFile: template, recipientsFile: recipients, rows: try rowRange(), subject: subjectVariant,
                message: messageVariant, offer: offerVariant, sender: try PitchSender(address: from, name: fromName))
            let items = try await TestBatch.run(plan, smtp: smtp)
            if json {
                print(try JSONOutput.string(items))
            } else {
                for item in items {
                    print("row \(item.row) [\(item.variant)]: \(item.outcome)\(item.reply.map { " — \($0)" } ?? "")\(item.reason.map { "; \($0)" } ?? "")")
                }
                print("\(items.count { $0.outcome == "accepted" }) of \(items.count) accepted")
            }
            if items.contains(where: { $0.outcome != "accepted" }) { throw ExitCode(1) }
            return
        }
        let request: TestSend.Request
        do {
            request = try TestSend.Request(from: from, fromName: fromName, to: to ?? "", subject: subject, body: body)
        } catch {
            throw ValidationError("\(error)")
        }
        let result = try await TestSend.run(request, smtp: smtp)
        print(json ? try JSONOutput.string(result) : result.summary)
        if !result.isAccepted { throw ExitCode(1) }
    }
}
