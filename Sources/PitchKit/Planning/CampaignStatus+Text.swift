extension CampaignStatus {
    /// The status for a terminal, one line each.
    public var textLines: [String] {
        guard total > 0 else {
            return ["Campaign \(campaign): nothing planned yet. Run pitchlab plan --dry-run to check stage 1, then pitchlab plan."]
        }
        func summary(_ counts: [String: Int]) -> String {
            SendLedgerState.allCases.compactMap { state in
                counts[state.rawValue].flatMap { $0 > 0 ? "\($0) \(state)" : nil }
            }.joined(separator: ", ")
        }
        var lines = ["Campaign \(campaign): \(total) send\(total == 1 ? "" : "s"): \(summary(states))."]
        for stage in stages {
            lines.append("Stage \(stage.stage)\(stage.kind.map { " (\($0))" } ?? ""): \(stage.total): \(summary(stage.states)).")
            for variant in stage.variants {
                lines.append("  \(variant.key): \(variant.total): \(summary(variant.states)).")
            }
        }
        if !deferred.isEmpty {
            lines.append("Deferred (\(deferred.count)), retried by pitchlab send from their next attempt:")
            for send in deferred {
                let reply = send.lastReply.map { "; last reply \($0.summary)" } ?? ""
                lines.append(
                    "  row \(send.entryID) (recipient \(send.recipientID), stage \(send.stage)): attempt \(send.attempts), next \(send.nextAttemptAt ?? "now")\(reply)")
            }
        }
        if !ambiguous.isEmpty {
            lines.append("Ambiguous (\(ambiguous.count)): may have been delivered, never resent automatically:")
            for send in ambiguous {
                let reply = send.lastReply.map { "; last reply \($0.summary)" } ?? ""
                lines.append("  <\(send.messageID)> (row \(send.entryID), recipient \(send.recipientID), stage \(send.stage))\(reply)")
                lines.append("    \(send.action)")
            }
        }
        return lines
    }
}
