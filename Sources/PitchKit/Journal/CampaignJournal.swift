public import Foundation
import PitchMail

/// The campaign journal: the notes the user wrote (`pitchlab note`) and what PitchLab recorded
/// itself: pitch-to-reply times, the creators who negotiated (and for how much, when their reply
/// names an amount), and the posts published.
///
/// - Pitch-to-reply time: from the relay's acceptance of a pitch (the ledger) to the Date header
///   of the first human reply tied to it (`inbound_messages.sent_at`; the import time when the
///   reply has no date). Automatic replies and bounces never count.
/// - Negotiated: creators with a reply classed `negotiate`. The amount is the first one written in
///   the new text of their latest such reply that has one (quoted text is left out, so the pitch's
///   own offer is not read as theirs); see ``MoneyAmount``.
/// - Posts published: conversions of kind `post` imported with `pitchlab conversions import`.
///
/// ```swift
/// let journal = try CampaignJournal.make(campaign: "spring", store: store)
/// print(journal.textLines.joined(separator: "\n"))
/// ```
public struct CampaignJournal: Sendable, Equatable, Encodable {
    /// Pitch-to-reply times, in hours.
    public struct ReplyTimes: Sendable, Equatable, Codable {
        /// Sends with a human reply.
        public var count: Int
        /// The median.
        public var medianHours: Double
        /// The mean.
        public var meanHours: Double
        /// The fastest.
        public var minHours: Double
        /// The slowest.
        public var maxHours: Double

        enum CodingKeys: String, CodingKey {
            case count
            case medianHours = "median_hours"
            case meanHours = "mean_hours"
            case minHours = "min_hours"
            case maxHours = "max_hours"
        }
    }

    /// One creator who negotiated.
    public struct Negotiation: Sendable, Equatable, Encodable {
        /// Who.
        public var creator: CreatorLabel
        /// Their negotiate replies.
        public var replies: Int
        /// When the latest was written.
        public var lastReplyAt: Date?
        /// The amount they named; nil when no reply names one.
        public var amount: MoneyAmount?

        enum CodingKeys: String, CodingKey {
            case replies, amount
            case lastReplyAt = "last_reply_at"
        }

        /// Encodes the label's keys beside `replies`, `last_reply_at` and `amount` (null when unknown).
        public func encode(to encoder: any Encoder) throws {
            try creator.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(replies, forKey: .replies)
            try container.encode(lastReplyAt, forKey: .lastReplyAt)
            try container.encode(amount, forKey: .amount)
        }
    }

    /// The campaign id.
    public var campaign: String
    /// The user's notes, oldest first.
    public var notes: [JournalNote]
    /// Pitches the relay accepted.
    public var pitched: Int
    /// When the first was accepted (the campaign's start).
    public var firstPitchAt: Date?
    /// Accepted pitches with at least one human reply.
    public var replied: Int
    /// Pitch-to-reply times; nil without a dated reply.
    public var replyTime: ReplyTimes?
    /// Creators who negotiated, by recipient id.
    public var negotiations: [Negotiation]
    /// Posts published (conversions of kind `post`).
    public var postsPublished: Int
    /// Distinct creators who published them.
    public var creatorsPosted: Int

    /// Creators who negotiated.
    public var negotiated: Int { negotiations.count }

