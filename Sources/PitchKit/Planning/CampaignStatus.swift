import Foundation

/// Where a campaign stands: ledger counts per state, per stage and variant; the deferred queue with
/// next attempt times and last replies; every ambiguous send with its Message-ID and what to do.
///
/// ```swift
/// let status = try CampaignStatus.load(workspace: workspace, store: store, environment: env)
/// print(try JSONOutput.string(status))   // pitchlab status --json
/// ```
///
/// Reply texts are shown with anything that looks like an address replaced by `[address]`;
/// recipients are named by their store id.
public struct CampaignStatus: Sendable, Equatable, Encodable {
    /// The campaign id.
    public var campaign: String
    /// Ledger rows of the campaign.
    public var total: Int
    /// Rows per state (every state, zeros included).
    public var states: [String: Int]
    /// Per stage, in stage order.
    public var stages: [Stage]
    /// Deferred sends, soonest next attempt first.
    public var deferred: [DeferredSend]
    /// Ambiguous sends, by ledger row.
    public var ambiguous: [AmbiguousSend]
    /// The winners remembered for later stages.
    public var winners: PlanReport.Winners

    /// One stage's rows.
    public struct Stage: Sendable, Equatable, Encodable {
        /// The stage number.
        public var stage: Int
        /// `subject`, `message`, `offer` or `rest`; nil when the template cannot be read.
        public var kind: String?
        /// Rows of the stage.
        public var total: Int
        /// Rows per state (every state).
        public var states: [String: Int]
        /// Per variant, by key.
        public var variants: [Variant]

        enum CodingKeys: String, CodingKey { case stage, kind, total, states, variants }

