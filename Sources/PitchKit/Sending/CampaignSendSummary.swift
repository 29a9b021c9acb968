public import Foundation

/// What a `pitchlab send` run did, and what is left; `--json` prints it as one document.
public struct CampaignSendSummary: Sendable, Codable, Equatable {
    /// Why the run ended.
    public enum StopReason: String, Sendable, Codable, Equatable {
        /// Nothing is left to send in the stage (no planned or deferred rows).
        case finished
        /// Only deferred rows (or rows behind a rate limit, a closed window or a throttled domain)
        /// remain, and the next one is due later than the run waits.
        case waiting
        /// `--limit` was reached.
        case limit
        /// Ctrl-C (or SIGTERM): the batch in flight was sent and recorded.
        case interrupted
        /// The relay configuration failed (TLS, login, URL); nothing more can be sent.
        case transportError = "transport-error"
        /// A dry run: nothing was sent.
        case dryRun = "dry-run"
    }

    /// A send that could not be made (the row is named by id, never by address).
    public struct Problem: Sendable, Codable, Equatable {
        /// The ledger row.
        public var entry: Int64
        /// What went wrong.
        public var reason: String
    }

    /// The campaign id.
    public var campaign: String
    /// The stage, or nil for every stage.
    public var stage: Int?
    /// True for `--dry-run`.
    public var dryRun: Bool
    /// Why the run ended.
    public var stopReason: StopReason
    /// True only when no planned or deferred row is left in the stage.
    public var finished: Bool
    /// Rows left `sending` by an earlier run that this run turned `ambiguous`.
    public var recoveredAmbiguous: Int
    /// Messages handed to the relay in this run (or composed, in a dry run).
    public var sent: Int
    /// Outcomes of this run's sends.
    public var accepted: Int
    /// 4xx or not sent; retried later.
    public var deferred: Int
    /// 5xx.
    public var rejected: Int
    /// The data went out and no reply came.
    public var ambiguous: Int
    /// Rows found suppressed when claimed.
    public var suppressed: Int
    /// Rows that could not be composed (listed in ``problems``).
    public var skipped: Int
    /// The stage's rows per state after the run.
    public var states: [String: Int]
    /// Deferred rows left in the stage.
    public var remainingDeferred: Int
    /// Planned rows left in the stage.
    public var remainingPlanned: Int
    /// When the next deferred (or waiting) send is due, when one is.
    public var nextAttemptAt: Date?
    /// Rows that could not be sent or composed.
    public var problems: [Problem]
    /// The relay configuration error that stopped the run.
    public var error: String?
    /// Wall time of the run, in seconds.
    public var elapsedSeconds: Double
    /// Sends per second over the run.
    public var rate: Double

    enum CodingKeys: String, CodingKey {
        case campaign, stage, finished, sent, accepted, deferred, rejected, ambiguous, suppressed, skipped, states,
            problems, error, rate
        case dryRun = "dry_run"
        case stopReason = "stop_reason"
        case recoveredAmbiguous = "recovered_ambiguous"
        case remainingDeferred = "remaining_deferred"
        case remainingPlanned = "remaining_planned"
        case nextAttemptAt = "next_attempt_at"
        case elapsedSeconds = "elapsed_seconds"
    }

    /// The summary as a few lines for the terminal.
    public var text: String {
        var lines: [String] = []
        let scope = stage.map { "stage \($0)" } ?? "all stages"
        if dryRun {
            lines.append("Dry run (\(campaign), \(scope)): \(sent) pitches rendered and composed; nothing sent, nothing written.")
        } else {
            var counts = "\(accepted) accepted, \(deferred) deferred, \(rejected) rejected, \(ambiguous) ambiguous"
            if suppressed > 0 { counts += ", \(suppressed) suppressed" }
            if skipped > 0 { counts += ", \(skipped) skipped" }
            lines.append("Sent \(sent) (\(campaign), \(scope)): \(counts).")
        }
        if recoveredAmbiguous > 0 {
            lines.append("\(recoveredAmbiguous) sends interrupted by an earlier run are now ambiguous; 'pitchlab status' lists them with their Message-IDs.")
        }
        for problem in problems.prefix(20) { lines.append("  ledger row \(problem.entry): \(problem.reason)") }
        if problems.count > 20 { lines.append("  … and \(problems.count - 20) more") }
        if let error { lines.append("Stopped: \(error)") }
        guard !dryRun else { return lines.joined(separator: "\n") }
        let due = nextAttemptAt.map { " Next attempt due at \(ISO8601DateFormatter().string(from: $0))." } ?? ""
        switch stopReason {
        case .finished:
            lines.append("Finished: nothing left to send in \(scope).")
        case .limit:
            lines.append("Stopped at --limit: \(remainingPlanned) planned and \(remainingDeferred) deferred left; run 'pitchlab send' again to continue.\(due)")
        case .interrupted:
            lines.append("Interrupted: the sends in flight were recorded; \(remainingPlanned) planned and \(remainingDeferred) deferred left; run 'pitchlab send' again to resume.\(due)")
        case .waiting:
            lines.append("Not finished: \(remainingPlanned) planned and \(remainingDeferred) deferred left.\(due) Run 'pitchlab send' again then.")
        case .transportError:
            lines.append("Not finished: \(remainingPlanned) planned and \(remainingDeferred) deferred left; fix the relay settings and run 'pitchlab send' again.")
        case .dryRun:
            break
        }
        return lines.joined(separator: "\n")
    }
}

extension CampaignSendSummary {
    /// The summary as one line of JSON (sorted keys, ISO 8601 dates).
    public func jsonString() throws -> String { try JSONOutput.string(self) }
}
