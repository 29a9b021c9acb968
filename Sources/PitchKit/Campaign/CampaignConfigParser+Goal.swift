import Foundation
import Yams

extension CampaignConfigParser {
    /// `goal:` as a plain description, or a mapping with metric, target, measured_by and deadline.
    func parseGoal(_ node: Node?) throws(CampaignConfigError) -> CampaignGoal? {
        guard let node, !Self.isNull(node) else { return nil }
        if node.scalar != nil {
            guard let text = try string(node, "goal") else { return nil }
            return CampaignGoal(description: text, line: node.mark?.line)
        }
        let goal = try fields(node, path: "goal")
        let description = try string(goal.values["description"], "goal.description")
        let keys = ["metric", "target", "deadline", "measured_by"].filter { goal.values[$0].map { !Self.isNull($0) } ?? false }
        guard !keys.isEmpty else {
            return CampaignGoal(description: description, line: node.mark?.line)
        }
        guard let metricNode = goal.values["metric"], let metricName = try string(metricNode, "goal.metric") else {
            throw error(.missingField, at: goal.node, field: "goal.metric",
                        "goal.metric is missing; say what the goal counts under goal:, e.g. metric: sales (or orders, signups, posts).")
        }
        guard let metric = GoalMetric(name: metricName) else {
            throw invalid(metricNode, "goal.metric", "'\(metricName)' is not a metric PitchLab can measure; write sales, orders, signups or posts.")
        }
        guard let targetNode = goal.values["target"], !Self.isNull(targetNode) else {
            let example = metric.isAmount ? "target: 5000" : "target: 20"
            throw error(.missingField, at: goal.node, field: "goal.target",
                        "goal.target is missing; say how much \(metric.rawValue) counts as success under goal:, e.g. \(example).")
        }
        let target = try goalTarget(targetNode, metric: metric)
        guard let deadlineNode = goal.values["deadline"], let deadlineText = try string(deadlineNode, "goal.deadline") else {
            throw error(.missingField, at: goal.node, field: "goal.deadline",
                        "goal.deadline is missing; say when the target must be reached under goal:, e.g. deadline: 2026-06-30.")
        }
        guard let deadline = Self.deadline(deadlineText) else {
            throw invalid(deadlineNode, "goal.deadline", "'\(deadlineText)' is not a date; write YYYY-MM-DD (the end of that day, UTC), e.g. deadline: 2026-06-30.")
        }
        var measuredBy = GoalMeasurement.codeOrURL
        if let measureNode = goal.values["measured_by"], let name = try string(measureNode, "goal.measured_by") {
            guard let value = GoalMeasurement(name: name) else {
                throw invalid(measureNode, "goal.measured_by", "'\(name)' is not a way to measure; write code (discount codes), url (tracked URLs) or code_or_url.")
            }
            measuredBy = value
        }
        return CampaignGoal(
            description: description,
            measure: CampaignGoal.Measure(metric: metric, target: target, measuredBy: measuredBy, deadline: deadline),
            line: node.mark?.line)
    }

    private func goalTarget(_ node: Node, metric: GoalMetric) throws(CampaignConfigError) -> Double {
        guard node.scalar != nil, let text = node.scalar?.string,
              let value = RecipientRowParser.amount(text), value > 0
        else {
            throw invalid(node, "goal.target", metric.isAmount
                ? "must be an amount greater than 0, in the campaign's currency; write e.g. target: 5000."
                : "must be a whole number greater than 0; write e.g. target: 20.")
        }
        if !metric.isAmount, value != value.rounded() {
            throw invalid(node, "goal.target", "must be a whole number of \(metric.rawValue) (it counts them); write e.g. target: 20.")
        }
        return value
    }

    /// `2026-06-30` (the end of that day, UTC), or an ISO 8601 time with a zone.
    static func deadline(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
           let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let components = DateComponents(year: year, month: month, day: day)
            guard components.isValidDate(in: calendar), let start = calendar.date(from: components) else { return nil }
            return start.addingTimeInterval(86_400 - 1)
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// `scoring:`: value per view and the costs added to every creator's own cost.
    func parseScoring(_ node: Node?) throws(CampaignConfigError) -> ScoringConfig {
        guard let node, !Self.isNull(node) else { return ScoringConfig() }
        let scoring = try fields(node, path: "scoring")
        func amount(_ key: String, example: String) throws(CampaignConfigError) -> Double? {
            guard let value = scoring.values[key], !Self.isNull(value) else { return nil }
            guard value.scalar != nil, let text = value.scalar?.string, let number = RecipientRowParser.amount(text) else {
                throw invalid(value, "scoring.\(key)", "must be an amount of 0 or more in the campaign's currency; write e.g. \(key): \(example).")
            }
            return number
        }
        return ScoringConfig(
            valuePerView: try amount("value_per_view", example: "0.004"),
            productCost: try amount("product_cost", example: "118") ?? 0,
            shippingCost: try amount("shipping_cost", example: "12") ?? 0,
            fees: try amount("fees", example: "15") ?? 0)
    }
}