        /// Encodes every key, `kind` as null when unknown.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stage, forKey: .stage)
            try container.encode(kind, forKey: .kind)
            try container.encode(total, forKey: .total)
            try container.encode(states, forKey: .states)
            try container.encode(variants, forKey: .variants)
        }
    }

    /// One variant's rows in a stage.
    public struct Variant: Sendable, Equatable, Encodable {
        /// `template/subject/message/offer`.
        public var key: String
        /// The subject id.
        public var subject: String
        /// The message id.
        public var message: String
        /// The offer id.
        public var offer: String
        /// Rows with this variant.
        public var total: Int
        /// Rows per state (every state).
        public var states: [String: Int]
    }

    /// The last SMTP reply of a row, its text redacted.
    public struct Reply: Sendable, Equatable, Encodable {
        /// The three-digit code.
        public var code: Int
        /// The enhanced status code, when the relay sent one.
        public var enhancedCode: String?
        /// The reply text, addresses replaced by `[address]`.
        public var text: String

        /// Creates a reply.
        public init(code: Int, enhancedCode: String?, text: String) {
            self.code = code
            self.enhancedCode = enhancedCode
            self.text = text
        }

        enum CodingKeys: String, CodingKey {
            case code, text
            case enhancedCode = "enhanced_code"
        }

        /// Encodes every key, `enhanced_code` as null when absent.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(enhancedCode, forKey: .enhancedCode)
            try container.encode(text, forKey: .text)
        }

        /// `451 4.7.1 try later`.
        public var summary: String { [String(code), enhancedCode, text].compactMap { $0 }.joined(separator: " ") }
    }

    /// A send waiting for its next attempt.
    public struct DeferredSend: Sendable, Equatable, Encodable {
        /// The ledger row.
        public var entryID: Int64
        /// The recipient's store id.
        public var recipientID: Int64
        /// The stage.
        public var stage: Int
        /// The variant key.
        public var variant: String
        /// Claims so far.
        public var attempts: Int
        /// When it may be claimed again (ISO 8601, UTC); nil for now.
        public var nextAttemptAt: String?
        /// The last reply, when one came.
        public var lastReply: Reply?

        enum CodingKeys: String, CodingKey {
            case stage, variant, attempts
            case entryID = "entry_id"
            case recipientID = "recipient_id"
            case nextAttemptAt = "next_attempt_at"
            case lastReply = "last_reply"
        }

        /// Encodes every key, null where absent.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entryID, forKey: .entryID)
            try container.encode(recipientID, forKey: .recipientID)
            try container.encode(stage, forKey: .stage)
            try container.encode(variant, forKey: .variant)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(nextAttemptAt, forKey: .nextAttemptAt)
            try container.encode(lastReply, forKey: .lastReply)
        }
    }

    /// A send that may or may not have been delivered; never resent without the user's word.
    public struct AmbiguousSend: Sendable, Equatable, Encodable {
        /// The ledger row.
        public var entryID: Int64
        /// The recipient's store id.
        public var recipientID: Int64
        /// The stage.
        public var stage: Int
        /// The variant key.
        public var variant: String
        /// The Message-ID the message carried (without angle brackets).
        public var messageID: String
        /// Claims so far.
        public var attempts: Int
        /// When it became ambiguous (ISO 8601, UTC).
        public var since: String
        /// The last reply, when one came.
        public var lastReply: Reply?
        /// What the user can do.
        public var action: String

        enum CodingKeys: String, CodingKey {
            case stage, variant, attempts, since, action
            case entryID = "entry_id"
            case recipientID = "recipient_id"
            case messageID = "message_id"
            case lastReply = "last_reply"
        }

        /// Encodes every key, null where absent.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(entryID, forKey: .entryID)
            try container.encode(recipientID, forKey: .recipientID)
            try container.encode(stage, forKey: .stage)
            try container.encode(variant, forKey: .variant)
            try container.encode(messageID, forKey: .messageID)
            try container.encode(attempts, forKey: .attempts)
            try container.encode(since, forKey: .since)
            try container.encode(lastReply, forKey: .lastReply)
            try container.encode(action, forKey: .action)
        }
    }

    /// What to do about an ambiguous send.
    public static func action(messageID: String) -> String {
        "search your Sent folder or the relay's log for Message-ID <\(messageID)>, then run pitchlab resolve \(messageID) --sent (it arrived) or --not-sent (send it again)"
    }

    /// The status of a workspace's campaign: reads `pitchlab.yaml` (and, for stage kinds, the template).
    ///
    /// - Throws: ``WorkspaceError``, ``CampaignConfigError`` or ``StoreError``.
    public static func load(workspace: Workspace, store: any CampaignStore, environment: [String: String]) throws -> CampaignStatus {
        try workspace.requireInitialized()
        let config = try CampaignConfig.load(
            contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: environment)
        let planner = (try? CampaignPlanner.loadTemplate(id: config.template, workspace: workspace)).map {
            CampaignPlanner(workspace: workspace, store: store, config: config, template: $0, lint: [])
        }
        let winners = try CampaignWinnersFile(workspace: workspace).winners(campaign: config.campaign.id)
        return make(
            campaign: config.campaign.id, entries: try store.entries(campaign: config.campaign.id, state: nil),
            kind: { planner?.kind(ofStage: $0) }, winners: winners)
    }

    /// Builds the status from ledger rows.
    ///
    /// - Parameter kind: The kind of a stage number, when known.
    public static func make(
        campaign: String, entries: [LedgerEntry], kind: (Int) -> String? = { _ in nil }, winners: StageWinners = StageWinners()
    ) -> CampaignStatus {
        func zeros() -> [String: Int] {
            Dictionary(uniqueKeysWithValues: SendLedgerState.allCases.map { ($0.rawValue, 0) })
        }
        var states = zeros()
        var stages: [Int: Stage] = [:]
        var variants: [Int: [CampaignVariant: Variant]] = [:]
        for entry in entries {
            let state = entry.state.rawValue
            states[state, default: 0] += 1
            stages[entry.stage, default: Stage(stage: entry.stage, kind: kind(entry.stage), total: 0, states: zeros(), variants: [])]
                .total += 1
            stages[entry.stage]?.states[state, default: 0] += 1
            let v = entry.variant
            variants[entry.stage, default: [:]][v, default: Variant(
                key: v.key, subject: v.choice.subject, message: v.choice.message, offer: v.choice.offer, total: 0, states: zeros())]
                .total += 1
            variants[entry.stage]?[v]?.states[state, default: 0] += 1
        }
        let stageList = stages.keys.sorted().map { number in
            var stage = stages[number]!
            stage.variants = (variants[number] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            return stage
        }
        let deferred = entries.filter { $0.state == .deferred }
            .sorted { ($0.nextAttemptAt ?? .distantPast, $0.id) < ($1.nextAttemptAt ?? .distantPast, $1.id) }
            .map { entry in
                DeferredSend(
                    entryID: entry.id, recipientID: entry.recipientID, stage: entry.stage, variant: entry.variant.key,
                    attempts: entry.attempts, nextAttemptAt: entry.nextAttemptAt.map(timestamp),
                    lastReply: entry.lastReply.map(reply))
            }
        let ambiguous = entries.filter { $0.state == .ambiguous }.map { entry in
            let id = entry.messageID ?? ""
            return AmbiguousSend(
                entryID: entry.id, recipientID: entry.recipientID, stage: entry.stage, variant: entry.variant.key,
                messageID: id, attempts: entry.attempts, since: timestamp(entry.updatedAt),
                lastReply: entry.lastReply.map(reply), action: action(messageID: id))
        }
        return CampaignStatus(
            campaign: campaign, total: entries.count, states: states, stages: stageList, deferred: deferred,
            ambiguous: ambiguous,
            winners: PlanReport.Winners(winners))
    }

    /// A date as ISO 8601 in UTC (`2026-11-28T13:05:00Z`).
    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func reply(_ last: LedgerEntry.LastReply) -> Reply {
        Reply(code: last.code, enhancedCode: last.enhancedCode, text: redact(last.text))
    }

    /// The text with anything shaped like an address replaced by `[address]`.
    public static func redact(_ text: String) -> String {
        text.replacing(#/[^\s<>()\[\]",;:]+@[^\s<>()\[\]",;:]+/#, with: "[address]")
    }
}
