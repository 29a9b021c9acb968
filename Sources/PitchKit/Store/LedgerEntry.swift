public import Foundation
public import PitchMail

/// One row of the send ledger: one send of one step of a campaign to one recipient.
public struct LedgerEntry: Sendable, Hashable, Codable, Identifiable {
    /// The row id.
    public let id: Int64
    /// The campaign id from `pitchlab.yaml`.
    public let campaign: String
    /// The recipient's row id in the store.
    public let recipientID: Int64
    /// The step of the sequence (0 for the first pitch, 1 for a follow-up…).
    public let step: Int
    /// The stage of the campaign plan that created the row.
    public let stage: Int
    /// The variant chosen for this send.
    public let variant: CampaignVariant
    /// The current state.
    public let state: SendLedgerState
    /// The Message-ID (without angle brackets), fixed when the row is first claimed.
    public let messageID: String?
    /// How many times the row was claimed.
    public let attempts: Int
    /// When a deferred row may be claimed again.
    public let nextAttemptAt: Date?
    /// The last SMTP reply, when one came.
    public let lastReply: LastReply?
    /// When the row was planned.
    public let createdAt: Date
    /// When the row last changed.
    public let updatedAt: Date

    /// The last SMTP reply stored on a ledger row.
    public struct LastReply: Sendable, Hashable, Codable {
        /// The three-digit reply code.
        public let code: Int
        /// The enhanced status code (`5.1.1`), when the relay sent one.
        public let enhancedCode: String?
        /// The reply text, as the transport reported it (addresses redacted).
        public let text: String

        /// Creates a stored reply.
        public init(code: Int, enhancedCode: String?, text: String) {
            self.code = code
            self.enhancedCode = enhancedCode
            self.text = text
        }
    }

    /// Creates an entry (stores build these from rows).
    public init(
        id: Int64, campaign: String, recipientID: Int64, step: Int, stage: Int, variant: CampaignVariant,
        state: SendLedgerState, messageID: String?, attempts: Int, nextAttemptAt: Date?, lastReply: LastReply?,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.campaign = campaign
        self.recipientID = recipientID
        self.step = step
        self.stage = stage
        self.variant = variant
        self.state = state
        self.messageID = messageID
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastReply = lastReply
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A send to add to the ledger in state `planned`.
public struct PlannedSend: Sendable, Hashable {
    /// The campaign id.
    public var campaign: String
    /// The recipient's row id in the store.
    public var recipientID: Int64
    /// The step of the sequence (0 for the first pitch).
    public var step: Int
    /// The stage that plans it.
    public var stage: Int
    /// The chosen variant.
    public var variant: CampaignVariant

    /// Creates a planned send.
    public init(campaign: String, recipientID: Int64, step: Int = 0, stage: Int, variant: CampaignVariant) {
        self.campaign = campaign
        self.recipientID = recipientID
        self.step = step
        self.stage = stage
        self.variant = variant
    }
}

/// A row that a claim turned `sending`: everything the sender needs to send it.
public struct ClaimedSend: Sendable, Hashable {
    /// The ledger row's id.
    public let entryID: Int64
    /// The recipient's id.
    public let recipientID: Int64
    /// The Message-ID to put in the message (without angle brackets); the same on every attempt.
    public let messageID: String
    /// Attempts so far, this claim included.
    public let attempts: Int
    /// The recipient's address as imported (for RCPT TO).
    public let email: String

    /// Creates a claimed send (stores build these; fakes in tests may too).
    public init(entryID: Int64, recipientID: Int64, messageID: String, attempts: Int, email: String) {
        self.entryID = entryID
        self.recipientID = recipientID
        self.messageID = messageID
        self.attempts = attempts
        self.email = email
    }
}

/// What a claim did with the rows it was given.
public struct ClaimResult: Sendable, Hashable {
    /// Rows now `sending`, in the order asked, each with its fixed Message-ID.
    public let sending: [ClaimedSend]
    /// Rows that became `suppressed` because the recipient is on the suppression list.
    public let suppressed: [Int64]
    /// Rows left as they were: unknown ids, rows not `planned` or `deferred`, or deferred rows not yet due.
    public let skipped: [Int64]

    /// Creates a claim result.
    public init(sending: [ClaimedSend], suppressed: [Int64], skipped: [Int64]) {
        self.sending = sending
        self.suppressed = suppressed
        self.skipped = skipped
    }
}

/// The outcome of one send, recorded after the relay's reply (or its absence).
public struct LedgerOutcome: Sendable, Equatable {
    /// What happened.
    public enum Result: Sendable, Equatable {
        /// 250 after the data.
        case accepted(SMTPReply)
        /// A 4xx or a failure before the data went out; claimable again from `retryAt`.
        case deferred(SMTPReply?, retryAt: Date)
        /// Deferred without counting the try as an attempt: a throttling reply (421, 4.7.x) that
        /// slows the domain, or a send that never reached the relay. Claimable again from `retryAt`.
        case deferredUncounted(SMTPReply?, retryAt: Date)
        /// A 5xx; a 5.1.x enhanced code also suppresses the address (hard bounce).
        case rejected(SMTPReply)
        /// The whole message went out and no final reply came.
        case ambiguous(SMTPReply?)
        /// Not sent on purpose.
        case skipped
    }

    /// The ledger row (it must be `sending`).
    public var entryID: Int64
    /// What happened.
    public var result: Result

    /// Creates an outcome.
    public init(entryID: Int64, result: Result) {
        self.entryID = entryID
        self.result = result
    }
}
