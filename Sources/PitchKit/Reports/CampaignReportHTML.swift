public import Foundation

/// Renders a ``CampaignReport`` as one self-contained HTML page: inline CSS and inline SVG charts,
/// no scripts, no external resources, every user-provided string escaped.
///
/// Per stage: the verdict with its evidence, the next step, a funnel chart per variant (delivered →
/// human opens → replies → positive, as counts), rate charts per variant and per batch (the point
/// estimate, its 95% Wilson interval as a whisker and the 80% interval as a thicker band, the
/// benchmark as a dashed line), the variant and batch tables and the comparison with its decision.
/// Laid out for a 1,200-pixel-wide window.
///
/// ```swift
/// try CampaignReportHTML(report: report).write(to: URL(fileURLWithPath: "report.html"))
/// ```
public struct CampaignReportHTML: Sendable {
    /// The report rendered.
    public let report: CampaignReport
    /// The thresholds drawn as benchmark lines.
    public let thresholds: DiagnosisThresholds

    /// A renderer for `report`.
    public init(report: CampaignReport, thresholds: DiagnosisThresholds = .standard) {
        self.report = report
        self.thresholds = thresholds
    }

    /// Writes the page to `url` atomically (a temporary file renamed into place).
    ///
    /// - Throws: ``ReportError`` when the file cannot be written.
    public func write(to url: URL) throws(ReportError) {
        do {
            try Data(html.utf8).write(to: url, options: .atomic)
        } catch {
            throw ReportError(
                .cannotWrite,
                "Cannot write the HTML report to \(url.path): \(error.localizedDescription); check that the folder exists and is writable.")
        }
    }

