import Foundation

/// The inline SVG charts of the HTML report.
extension CampaignReportHTML {
    /// Bars for delivered → human opens → replies → positive, as counts, on a scale shared by the
    /// stage's variants (the most sent), so variants compare by eye.
    func funnelChart(_ row: ReportRow, scale: Int, color: String) -> String {
        var bars: [(String, Int?, String)] = [("Delivered", row.delivered, "of \(row.sent) sent")]
        if let opens = row.humanOpens {
            bars.append(("Human opens", opens, "of \(row.trackable ?? 0) trackable"))
        } else {
            bars.append(("Human opens", nil, "not tracked"))
        }
        bars.append(("Replies", row.replies.total, "in the reply window"))
        bars.append(("Positive", row.replies.positive, "replies"))
        let width = 520.0, labelWidth = 100.0, barMax = 250.0, rowHeight = 30.0
        let height = rowHeight * Double(bars.count) + 6
        var svg = "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(Self.escape("Funnel of \(row.label)"))\">\n"
        let opacities = [1.0, 0.8, 0.62, 0.45]
        for (index, bar) in bars.enumerated() {
            let y = Double(index) * rowHeight + 4
            svg += "<text x=\"0\" y=\"\(f(y + 15))\">\(Self.escape(bar.0))</text>"
            guard let count = bar.1 else {
                svg += "<text class=\"small\" x=\"\(f(labelWidth))\" y=\"\(f(y + 15))\">\(Self.escape(bar.2))</text>\n"
                continue
            }
            let length = max(count > 0 ? 2 : 0, barMax * Double(count) / Double(max(1, scale)))
            svg += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(length))\" height=\"20\" rx=\"3\" "
                + "fill=\"\(color)\" fill-opacity=\"\(f(opacities[index % opacities.count], digits: 2))\"/>"
            svg += "<text x=\"\(f(labelWidth + length + 8))\" y=\"\(f(y + 15))\"><tspan font-weight=\"700\">\(count)</tspan>"
                + "<tspan class=\"small\" dx=\"6\">\(Self.escape(bar.2))</tspan></text>\n"
        }
        return svg + "</svg>\n"
    }

    /// One row of a rate chart.
    private struct RateRow {
        var label: String
        var estimate: ReportRate?
        var color: String
        var isBatch: Bool
    }

    /// A rate per variant (pooled over the stage) and, under it, per batch: the point estimate,
    /// the 95% interval as a whisker and the 80% interval as a thick band, with a dashed benchmark.
    func rateChart(
        _ stage: CampaignReport.Stage, title: String, threshold: Double, thresholdName: String,
        metric: (ReportRow) -> ReportRate?
    ) -> String {
        var rows: [RateRow] = []
        for (index, variant) in stage.variants.enumerated() {
            let color = Self.palette[index % Self.palette.count]
            rows.append(RateRow(label: variant.label, estimate: metric(variant), color: color, isBatch: false))
            if stage.batches.count > 1 {
                for batch in stage.batches {
                    guard let row = batch.variants.first(where: { $0.label == variant.label }) else { continue }
                    rows.append(RateRow(
                        label: "batch \(batch.index) · \(batch.date)", estimate: metric(row), color: color, isBatch: true))
                }
            }
        }
        guard rows.contains(where: { $0.estimate != nil }) else { return "" }
        let top = rows.compactMap { $0.estimate.map(\.upper95) }.max() ?? 0
        let (axisMax, step) = Self.axis(max(top, threshold * 1.15))
        let width = 1080.0, plotX = 250.0, plotWidth = 560.0, valueX = plotX + plotWidth + 18
        let headerHeight = 22.0, axisHeight = 26.0
        let heights = rows.map { $0.isBatch ? 22.0 : 30.0 }
        let height = headerHeight + heights.reduce(0, +) + axisHeight
        func x(_ value: Double) -> Double { plotX + plotWidth * min(max(value, 0), axisMax) / axisMax }

        var svg = "<figure>\n<figcaption>\(Self.escape(title))</figcaption>\n"
        svg += "<svg viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(Self.escape(title))\">\n"
        let plotBottom = height - axisHeight
        // Grid and axis.
        var tick = 0.0
        while tick <= axisMax + 1e-9 {
            let tx = x(tick)
            svg += "<line x1=\"\(f(tx))\" y1=\"\(f(headerHeight - 4))\" x2=\"\(f(tx))\" y2=\"\(f(plotBottom))\" stroke=\"#e5e7eb\"/>"
            svg += "<text class=\"small\" x=\"\(f(tx))\" y=\"\(f(plotBottom + 17))\" text-anchor=\"middle\">"
                + "\(Self.escape(AnalysisFormat.threshold(tick)))</text>\n"
            tick += step
        }
        // Benchmark.
        let bx = x(threshold)
        svg += "<line x1=\"\(f(bx))\" y1=\"\(f(headerHeight - 8))\" x2=\"\(f(bx))\" y2=\"\(f(plotBottom))\" stroke=\"#b91c1c\" "
            + "stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>"
        svg += "<text class=\"small\" x=\"\(f(bx + 5))\" y=\"\(f(headerHeight - 9))\">"
            + "\(Self.escape("\(AnalysisFormat.threshold(threshold)) \(thresholdName)"))</text>\n"
        // Rows.
        var y = headerHeight
        for (index, row) in rows.enumerated() {
            let h = heights[index]
            let mid = y + h / 2
            let label = row.isBatch ? "   " + row.label : Self.truncated(row.label, to: 34)
            svg += "<text x=\"\(row.isBatch ? "18" : "0")\" y=\"\(f(mid + 4))\"\(row.isBatch ? " class=\"small\"" : " font-weight=\"600\"")>"
                + "\(Self.escape(label.trimmingCharacters(in: .whitespaces)))</text>"
            if let estimate = row.estimate, let rate = estimate.rate {
                let band = row.isBatch ? 6.0 : 10.0, cap = row.isBatch ? 8.0 : 12.0
                let opacity = row.isBatch ? "0.55" : "1"
                svg += "<g stroke=\"\(row.color)\" stroke-opacity=\"\(opacity)\">"
                svg += "<line x1=\"\(f(x(estimate.lower95)))\" y1=\"\(f(mid))\" x2=\"\(f(x(estimate.upper95)))\" y2=\"\(f(mid))\" stroke-width=\"1.5\"/>"
                for end in [estimate.lower95, estimate.upper95] {
                    svg += "<line x1=\"\(f(x(end)))\" y1=\"\(f(mid - cap / 2))\" x2=\"\(f(x(end)))\" y2=\"\(f(mid + cap / 2))\" stroke-width=\"1.5\"/>"
                }
                svg += "</g>"
                svg += "<rect x=\"\(f(x(estimate.lower80)))\" y=\"\(f(mid - band / 2))\" "
                    + "width=\"\(f(max(1, x(estimate.upper80) - x(estimate.lower80))))\" height=\"\(f(band))\" "
                    + "fill=\"\(row.color)\" fill-opacity=\"\(row.isBatch ? "0.25" : "0.35")\"/>"
                svg += "<circle cx=\"\(f(x(rate)))\" cy=\"\(f(mid))\" r=\"\(row.isBatch ? "3.5" : "5")\" fill=\"\(row.color)\" "
                    + "stroke=\"#fff\" stroke-width=\"1.5\"/>"
                let value = "\(AnalysisFormat.percent(rate)) (\(AnalysisFormat.range(estimate.lower95, estimate.upper95))) · "
                    + "\(estimate.successes)/\(estimate.trials)"
                svg += "<text x=\"\(f(valueX))\" y=\"\(f(mid + 4))\"\(row.isBatch ? " class=\"small\"" : "")>\(Self.escape(value))</text>\n"
            } else {
                svg += "<text class=\"small\" x=\"\(f(plotX + 6))\" y=\"\(f(mid + 4))\">no data</text>\n"
            }
            y += h
        }
        return svg + "</svg>\n</figure>\n"
    }

    /// A round axis maximum (at most 100%) and its tick step, for values up to `top`.
    static func axis(_ top: Double) -> (max: Double, step: Double) {
        let steps = [0.005, 0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25]
        let wanted = max(top, 0.01)
        let step = steps.first { wanted / $0 <= 6 } ?? 0.25
        let maximum = min(1, (wanted / step).rounded(.up) * step)
        return (maximum, step)
    }

    /// `text` cut to `limit` characters with an ellipsis.
    static func truncated(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// A coordinate with one decimal (or `digits`), trailing ".0" dropped.
    func f(_ value: Double, digits: Int = 1) -> String {
        var text = String(format: "%.\(digits)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