    /// The journal of `campaign` from the store.
    public static func make(campaign: String, store: SQLiteCampaignStore) throws -> CampaignJournal {
        let sends = try store.sendSignals(campaign: campaign).filter { $0.state == .accepted }
        var hours: [Double] = []
        for send in sends {
            guard let accepted = send.acceptedAt, let reply = send.firstReplyAt else { continue }
            hours.append(max(0, reply.timeIntervalSince(accepted)) / 3600)
        }
        let recipients = Dictionary(uniqueKeysWithValues: try store.recipients().map { ($0.id, $0) })
        var negotiations: [Int64: Negotiation] = [:]
        for reply in try store.replies(campaign: campaign, replyClass: .negotiate) {
            let label = recipients[reply.recipientID].map(CreatorLabel.init)
                ?? CreatorLabel(StoredRecipient(id: reply.recipientID, emailKey: "", email: "", fields: RecipientFields(), firstImportID: nil))
            var entry = negotiations[reply.recipientID] ?? Negotiation(creator: label, replies: 0, lastReplyAt: nil, amount: nil)
            entry.replies += 1
            if let at = reply.sentAt, entry.lastReplyAt.map({ at >= $0 }) ?? true { entry.lastReplyAt = at }
            let text = QuotedTextStripper().newText(of: InboundMessage(bytes: reply.raw).textBody ?? "")
            if let amount = MoneyAmount.first(in: text) { entry.amount = amount }  // replies come oldest first
            negotiations[reply.recipientID] = entry
        }
        let posts = try store.conversions().filter { $0.kind == .post }
        return CampaignJournal(
            campaign: campaign, notes: try store.notes(campaign: campaign), pitched: sends.count,
            firstPitchAt: sends.compactMap(\.acceptedAt).min(), replied: sends.filter { !$0.replies.isEmpty }.count,
            replyTime: Self.summary(hours), negotiations: negotiations.keys.sorted().compactMap { negotiations[$0] },
            postsPublished: posts.count, creatorsPosted: Set(posts.map(\.recipientID)).count)
    }

    /// Loads the journal of the workspace's campaign.
    public static func load(workspace: Workspace, environment: [String: String]) throws -> CampaignJournal {
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: environment)
        return try make(campaign: config.campaign.id, store: try workspace.openStore())
    }

    static func summary(_ hours: [Double]) -> ReplyTimes? {
        guard !hours.isEmpty else { return nil }
        let sorted = hours.sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return ReplyTimes(
            count: sorted.count, medianHours: median, meanHours: sorted.reduce(0, +) / Double(sorted.count),
            minHours: sorted[0], maxHours: sorted[sorted.count - 1])
    }

    enum CodingKeys: String, CodingKey {
        case campaign, notes, pitched, replied, negotiated, negotiations
        case firstPitchAt = "first_pitch_at"
        case replyTime = "reply_time"
        case postsPublished = "posts_published"
        case creatorsPosted = "creators_posted"
    }

    /// Encodes every key (`first_pitch_at` and `reply_time` as null when unknown).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(campaign, forKey: .campaign)
        try container.encode(notes.map(NoteJSON.init), forKey: .notes)
        try container.encode(pitched, forKey: .pitched)
        try container.encode(firstPitchAt, forKey: .firstPitchAt)
        try container.encode(replied, forKey: .replied)
        try container.encode(replyTime, forKey: .replyTime)
        try container.encode(negotiated, forKey: .negotiated)
        try container.encode(negotiations, forKey: .negotiations)
        try container.encode(postsPublished, forKey: .postsPublished)
        try container.encode(creatorsPosted, forKey: .creatorsPosted)
    }

    private struct NoteJSON: Encodable {
        let id: Int64
        let at: Date
        let text: String
        init(_ note: JournalNote) {
            id = note.id
            at = note.at
            text = note.text
        }
    }

    /// Terminal lines.
    public var textLines: [String] {
        var lines = ["Journal of \(campaign)"]
        let stamp = ISO8601DateFormatter()
        if notes.isEmpty {
            lines.append("No notes yet; add one with: pitchlab note \"what you changed and why\"")
        } else {
            lines.append("Notes:")
            lines += notes.map { "  \(stamp.string(from: $0.at))  \($0.text)" }
        }
        lines.append("Recorded by PitchLab:")
        if let firstPitchAt {
            lines.append("  pitches accepted: \(pitched) (first \(stamp.string(from: firstPitchAt))); replied: \(replied)")
        } else {
            lines.append("  no pitch accepted yet")
        }
        if let replyTime {
            lines.append(String(
                format: "  pitch to reply: median %.1f h, mean %.1f h, fastest %.1f h, slowest %.1f h (%d replies)",
                replyTime.medianHours, replyTime.meanHours, replyTime.minHours, replyTime.maxHours, replyTime.count))
        }
        lines.append("  negotiated: \(negotiated) creator\(negotiated == 1 ? "" : "s")")
        for negotiation in negotiations {
            let amount = negotiation.amount.map { "asked \($0.text)" } ?? "no amount named"
            lines.append("    \(negotiation.creator.display): \(amount)")
        }
        lines.append("  posts published: \(postsPublished) by \(creatorsPosted) creator\(creatorsPosted == 1 ? "" : "s")")
        return lines
    }
}
