extension PlanReport {
    /// The most problems the text form lists (JSON lists them all).
    public static let textProblemLimit = 20

    /// The report for a terminal, one line each.
    public var textLines: [String] {
        var lines: [String] = []
        let what = kind == "rest" ? "sends the winner to everyone not yet pitched" : "tests \(kind)s"
        let asked = requested.map { "\(alreadyPlanned + new) of \($0) asked for" } ?? "\(alreadyPlanned + new) recipients"
        lines.append(
            "Campaign \(campaign), stage \(stage) of \(stages) (\(what)): \(asked); \(new) new, \(alreadyPlanned) already planned; \(suppressed) suppressed left out.")
        let fixed = [("subject", winners.subject), ("message", winners.message), ("offer", winners.offer)]
            .compactMap { name, id in id.map { "\(name)=\($0)" } }
        if !fixed.isEmpty { lines.append("Winners used: \(fixed.joined(separator: " ")).") }
        if shortfall > 0 {
            lines.append("Shortfall: \(shortfall) fewer than asked; only \(eligible) recipients were not yet pitched. Import more or lower the size.")
        }
        var rows = [["VARIANT", "SIZE", "COUNT", "NEW", "PERSONAS", "TYPES"]]
        for variant in variants {
            func list(_ counts: [String: Int]) -> String {
                counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
            rows.append([
                variant.key, variant.size.map(String.init) ?? "all", String(variant.count), String(variant.new),
                list(variant.personas), list(variant.types),
            ])
        }
        lines += Self.table(rows).map { "  " + $0 }
        let errors = lint.filter(\.isError), warnings = lint.filter { !$0.isError }
        if !lint.isEmpty {
            lines.append("Template lint: \(errors.count) error\(errors.count == 1 ? "" : "s"), \(warnings.count) warning\(warnings.count == 1 ? "" : "s").")
            lines += (errors + warnings).map { "  \($0)" }
        }
        if !problems.isEmpty {
            lines.append("Problems: \(problems.count) (recipients named by id; see pitchlab recipients list --json):")
            lines += problems.prefix(Self.textProblemLimit).map { "  \($0)" }
            if problems.count > Self.textProblemLimit {
                lines.append("  … and \(problems.count - Self.textProblemLimit) more (use --json for all).")
            }
        }
        if !isOK {
            lines.append("Nothing was written; fix the problems above and run pitchlab plan again.")
        } else if dryRun {
            lines.append("Dry run: nothing written; pitchlab plan --stage \(stage) would add \(new) planned row\(new == 1 ? "" : "s").")
        } else if written == 0 {
            lines.append("Nothing new to plan for stage \(stage) (\(alreadyPlanned) already planned).")
        } else {
            lines.append("Planned \(written) new row\(written == 1 ? "" : "s") for stage \(stage); send them with pitchlab send --stage \(stage).")
        }
        return lines
    }

    /// Left-aligned columns separated by two spaces.
    static func table(_ rows: [[String]]) -> [String] {
        guard let first = rows.first else { return [] }
        let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }
}
