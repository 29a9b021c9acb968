public import Foundation

/// Progress against the campaign's measurable goal, and whether the pace will reach it by the deadline.
///
/// Progress counts the conversions of the metric's kind (orders for `sales` and `orders`, sign-ups,
/// posts) tied to a creator the way the goal says (`measured_by`), that happened from the day of
/// the campaign's start (the first pitch the relay accepted, UTC day) to the deadline. `sales` adds
/// their amounts; the other metrics count them.
///
/// The pace is linear: progress ÷ days since the start, projected over the days from the start
/// to the deadline. The status is `on_track` when the projection reaches the target, `behind`
/// when it does not, `reached` once progress meets the target, `missed` after the deadline, and
/// `no_data` when nothing can be said yet (no accepted pitch, no conversions imported, or less than
/// a day since the start).
///
/// ```swift
/// let report = try GoalReport.make(campaign: "spring", goal: goal, conversions: conversions,
///                                  startedAt: start, now: clock.now())
/// print(report.message)   // "behind: 1,200.00 of 5,000.00 (24%) …"
/// ```
public struct GoalReport: Sendable, Equatable, Encodable {
    /// Where the goal stands.
    public enum Status: String, Sendable, Hashable, Codable {
        /// Nothing can be said yet; ``GoalReport/message`` says why.
        case noData = "no_data"
        /// The linear pace reaches the target by the deadline.
        case onTrack = "on_track"
        /// The linear pace falls short of the target at the deadline.
        case behind
        /// Progress has met the target.
        case reached
        /// The deadline passed before the target was met.
        case missed
    }

    /// The linear projection.
    public struct Pace: Sendable, Equatable, Codable {
        /// Days from the start to now (or to the deadline, when it has passed).
        public var elapsedDays: Double
        /// Days from the start to the deadline.
        public var totalDays: Double
        /// Progress per day so far.
        public var perDay: Double
        /// Progress at the deadline at that pace.
        public var projected: Double
        /// What is still needed to reach the target (0 once reached).
        public var remaining: Double
        /// Days left until the deadline (0 once passed).
        public var daysLeft: Double
        /// Progress per day needed from now to reach the target; nil when the deadline has passed.
        public var neededPerDay: Double?

        enum CodingKeys: String, CodingKey {
            case projected, remaining
            case elapsedDays = "elapsed_days"
            case totalDays = "total_days"
            case perDay = "per_day"
            case daysLeft = "days_left"
            case neededPerDay = "needed_per_day"
        }

