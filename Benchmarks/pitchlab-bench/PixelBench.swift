import Foundation
import PitchKit
import PitchMail

/// Prepares a workspace for the pixel benchmark: `count` recipients imported, planned for campaign
/// `bench` and accepted by the relay, and the request path of each send's open pixel
/// (`/o/TOKEN.gif`, signed with the key in `PITCHLAB_TRACKING_KEY`) written to `pathsFile`, one a line.
func preparePixelBench(directory: String, count: Int, pathsFile: String) throws {
    let workspace = try Workspace.create(at: directory)
    let store = try workspace.openStore()
    var csv = "email,name,handle,platform\n"
    for i in 0..<count { csv += "creator\(i)@example.org,Creator \(i),@creator\(i),TikTok\n" }
    let file = workspace.directory.appendingPathComponent("bench.csv")
    try Data(csv.utf8).write(to: file)
    _ = try RecipientImporter().importFile(at: file, into: store)
    let variant = CampaignVariant(
        template: "dewpoint-peer", choice: PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))
    try store.plan(try store.recipients().map { PlannedSend(campaign: "bench", recipientID: $0.id, stage: 1, variant: variant) }, now: Date())
    let ids = try store.entries(campaign: "bench", state: .planned).map(\.id)
    let claimed = try store.claim(ids, now: Date(), messageIDDomain: "pitchlab.example")
    try store.record(
        claimed.sending.map { LedgerOutcome(entryID: $0.entryID, result: .accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "queued"))) },
        now: Date())
    let accepted = try store.entries(campaign: "bench", state: .accepted)
    guard accepted.count == count else { throw BenchFailure(message: "only \(accepted.count) of \(count) sends were accepted") }
    let codec = TrackingTokenCodec(key: try TrackingKey.fromEnvironment())
    let campaign = TrackingToken.campaignNumber(for: "bench")
    let paths = accepted.map { "/o/\(codec.sign(.open(campaign: campaign, entry: $0.id))).gif" }
    try Data((paths.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: pathsFile))
}

/// The number of open hits stored in the workspace at `directory`.
func countPixelHits(directory: String) throws -> Int {
    try Workspace(path: directory).openStore().trackingHitCounts()[.open] ?? 0
}