    /// The whole page.
    public var html: String {
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>PitchLab report — \(Self.escape(report.campaign))</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>Campaign <span class="id">\(Self.escape(report.campaign))</span></h1>
            <p class="meta">Generated \(Self.escape(ReportNextStep.utc(report.generatedAt))) · replies counted within \
            \(Self.escape(AnalysisFormat.hours(report.replyWindowHours))) of delivery · open tracking \
            \(report.openTracking ? "on" : "off") · a batch is the sends accepted on one UTC day</p>
            </header>

            """
        if report.stages.isEmpty {
            out += "<section class=\"stage\"><p>No accepted sends yet; send a stage first (<code>pitchlab send --stage 1</code>).</p></section>\n"
        }
        for stage in report.stages { out += section(stage) }
        out += """
            <footer>
            <p>Intervals are Wilson score intervals: the whisker is 95%, the thick band 80% (a one-sided 90% bound, \
            the &ldquo;probably&rdquo; of the verdicts). Dashed lines are the benchmarks the diagnosis judges against. \
            A &ldquo;better bet&rdquo; is Bayesian advice (P(best) and expected loss), not a proven result; only a \
            &ldquo;valid claim&rdquo; (Fisher at one look, or the e-process after every batch, Holm across variants) is one.</p>
            </footer>
            </main>
            </body>
            </html>

            """
        return out
    }

    // MARK: - Sections

    private func section(_ stage: CampaignReport.Stage) -> String {
        let tests = stage.dimension.map { "tests \($0.plural)" } ?? "the winner to the rest"
        var out = "<section class=\"stage\">\n<h2>Stage \(stage.stage) <span class=\"muted\">· \(Self.escape(tests))</span></h2>\n"
        out += verdictBlock(stage.verdict, secondary: stage.secondary)
        out += nextStepBlock(stage.nextStep)

        out += "<h3>Funnel per variant</h3>\n<div class=\"grid\">\n"
        let scale = max(1, stage.variants.map(\.sent).max() ?? 1)
        for (index, variant) in stage.variants.enumerated() {
            out += "<figure>\n<figcaption>\(swatch(index))\(Self.escape(variant.label))</figcaption>\n"
            out += funnelChart(variant, scale: scale, color: Self.palette[index % Self.palette.count]) + "</figure>\n"
        }
        out += "</div>\n"

        out += "<h3>Rates per variant and per batch</h3>\n"
        out += rateChart(
            stage, title: "Reply rate (human replies / delivered)", threshold: thresholds.replyHealthy,
            thresholdName: "benchmark") { $0.rates.reply }
        if report.openTracking {
            out += rateChart(
                stage, title: "Human open rate (human opens / trackable)", threshold: thresholds.openLow,
                thresholdName: "low line") { $0.rates.open }
        }

        out += "<h3>Variants</h3>\n" + variantTable(stage)
        out += variantVerdicts(stage)
        if stage.batches.count > 1 { out += "<h3>Batches (UTC day of acceptance)</h3>\n" + batchTable(stage) }
        if let comparison = stage.comparison { out += "<h3>Comparison</h3>\n" + comparisonBlock(comparison) }
        out += "</section>\n"
        return out
    }

    private func verdictBlock(_ verdict: ReportVerdict, secondary: [ReportVerdict]) -> String {
        var out = "<div class=\"verdict \(Self.causeClass(verdict.cause))\">\n<p class=\"headline\">"
        out += "<span class=\"badge \(Self.causeClass(verdict.cause))\">\(Self.escape(verdict.shortText))</span> "
        out += Self.escape(verdict.summary) + "</p>\n"
        if !verdict.evidence.isEmpty {
            out += "<ul>" + verdict.evidence.map { "<li>\(Self.escape($0))</li>" }.joined() + "</ul>\n"
        }
        if !secondary.isEmpty {
            out += "<p class=\"muted\">Also: " + secondary.map { Self.escape($0.headline) }.joined(separator: " · ") + "</p>\n"
        }
        return out + "</div>\n"
    }

    private func nextStepBlock(_ step: ReportNextStep) -> String {
        var out = "<div class=\"next\"><span class=\"label\">Next step</span> \(Self.escape(step.text))"
        if let command = step.command, !step.text.contains(command) { out += "<br><code>\(Self.escape(command))</code>" }
        return out + "</div>\n"
    }

    private func variantTable(_ stage: CampaignReport.Stage) -> String {
        var out = "<table>\n<thead><tr>" + CampaignReport.header.dropLast().map { "<th>\(Self.escape($0))</th>" }.joined()
            + "<th class=\"l\">\(Self.escape(CampaignReport.header[CampaignReport.header.count - 1]))</th></tr></thead>\n<tbody>\n"
        for (index, row) in stage.variants.enumerated() {
            let cells = CampaignReport.cells(row, name: row.label, verdict: true)
            out += "<tr><td>\(swatch(index))\(Self.escape(cells[0]))</td>"
                + cells.dropFirst().dropLast().map { "<td>\(Self.escape($0))</td>" }.joined()
                + "<td class=\"l\">\(Self.escape(cells[cells.count - 1]))</td></tr>\n"
        }
        if stage.variants.count > 1 {
            let cells = CampaignReport.cells(stage.total, name: "All variants", verdict: false)
            out += "<tr class=\"total\">" + cells.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    private func variantVerdicts(_ stage: CampaignReport.Stage) -> String {
        var out = "<div class=\"variants\">\n"
        for (index, row) in stage.variants.enumerated() {
            guard let verdict = row.verdict else { continue }
            out += "<div class=\"variant\"><p>\(swatch(index))<strong>\(Self.escape(row.label))</strong> "
                + "<span class=\"badge \(Self.causeClass(verdict.cause))\">\(Self.escape(verdict.shortText))</span> "
                + "\(Self.escape(verdict.summary))</p>"
            if !verdict.evidence.isEmpty || !row.warnings.isEmpty {
                out += "<ul>" + verdict.evidence.map { "<li>\(Self.escape($0))</li>" }.joined()
                    + row.warnings.map { "<li class=\"warn\">\(Self.escape($0))</li>" }.joined() + "</ul>"
            }
            if let more = verdict.sendsToSettle {
                out += "<p class=\"muted\">About \(Self.escape(AnalysisFormat.count(more))) more sends would settle it.</p>"
            }
            out += "</div>\n"
        }
        return out + "</div>\n"
    }

    private func batchTable(_ stage: CampaignReport.Stage) -> String {
        let header = ["Batch"] + CampaignReport.header.dropLast()
        var out = "<table>\n<thead><tr>" + header.enumerated().map { "<th\($0.offset == 1 ? " class=\"l\"" : "")>\(Self.escape($0.element))</th>" }.joined()
            + "</tr></thead>\n<tbody>\n"
        for batch in stage.batches {
            for row in batch.variants {
                let cells = ["\(batch.index) · \(batch.date)"] + CampaignReport.cells(row, name: row.label, verdict: false).dropLast()
                out += "<tr>" + cells.enumerated().map { "<td\($0.offset == 1 ? " class=\"l\"" : "")>\(Self.escape($0.element))</td>" }.joined() + "</tr>\n"
            }
        }
        return out + "</tbody>\n</table>\n"
    }

    private func comparisonBlock(_ comparison: ReportComparison) -> String {
        let metric = comparison.metric.rawValue.replacingOccurrences(of: "_", with: " ")
        let test = comparison.claimTest == .fisher
            ? "Fisher exact test at one look" : "conditional e-process over \(comparison.batchCount) batches"
        var out = "<p class=\"muted\">On the \(Self.escape(metric)); valid claim by \(Self.escape(test)), Holm-adjusted; "
            + "P(best) and risk from Beta(1, 1) posteriors.</p>\n"
        let header = ["Variant", "Counts", "Rate (95%)", "P(best)", "P(leader better)", "Risk of leader", "p", "Holm p"]
        out += "<table>\n<thead><tr>" + header.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for arm in comparison.arms {
            let leader = arm.label == comparison.leader
            let cells = [
                arm.label + (leader ? " (leader)" : ""),
                "\(arm.estimate.successes)/\(arm.estimate.trials)",
                arm.estimate.percentWithRange,
                AnalysisFormat.probability(arm.probabilityBest),
                arm.probabilityLeaderBetter.map(AnalysisFormat.probability) ?? "–",
                arm.expectedLossOfLeader.map(AnalysisFormat.points) ?? "–",
                arm.pValue.map(AnalysisFormat.pValue) ?? "–",
                arm.holmPValue.map(AnalysisFormat.pValue) ?? "–",
            ]
            out += "<tr\(leader ? " class=\"leader\"" : "")>" + cells.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        let kind: String
        switch comparison.decision.kind {
        case .validClaim: kind = "valid claim"
        case .betterBet: kind = "better bet — advice, not proven"
        case .undecided: kind = "undecided"
        }
        out += "<div class=\"decision\"><span class=\"badge decision-\(comparison.decision.kind.rawValue)\">"
            + "\(Self.escape(kind))</span> \(Self.escape(comparison.decision.reason))</div>\n"
        return out
    }

    private func swatch(_ index: Int) -> String {
        "<span class=\"swatch\" style=\"background:\(Self.palette[index % Self.palette.count])\"></span>"
    }

    // MARK: - Helpers

    /// Variant colours (colour-blind-safe enough to tell six apart).
    static let palette = ["#2563eb", "#d97706", "#059669", "#7c3aed", "#db2777", "#0891b2"]

    /// The CSS class of a cause.
    static func causeClass(_ cause: Verdict.Cause) -> String {
        switch cause {
        case .working: "good"
        case .tooEarly, .undecided: "neutral"
        default: "bad"
        }
    }

    /// `text` safe inside HTML and SVG text and attribute values: & < > " ' escaped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static let css = """
        :root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--accent:#2563eb;--good:#15803d;--bad:#b91c1c;--neutral:#64748b}
        *{box-sizing:border-box}
        body{margin:0;background:#f5f7fa;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
        main{max-width:1140px;margin:0 auto;padding:28px 30px 40px}
        h1{font-size:26px;margin:0 0 4px}h2{font-size:21px;margin:0 0 14px}h3{font-size:16px;margin:26px 0 10px}
        .id{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
        .meta,.muted{color:var(--muted)}
        section.stage{background:#fff;border:1px solid var(--line);border-radius:10px;padding:24px 28px;margin:22px 0;box-shadow:0 1px 2px rgba(15,23,42,.05)}
        .verdict{border-left:5px solid var(--neutral);background:#f8fafc;padding:10px 16px;border-radius:0 8px 8px 0}
        .verdict.good{border-color:var(--good)}.verdict.bad{border-color:var(--bad)}
        .verdict .headline{font-weight:600;margin:4px 0}
        .verdict ul,.variant ul{margin:4px 0 6px;padding-left:22px}
        .next{margin:14px 0 4px;background:#eff6ff;border:1px solid #bfdbfe;border-radius:8px;padding:10px 16px;font-weight:600}
        .next .label{display:inline-block;background:var(--accent);color:#fff;border-radius:4px;padding:0 8px;margin-right:6px;font-size:13px}
        .next code{display:inline-block;margin-top:6px}
        code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:13px;background:#f1f5f9;border:1px solid var(--line);padding:1px 6px;border-radius:4px;font-weight:400}
        .badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.03em;color:#fff;background:var(--neutral);vertical-align:1px}
        .badge.good{background:var(--good)}.badge.bad{background:var(--bad)}
        .badge.decision-valid_claim{background:var(--good)}.badge.decision-better_bet{background:#b45309}
        .grid{display:grid;grid-template-columns:1fr 1fr;gap:14px 28px}
        figure{margin:0}figcaption{font-weight:600;margin-bottom:4px;overflow-wrap:anywhere}
        svg{display:block;width:100%;height:auto}
        svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,"Liberation Sans",sans-serif;font-size:12px;fill:#334155}
        svg .small{font-size:11px;fill:#64748b}
        table{border-collapse:collapse;width:100%;font-size:13.5px;font-variant-numeric:tabular-nums;margin:4px 0}
        th,td{padding:6px 9px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
        th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:var(--muted);font-weight:600}
        th:first-child,td:first-child{text-align:left;white-space:normal;overflow-wrap:anywhere}
        th.l,td.l{text-align:left;white-space:normal}
        tr.total td{font-weight:600;background:#f8fafc}tr.leader td{background:#f0fdf4}
        .swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:7px}
        .variants{margin-top:10px}.variant p{margin:8px 0 2px}.warn{color:#b45309}
        .decision{margin-top:10px;padding:10px 14px;background:#f8fafc;border-radius:8px}
        footer{color:var(--muted);font-size:13px;margin-top:10px}
        """
}
