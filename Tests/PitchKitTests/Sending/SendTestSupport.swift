import Foundation
import PitchKit
import PitchMail
import Synchronization
import Testing

/// A virtual clock: `sleep` moves time forward at once, so limits and retries run in no time.
final class SendTestClock: SendClock {
    private let time: Mutex<Date>

    init(_ start: Date) { time = Mutex(start) }

    func now() -> Date { time.withLock { $0 } }

    func sleep(until deadline: Date) async {
        time.withLock { $0 = max($0, deadline) }
    }

    func advance(to date: Date) {
        time.withLock { $0 = max($0, date) }
    }
}

/// A test-only ``MailTransport`` that records every message handed to it (Message-ID, recipient,
/// time on the injected clock) and answers with a scripted outcome.
final class RecordingTransport: MailTransport {
    struct Sent: Sendable {
        let messageID: String
        let recipient: String
        let at: Date
    }

    typealias Responder = @Sendable (_ recipient: String, _ call: Int) -> Result<SendOutcome, TransportError>

    private let clock: any SendClock
    private let responder: Responder
    private let log = Mutex<[Sent]>([])
    private let onSend: (@Sendable (Int) -> Void)?

    init(clock: any SendClock, responder: @escaping Responder = RecordingTransport.acceptAll) {
        self.clock = clock
        self.responder = responder
        self.onSend = nil
    }

    /// Accepts everything and calls `onSend` with the 1-based number of each send.
    init(clock: any SendClock, onSend: @escaping @Sendable (Int) -> Void) {
        self.clock = clock
        self.responder = RecordingTransport.acceptAll
        self.onSend = onSend
    }

    static let acceptAll: Responder = { _, _ in .success(ok) }

    static let ok = SendOutcome.accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "queued"))

    var sent: [Sent] { log.withLock { $0 } }

    func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> SendOutcome {
        let recipient = envelope.recipients.first?.description ?? ""
        let text = String(decoding: message, as: UTF8.self)
        var messageID = ""
        if let range = text.range(of: "Message-ID: <"), let end = text[range.upperBound...].firstIndex(of: ">") {
            messageID = String(text[range.upperBound..<end])
        }
        let call = log.withLock { log in
            log.append(Sent(messageID: messageID, recipient: recipient, at: clock.now()))
            return log.count
        }
        onSend?(call)
        return try responder(recipient, call).get()
    }
}

/// A workspace with `count` recipients imported and one planned stage-1 send each.
struct SendFixture {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)  // a Friday, 08:00 UTC
    static let variant = CampaignVariant(
        template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))

    let test: TestWorkspace
    let recipients: [StoredRecipient]
    let renderer: TemplateRenderer

    /// `address(i)` gives recipient i's address; `timezone(i)` its time zone column.
    init(count: Int, address: (Int) -> String = { "creator\($0)@example.org" }, timezone: (Int) -> String = { _ in "" }) throws {
        test = try TestWorkspace()
        var csv = "email,name,handle,platform,timezone\n"
        for i in 0..<count { csv += "\(address(i)),Creator \(i),@creator\(i),TikTok,\(timezone(i))\n" }
        let file = try test.write("list.csv", csv)
        _ = try RecipientImporter().importFile(at: file, into: test.store, now: Self.t0)
        recipients = try test.store.recipients()
        try test.store.plan(
            recipients.map { PlannedSend(campaign: "launch", recipientID: $0.id, stage: 1, variant: Self.variant) }, now: Self.t0)
        let catalog = try TemplateCatalog(directory: test.workspace.templatesURL.path)
        renderer = try TemplateRenderer(template: try #require(catalog.template(id: "dewpoint-peer")))
    }

    func settings(
        limits: [RateLimit] = [], gap: SendGap = .none, concurrency: Int = 4, window: SendWindow = .always
    ) throws -> CampaignSendSettings {
        CampaignSendSettings(
            campaign: "launch", sender: try PitchSender(address: "partners@brand.example", name: "Maya"),
            account: "partners@brand.example", rateLimits: limits, gap: gap, concurrency: concurrency, window: window,
            smtpUTF8: true)
    }

    func sender(_ transport: any MailTransport, clock: any SendClock, settings: CampaignSendSettings) -> CampaignSender {
        CampaignSender(
            store: test.store, transport: transport, clock: clock, settings: settings, templates: [renderer],
            recipients: recipients)
    }

    func states() throws -> [String: SendLedgerState] {
        let byID = Dictionary(uniqueKeysWithValues: recipients.map { ($0.id, $0.email) })
        return Dictionary(uniqueKeysWithValues: try test.store.entries(campaign: "launch", state: nil).map { (byID[$0.recipientID]!, $0.state) })
    }

    func remove() { test.remove() }
}

extension SMTPReply {
    static func stub(_ code: Int, _ enhanced: String?, _ text: String = "reply") -> SMTPReply {
        SMTPReply(code: code, enhancedCode: enhanced, text: text)
    }
}