        /// Encodes every key (`needed_per_day` as null when unknown).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(elapsedDays, forKey: .elapsedDays)
            try container.encode(totalDays, forKey: .totalDays)
            try container.encode(perDay, forKey: .perDay)
            try container.encode(projected, forKey: .projected)
            try container.encode(remaining, forKey: .remaining)
            try container.encode(daysLeft, forKey: .daysLeft)
            try container.encode(neededPerDay, forKey: .neededPerDay)
        }
    }

    /// The campaign id.
    public var campaign: String
    /// The goal in words, when written.
    public var description: String?
    /// What is counted.
    public var metric: GoalMetric
    /// The target.
    public var target: Double
    /// Which conversions count.
    public var measuredBy: GoalMeasurement
    /// The deadline.
    public var deadline: Date
    /// The time the report was made for.
    public var now: Date
    /// The campaign's start (the first accepted pitch); nil before it.
    public var startedAt: Date?
    /// The amount (sales) or count so far.
    public var progress: Double
    /// The conversions counted.
    public var conversions: Int
    /// Progress as a percentage of the target.
    public var percent: Double
    /// Conversions of the metric's kind left out because they happened before the start's day.
    public var beforeStart: Int
    /// Conversions of the metric's kind left out because they happened after the deadline.
    public var afterDeadline: Int
    /// Where the goal stands.
    public var status: Status
    /// One sentence with the numbers: the status, progress, pace and projection.
    public var message: String
    /// The projection; nil before the start or when the deadline is not after it.
    public var pace: Pace?

    /// The report for `goal`, from the stored conversions, the campaign's start and the time `now`.
    ///
    /// - Throws: ``GoalError`` when the goal is a description only.
    public static func make(
        campaign: String, goal: CampaignGoal, file: String = Workspace.configFileName, conversions: [StoredConversion],
        startedAt: Date?, now: Date
    ) throws(GoalError) -> GoalReport {
        guard let measure = goal.measure else {
            let said = goal.description.map { " ('\($0.count > 60 ? String($0.prefix(60)) + "…" : $0)')" } ?? ""
            throw GoalError(
                .notMeasurable, file: file, line: goal.line,
                "goal is a description only\(said), so it cannot be measured; add metric (sales, orders, signups or posts), target and deadline under goal:, e.g. metric: sales, target: 5000, deadline: 2026-06-30.")
        }
        let deadline = measure.deadline
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let windowStart = startedAt.map { calendar.startOfDay(for: $0) }
        let relevant = conversions.filter {
            $0.kind == measure.metric.conversionKind && measure.measuredBy.counts($0.matchedBy)
        }
        var counted: [StoredConversion] = []
        var beforeStart = 0, afterDeadline = 0
        for conversion in relevant {
            if let windowStart, conversion.occurredAt < windowStart {
                beforeStart += 1
            } else if conversion.occurredAt > deadline {
                afterDeadline += 1
            } else {
                counted.append(conversion)
            }
        }
        let progress = measure.metric.isAmount ? counted.reduce(0) { $0 + ($1.amount ?? 0) } : Double(counted.count)
        var report = GoalReport(
            campaign: campaign, description: goal.description, metric: measure.metric, target: measure.target,
            measuredBy: measure.measuredBy, deadline: deadline, now: now, startedAt: startedAt, progress: progress,
            conversions: counted.count, percent: progress / measure.target * 100, beforeStart: beforeStart,
            afterDeadline: afterDeadline, status: .noData, message: "", pace: nil)

        let day = 86_400.0
        if let startedAt, deadline > startedAt {
            let asOf = min(now, deadline)
            let elapsed = max(0, asOf.timeIntervalSince(startedAt)) / day
            let total = deadline.timeIntervalSince(startedAt) / day
            let perDay = elapsed > 0 ? progress / elapsed : 0
            let daysLeft = max(0, deadline.timeIntervalSince(now)) / day
            let remaining = max(0, measure.target - progress)
            report.pace = Pace(
                elapsedDays: elapsed, totalDays: total, perDay: perDay, projected: perDay * total, remaining: remaining,
                daysLeft: daysLeft, neededPerDay: daysLeft > 0 ? remaining / daysLeft : nil)
        }
        (report.status, report.message) = report.verdict(conversionsImported: !conversions.isEmpty)
        return report
    }

    /// Loads the goal from `pitchlab.yaml` and the conversions and start from the workspace's store.
    public static func load(workspace: Workspace, environment: [String: String], now: Date) throws -> GoalReport {
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: environment)
        guard let goal = config.goal else {
            throw GoalError(
                .missingGoal, file: Workspace.configFileName, line: nil,
                "there is no goal section; add goal: with metric (sales, orders, signups or posts), target and deadline, e.g. goal: {metric: sales, target: 5000, deadline: 2026-06-30}.")
        }
        let store = try workspace.openStore()
        return try make(
            campaign: config.campaign.id, goal: goal, conversions: try store.conversions(),
            startedAt: try store.firstAcceptedAt(campaign: config.campaign.id), now: now)
    }

    private func verdict(conversionsImported: Bool) -> (Status, String) {
        let unit = metric == .sales ? "in sales" : metric.rawValue
        let so = "\(Self.format(progress, amount: metric.isAmount)) of \(Self.format(target, amount: metric.isAmount)) \(unit) (\(Self.format(percent, amount: false))%)"
        let by = Self.day(deadline)
        if progress >= target {
            return (.reached, "reached: \(so) by \(Self.day(min(now, deadline))), deadline \(by).")
        }
        guard let startedAt else {
            return (.noData, "no data: no pitch has been accepted yet, so the campaign has not started and there is no pace; \(so), deadline \(by).")
        }
        if now > deadline {
            return (.missed, "missed: \(so) at the deadline \(by); \(Self.format(target - progress, amount: metric.isAmount)) short.")
        }
        guard conversionsImported else {
            return (.noData, "no data: no conversions imported yet, so there is no pace; import orders, sign-ups or posts with pitchlab conversions import FILE.csv (deadline \(by)).")
        }
        guard let pace, pace.elapsedDays >= 1 else {
            return (.noData, "no data: less than a day since the first pitch was accepted (\(Self.day(startedAt))), too early for a pace; \(so), deadline \(by).")
        }
        let rate = "\(Self.format(pace.perDay, amount: true)) a day over \(Self.format(pace.elapsedDays, amount: false)) days since the first pitch"
        let projection = "projects \(Self.format(pace.projected, amount: metric.isAmount)) by \(by)"
        if pace.projected >= target {
            return (.onTrack, "on track: \(so); \(rate) \(projection).")
        }
        let needed = pace.neededPerDay.map { "; \(Self.format($0, amount: true)) a day is needed for the \(Self.format(pace.daysLeft, amount: false)) days left" } ?? ""
        return (.behind, "behind: \(so); \(rate) \(projection), \(Self.format(target - pace.projected, amount: metric.isAmount)) short\(needed).")
    }

    /// Terminal lines.
    public var textLines: [String] {
        var lines = ["Goal: \(metric.rawValue) \(Self.format(target, amount: metric.isAmount)) by \(Self.day(deadline)), measured by \(measuredBy.phrase)."]
        if let description { lines.append("  \(description)") }
        if let startedAt { lines.append("Started: \(Self.day(startedAt)) (first accepted pitch).") }
        lines.append("Progress: \(Self.format(progress, amount: metric.isAmount)) from \(conversions) \(metric.conversionKind.rawValue)\(conversions == 1 ? "" : "s").")
        if beforeStart + afterDeadline > 0 {
            lines.append("  left out: \(beforeStart) before the start, \(afterDeadline) after the deadline.")
        }
        lines.append(message.prefix(1).uppercased() + message.dropFirst())
        return lines
    }

    /// `2026-06-30` in UTC.
    static func day(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// `1,234.50` for amounts, `1,235` (or `12.5` below 100) otherwise.
    static func format(_ value: Double, amount: Bool) -> String {
        guard value.isFinite else { return "\(value)" }
        let decimals = amount ? 2 : (abs(value) < 100 && value != value.rounded() ? 1 : 0)
        let text = String(format: "%.\(decimals)f", value)
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var whole = String(parts[0])
        var grouped = ""
        while whole.count > 3 {
            grouped = "," + whole.suffix(3) + grouped
            whole.removeLast(3)
        }
        grouped = whole + grouped
        return (negative ? "-" : "") + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    enum CodingKeys: String, CodingKey {
        case campaign, description, metric, target, deadline, now, progress, conversions, percent, status, message, pace
        case measuredBy = "measured_by"
        case startedAt = "started_at"
        case beforeStart = "before_start"
        case afterDeadline = "after_deadline"
    }

    /// Encodes every key (`description`, `started_at` and `pace` as null when unknown).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(campaign, forKey: .campaign)
        try container.encode(description, forKey: .description)
        try container.encode(metric, forKey: .metric)
        try container.encode(target, forKey: .target)
        try container.encode(measuredBy, forKey: .measuredBy)
        try container.encode(deadline, forKey: .deadline)
        try container.encode(now, forKey: .now)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(progress, forKey: .progress)
        try container.encode(conversions, forKey: .conversions)
        try container.encode(percent, forKey: .percent)
        try container.encode(beforeStart, forKey: .beforeStart)
        try container.encode(afterDeadline, forKey: .afterDeadline)
        try container.encode(status, forKey: .status)
        try container.encode(message, forKey: .message)
        try container.encode(pace, forKey: .pace)
    }
}
