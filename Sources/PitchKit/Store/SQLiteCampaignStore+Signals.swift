public import Foundation
import GRDB

/// One send's raw signals, as the open classification and the analyser read them.
public struct SendSignals: Sendable, Hashable {
    /// One raw tracking request.
    public struct Hit: Sendable, Hashable {
        public var id: Int64
        public var kind: TrackingEvent.Kind
        public var at: Date
        public var ip: String
        public var userAgent: String
        public var destination: String?

        /// Creates a hit.
        public init(id: Int64, kind: TrackingEvent.Kind, at: Date, ip: String, userAgent: String, destination: String? = nil) {
            self.id = id
            self.kind = kind
            self.at = at
            self.ip = ip
            self.userAgent = userAgent
            self.destination = destination
        }
    }

    public var entryID: Int64
    public var stage: Int
    public var variant: CampaignVariant
    public var state: SendLedgerState
    /// When the relay accepted the send.
    public var acceptedAt: Date?
    public var hits: [Hit]
    /// Human (not automatic) replies tied to the send, by class.
    public var replies: [ReplyClass]
    /// When the first human reply was written (its Date header).
    public var firstReplyAt: Date?
    /// The send bounced (hard or soft) after the relay accepted it.
    public var bounced: Bool
    /// The bounce was hard (5.x.x).
    public var hardBounce: Bool
    /// The recipient's row id.
    public var recipientID: Int64 = 0
    /// The creator's persona, from the recipients file.
    public var persona: String?
    /// The creator's type (peer, authority, aspirational), from the recipients file.
    public var creatorType: String?

    /// Creates a send's signals.
    public init(
        entryID: Int64, stage: Int, variant: CampaignVariant, state: SendLedgerState, acceptedAt: Date?, hits: [Hit],
        replies: [ReplyClass], firstReplyAt: Date?, bounced: Bool, hardBounce: Bool = false, persona: String? = nil,
        creatorType: String? = nil
    ) {
        self.entryID = entryID
        self.stage = stage
        self.variant = variant
        self.state = state
        self.acceptedAt = acceptedAt
        self.hits = hits
        self.replies = replies
        self.firstReplyAt = firstReplyAt
        self.bounced = bounced
        self.hardBounce = hardBounce
        self.persona = persona
        self.creatorType = creatorType
    }
}

extension SQLiteCampaignStore {
    /// Every send of a campaign that left the ledger's queue, with its hits and replies.
    public func sendSignals(campaign: String) throws -> [SendSignals] {
        try wrap {
            try pool.read { db in
                var byID: [Int64: SendSignals] = [:]
                var order: [Int64] = []
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT ledger.id, ledger.stage, ledger.template, ledger.subject_variant, ledger.message_variant,
                            ledger.offer_variant, ledger.state, ledger.finished_at, recipients.persona, recipients.type,
                            ledger.recipient_id
                        FROM ledger JOIN recipients ON recipients.id = ledger.recipient_id
                        WHERE ledger.campaign = ? AND ledger.state IN ('accepted', 'ambiguous', 'rejected') ORDER BY ledger.id
                        """,
                    arguments: [campaign])
                {
                    let id: Int64 = row[0]
                    order.append(id)
                    let recipientID: Int64 = row[10]
                    byID[id] = SendSignals(
                        entryID: id, stage: row[1],
                        variant: CampaignVariant(
                            template: row[2], choice: PitchVariantChoice(subject: row[3], message: row[4], offer: row[5])),
                        state: SendLedgerState(rawValue: row[6]) ?? .accepted, acceptedAt: row[7], hits: [], replies: [],
                        firstReplyAt: nil, bounced: false, persona: row[8], creatorType: row[9])
                    byID[id]?.recipientID = recipientID
                }
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT h.id, h.ledger_id, h.kind, h.at, h.ip, h.user_agent, h.destination FROM tracking_hits h
                        JOIN ledger l ON l.id = h.ledger_id WHERE l.campaign = ? ORDER BY h.id
                        """,
                    arguments: [campaign])
                {
                    let entry: Int64 = row[1]
                    byID[entry]?.hits.append(SendSignals.Hit(
                        id: row[0], kind: TrackingEvent.Kind(rawValue: row[2]) ?? .open, at: row[3], ip: row[4] ?? "",
                        userAgent: row[5] ?? "", destination: row[6]))
                }
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT i.ledger_id, i.kind, i.reply_class, i.sent_at, i.imported_at, i.bounce_kind FROM inbound_messages i
                        JOIN ledger l ON l.id = i.ledger_id WHERE l.campaign = ? ORDER BY i.id
                        """,
                    arguments: [campaign])
                {
                    let entry: Int64 = row[0]
                    switch InboundRecord.Kind(rawValue: row[1]) {
                    case .bounce:
                        byID[entry]?.bounced = true
                        if (row[5] as String?) == "hard" { byID[entry]?.hardBounce = true }
                    case .human:
                        byID[entry]?.replies.append((row[2] as String?).flatMap(ReplyClass.init(rawValue:)) ?? .other)
                        let at: Date? = (row[3] as Date?) ?? (row[4] as Date?)
                        if let at {
                            let earlier = byID[entry]?.firstReplyAt ?? at
                            byID[entry]?.firstReplyAt = min(earlier, at)
                        }
                    default: break
                    }
                }
                return order.compactMap { byID[$0] }
            }
        }
    }

    /// Stores the class of each hit (recomputed from the raw hits whenever asked).
    public func setHitClasses(_ classes: [(id: Int64, class: String)]) throws {
        guard !classes.isEmpty else { return }
        try wrap {
            try pool.write { db in
                let update = try db.cachedStatement(sql: "UPDATE tracking_hits SET class = ? WHERE id = ?")
                for item in classes { try update.execute(arguments: [item.class, item.id]) }
            }
        }
    }
}
