public import Foundation
import PitchMail

/// What one `pitchlab send` run does.
public struct CampaignSendOptions: Sendable, Hashable {
    /// Only rows of this stage; nil for every planned stage of the campaign.
    public var stage: Int?
    /// Hand at most this many messages to the relay in this run; nil for no limit.
    public var limit: Int?
    /// Render and compose every row that would be sent, send nothing, write nothing.
    public var dryRun: Bool
    /// The longest the run waits for the next send to become possible (rate limit, send window,
    /// throttled domain, deferred retry); beyond that it stops and reports when to run again.
    public var maximumWait: TimeInterval
    /// Rows claimed and sent together; nil for the campaign's `concurrency` (at most 64).
    public var batchSize: Int?

    /// Options; by default every stage, no limit, a real run, waiting up to 15 minutes.
    public init(
        stage: Int? = nil, limit: Int? = nil, dryRun: Bool = false, maximumWait: TimeInterval = 15 * 60,
        batchSize: Int? = nil
    ) {
        self.stage = stage
        self.limit = limit
        self.dryRun = dryRun
        self.maximumWait = maximumWait
        self.batchSize = batchSize
    }
}

/// The campaign settings the sender needs, usually taken from ``CampaignConfig``.
public struct CampaignSendSettings: Sendable {
    /// The campaign id of the ledger rows.
    public var campaign: String
    /// The From mailbox and Reply-To.
    public var sender: PitchSender
    /// The account the rate limits apply to.
    public var account: String
    /// Per-account rate limits.
    public var rateLimits: [RateLimit]
    /// The random pause between two batches.
    public var gap: SendGap
    /// Sends in flight at once: the batch size.
    public var concurrency: Int
    /// When pitches may go out, in the recipient's time zone.
    public var window: SendWindow
    /// The retry timing per destination domain.
    public var backoff: BackoffPolicy
    /// True when the relay offers SMTPUTF8 (from its EHLO).
    public var smtpUTF8: Bool
    /// Unsubscribe header, click and open tracking; nil sends plain text with a `mailto:` unsubscribe.
    public var tracking: PitchTracking?

    /// Settings from explicit values.
    public init(
        campaign: String, sender: PitchSender, account: String, rateLimits: [RateLimit] = [], gap: SendGap = .none,
        concurrency: Int = 1, window: SendWindow = .always, backoff: BackoffPolicy = .standard, smtpUTF8: Bool = false
    ) {
        self.campaign = campaign
        self.sender = sender
        self.account = account
        self.rateLimits = rateLimits
        self.gap = gap
        self.concurrency = concurrency
        self.window = window
        self.backoff = backoff
        self.smtpUTF8 = smtpUTF8
    }

    /// The settings of a campaign configuration (tracking's key comes from `environment`).
    public init(config: CampaignConfig, smtpUTF8: Bool, environment: [String: String] = [:]) throws {
        self.init(
            campaign: config.campaign.id, sender: try config.sender.makePitchSender(), account: config.sendingAccount,
            rateLimits: config.limits.rateLimits, gap: config.limits.gap, concurrency: config.limits.concurrency,
            window: config.sendWindow, backoff: config.retry, smtpUTF8: smtpUTF8)
        tracking = try PitchTracking.make(config: config, environment: environment)
    }

    /// The message a ledger row sends: tracked when tracking is on, plain otherwise.
    func finish(_ message: MailMessage, entry: Int64) -> MailMessage {
        tracking.map { $0.apply(to: message, entry: entry) } ?? PitchTracking.untracked(message, sender: sender)
    }

    /// The Message-ID domain: the sender's domain.
    var messageIDDomain: String { sender.mailbox.address.domain }
}
