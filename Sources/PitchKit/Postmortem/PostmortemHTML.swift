import Foundation

/// The post-mortem as one self-contained HTML page (inline CSS, no scripts, nothing fetched; every
/// name from the workspace escaped).
public struct PostmortemHTML: Sendable {
    public let postmortem: Postmortem

    public init(_ postmortem: Postmortem) { self.postmortem = postmortem }

    /// The page.
    public var html: String {
        let e = CampaignReportHTML.escape
        let p = postmortem
        var body = "<h1>Post-mortem: \(e(p.campaign))</h1>\n"
        body += "<p class=\"goal\">\(e(p.goal?.message ?? "Goal not measured: \(p.goalNote ?? "no goal")"))</p>\n"
        body += "<p>Pitched \(p.total.pitched), delivered \(p.total.delivered), replied \(p.total.replied), positive \(p.total.positive) (\(Postmortem.pct(p.total.positiveRate.rate))); \(p.bounces) bounced, \(p.automaticReplies) automatic replies.</p>\n"
        body += "<h2>Next time</h2>\n<ul>\n"
        for lesson in p.lessons {
            body += "<li><strong>\(e(lesson.kind))</strong>: \(e(lesson.advice)) <span class=\"evidence\">\(e(lesson.evidence))</span></li>\n"
        }
        body += "</ul>\n"
        for (title, groups) in [("By creator type", p.byType), ("By persona", p.byPersona), ("By variant", p.byVariant)] {
            body += "<h2>\(title)</h2>\n<table><tr><th></th><th>pitched</th><th>delivered</th><th>replied</th><th>positive</th><th>positive rate (95%)</th><th>negotiated</th><th>conversions</th><th>revenue</th><th>expected value</th><th>cost</th></tr>\n"
            for g in groups {
                let range = "\(Postmortem.pct(g.positiveRate.rate)) (\(Postmortem.pct(g.positiveRate.lower95))–\(Postmortem.pct(g.positiveRate.upper95)))"
                body += "<tr><td>\(e(g.key))</td><td>\(g.pitched)</td><td>\(g.delivered)</td><td>\(g.replied)</td><td>\(g.positive)</td><td>\(range)</td><td>\(g.negotiated)</td><td>\(g.conversions)</td><td>\(String(format: "%.2f", g.revenue))</td><td>\(g.expectedValue.map { String(format: "%.2f", $0) } ?? "–")</td><td>\(g.cost.map { String(format: "%.2f", $0) } ?? "–")</td></tr>\n"
            }
            body += "</table>\n"
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Post-mortem: \(e(p.campaign))</title>
            <style>body{font:15px/1.45 system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#111}
            table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border-bottom:1px solid #ddd;padding:.3em .6em;text-align:right}
            td:first-child,th:first-child{text-align:left}.evidence{color:#555}.goal{font-weight:600}</style></head>
            <body>
            \(body)</body></html>

            """
    }

    /// Writes the page atomically.
    public func write(to url: URL) throws {
        try Data(html.utf8).write(to: url, options: .atomic)
    }
}
