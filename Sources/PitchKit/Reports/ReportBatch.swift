public import Foundation

/// One batch of a stage: the sends of that stage the relay accepted on the same UTC calendar day,
/// with the funnel and rates of each variant in it.
///
/// The scheduler sends a stage in small runs that can span days (send windows, rate limits,
/// deferrals); a UTC day is the unit a user looks at between runs, so the report splits by it. A
/// send without an acceptance time (not expected for accepted sends) falls on the day of the report.
/// Batches are shown, not judged: rows carry no verdict, and reply windows of recent batches may
/// still be open (`pending_reply_windows`).
public struct ReportBatch: Sendable, Hashable, Codable {
    /// 1 for the earliest batch of the stage.
    public let index: Int
    /// The UTC day, `YYYY-MM-DD`.
    public let date: String
    /// The first acceptance time in the batch.
    public let firstAcceptedAt: Date
    /// The last acceptance time in the batch.
    public let lastAcceptedAt: Date
    /// Each variant sent that day, in the stage's variant order.
    public let variants: [ReportRow]

    /// Creates a batch.
    public init(index: Int, date: String, firstAcceptedAt: Date, lastAcceptedAt: Date, variants: [ReportRow]) {
        self.index = index
        self.date = date
        self.firstAcceptedAt = firstAcceptedAt
        self.lastAcceptedAt = lastAcceptedAt
        self.variants = variants
    }

    enum CodingKeys: String, CodingKey {
        case index, date, variants
        case firstAcceptedAt = "first_accepted_at"
        case lastAcceptedAt = "last_accepted_at"
    }

    /// The UTC calendar day of `date` as `YYYY-MM-DD`.
    public static func day(of date: Date) -> String { CampaignAnalysis.day(of: date) }
}
