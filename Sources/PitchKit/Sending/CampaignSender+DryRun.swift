import Foundation
import PitchMail

extension CampaignSender {
    /// `--dry-run`: renders and composes every row the run would send (planned and deferred, up to
    /// `--limit`), sends nothing and writes nothing. Problems are listed instead of stopping the run.
    func dryRun(options: CampaignSendOptions) throws -> CampaignSendSummary {
        let started = clock.now()
        let entries = try stageEntries(options.stage)
        guard !entries.isEmpty else { throw Self.nothingPlanned(options.stage) }
        let candidates = entries
            .filter { $0.state == .planned || ($0.state == .deferred && ($0.nextAttemptAt ?? .distantPast) < .distantFuture) }
            .prefix(options.limit ?? .max)
        var composed = 0
        var problems: [CampaignSendSummary.Problem] = []
        let builder = PitchMessageBuilder(sender: settings.sender)
        let composer = MessageComposer(smtpUTF8: settings.smtpUTF8)
        for entry in candidates {
            do {
                guard let recipient = recipients[entry.recipientID] else {
                    throw CampaignSendError(.renderFailed, "its recipient #\(entry.recipientID) is not in the store; plan the stage again.")
                }
                let pitch = try render(entry, recipient)
                let address = try MailAddress(recipient.email, field: "the recipient address of ledger row \(entry.id)")
                let messageID = MessageID(entry.messageID ?? "pitchlab.\(entry.id).dry-run@\(settings.messageIDDomain)")
                let message = settings.finish(
                    builder.message(
                        for: pitch, to: Mailbox(name: recipient.fields.name, address: address), date: started, messageID: messageID),
                    entry: entry.id)
                _ = try composer.compose(message)
                composed += 1
            } catch {
                problems.append(.init(entry: entry.id, reason: "\(error)"))
            }
        }
        var states: [String: Int] = [:]
        for entry in entries { states[entry.state.rawValue, default: 0] += 1 }
        let deferred = entries.filter { $0.state == .deferred }
        let planned = states[SendLedgerState.planned.rawValue] ?? 0
        return CampaignSendSummary(
            campaign: settings.campaign, stage: options.stage, dryRun: true, stopReason: .dryRun,
            finished: planned == 0 && deferred.isEmpty, recoveredAmbiguous: 0, sent: composed, accepted: 0, deferred: 0,
            rejected: 0, ambiguous: 0, suppressed: 0, skipped: problems.count, states: states,
            remainingDeferred: deferred.count, remainingPlanned: planned,
            nextAttemptAt: deferred.compactMap(\.nextAttemptAt).filter { $0 < .distantFuture }.min(),
            problems: problems, error: nil, elapsedSeconds: max(0, clock.now().timeIntervalSince(started)), rate: 0)
    }
}
