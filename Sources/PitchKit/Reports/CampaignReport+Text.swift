extension CampaignReport {
    /// The report for a terminal: per stage, the verdict, a table of the variants (sent, delivered,
    /// human opens, replies, rates with 95% intervals, verdict), the same per batch, the decision
    /// and the next step.
    public var textLines: [String] {
        guard !stages.isEmpty else {
            return ["Campaign \(campaign) has no accepted sends yet; send a stage first (pitchlab send --stage 1)."]
        }
        var lines = [
            "Campaign \(campaign) — replies within \(AnalysisFormat.hours(replyWindowHours)) of delivery; open tracking "
                + "\(openTracking ? "on" : "off"); rates with 95% intervals; a batch is a UTC day of sends.",
            "",
        ]
        for stage in stages {
            let tests = stage.dimension.map { " (tests \($0.plural))" } ?? " (the winner to the rest)"
            lines.append("Stage \(stage.stage)\(tests): \(stage.verdict.headline)")
            lines += stage.verdict.evidence.map { "  \($0)" }
            lines.append("")
            var rows = [Self.header]
            rows += stage.variants.map { Self.cells($0, name: $0.label, verdict: true) }
            if stage.variants.count > 1 { rows.append(Self.cells(stage.total, name: "all", verdict: false)) }
            lines += PlanReport.table(rows).map { Self.trimmed("  " + $0) }
            for variant in stage.variants {
                for warning in variant.warnings { lines.append("  Note (\(variant.label)): \(warning)") }
            }
            if stage.batches.count > 1 {
                lines.append("")
                lines.append("  By batch (UTC day of acceptance):")
                var batchRows = [["BATCH"] + Self.header.dropLast()]
                for batch in stage.batches {
                    for row in batch.variants {
                        batchRows.append(["\(batch.index) \(batch.date)"] + Self.cells(row, name: row.label, verdict: false).dropLast())
                    }
                }
                lines += PlanReport.table(batchRows).map { Self.trimmed("  " + $0) }
            }
            lines.append("")
            if let comparison = stage.comparison {
                lines.append("  Decision (\(comparison.decision.kind)): \(comparison.decision.reason)")
            }
            lines.append("  Next step: \(stage.nextStep.text)")
            lines.append("")
        }
        return lines
    }

    /// `line` without trailing spaces (an empty last column leaves some).
    static func trimmed(_ line: String) -> String {
        var line = line
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    static let header = [
        "VARIANT", "SENT", "DELIVERED", "HUMAN OPENS", "OPEN RATE (95%)", "REPLIES (POS)", "REPLY RATE (95%)", "VERDICT",
    ]

    /// One table row; "–" for opens without tracking.
    static func cells(_ row: ReportRow, name: String, verdict: Bool) -> [String] {
        let opens = row.humanOpens.map { opens in "\(opens)/\(row.trackable ?? 0)" } ?? "–"
        return [
            name, String(row.sent), String(row.delivered), opens, row.rates.open?.percentWithRange ?? "–",
            "\(row.replies.total) (\(row.replies.positive))", row.rates.reply.percentWithRange,
            verdict ? (row.verdict?.shortText ?? "") : "",
        ]
    }
}
