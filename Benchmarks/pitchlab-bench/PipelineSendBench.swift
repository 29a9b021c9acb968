import Foundation
import PitchKit
import PitchMail

/// The whole send pipeline on `count` recipients: a fresh workspace (import, plan), then
/// ``CampaignSender`` renders each pitch, claims batches `sending` in one durable SQLite commit
/// (WAL, synchronous=FULL) before their MAIL FROM, sends them through ``CurlSMTPTransport`` over
/// `connections` connections, and records each batch's outcomes in one commit. Times the send only.
func runPipelineBench(url: String, count: Int, connections: Int, batch: Int) async throws -> Double {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let workspace = try Workspace.create(at: directory.path)
    let store = try workspace.openStore()
    var csv = "email,name,handle,platform\n"
    for i in 0..<count { csv += "creator\(i)@example.org,Creator \(i),@creator\(i),TikTok\n" }
    let file = directory.appendingPathComponent("bench.csv")
    try Data(csv.utf8).write(to: file)
    _ = try RecipientImporter().importFile(at: file, into: store)
    let variant = CampaignVariant(
        template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))
    try store.plan(try store.recipients().map { PlannedSend(campaign: "bench", recipientID: $0.id, stage: 1, variant: variant) }, now: Date())
    let catalog = try TemplateCatalog(directory: workspace.templatesURL.path)
    guard let template = catalog.template(id: "dewpoint-peer") else { throw BenchFailure(message: "the scaffold template is missing") }
    let transport = try CurlSMTPTransport(configuration: SMTPConfiguration(url: url, connections: connections))
    let settings = CampaignSendSettings(
        campaign: "bench", sender: try PitchSender(address: "partners@pitchlab.example", name: "Bench Sender"),
        account: "partners@pitchlab.example", concurrency: batch, smtpUTF8: true)
    let instant = ProcessInfo.processInfo.environment["PITCHLAB_BENCH_INSTANT"] != nil
    let sender = CampaignSender(
        store: store, transport: instant ? InstantTransport() : transport, clock: SystemSendClock(), settings: settings,
        templates: [try TemplateRenderer(template: template)], recipients: try store.recipients())
    var rng = SystemRandomNumberGenerator()
    // PITCHLAB_BENCH_PAUSE=S: wait S seconds after the setup, so a profiler can attach to the send alone.
    if let pause = ProcessInfo.processInfo.environment["PITCHLAB_BENCH_PAUSE"].flatMap(Double.init) {
        FileHandle.standardError.write(Data("setup done\n".utf8))
        try await Task.sleep(for: .seconds(pause))
    }
    let cpu = ProcessCPU.now()
    let start = ContinuousClock.now
    let summary = try await sender.run(options: CampaignSendOptions(stage: 1), stop: SendStopFlag(), rng: &rng)
    let seconds = (ContinuousClock.now - start) / .seconds(1)
    ProcessCPU.report(since: cpu, per: count)
    guard summary.accepted == count, summary.finished else {
        throw BenchFailure(message: "only \(summary.accepted) of \(count) pitches were accepted")
    }
    return Double(count) / seconds
}

/// A relay that accepts every message at once, without a network: with `PITCHLAB_BENCH_INSTANT=1`
/// the pipeline benchmark measures the sender's own cost (render, ledger, compose), its ceiling.
struct InstantTransport: MailTransport {
    func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> SendOutcome {
        .accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "Ok: queued as ABC"))
    }
    func send(batch: [OutgoingMessage]) async -> [Result<SendOutcome, TransportError>] {
        batch.map { _ in .success(.accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "Ok: queued as ABC"))) }
    }
}
