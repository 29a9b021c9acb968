public import Foundation
public import PitchMail

/// A campaign's settings, read from `pitchlab.yaml`: who sends, through which relay, how fast, when,
/// with which template, and the stage plan.
///
/// ```swift
/// let config = try CampaignConfig.load(contentsOf: url, displayPath: "pitchlab.yaml",
///                                      environment: ProcessInfo.processInfo.environment)
/// let plan = try StagePlan.make(config: config, template: template, stage: 1)
/// ```
///
/// Secrets never appear in the file: the SMTP and IMAP passwords are named by environment variable
/// or secrets file. `PITCHLAB_SMTP_URL`, when set, overrides `smtp.url`. Every error is a
/// ``CampaignConfigError`` naming the file, line and setting. ``example`` is a documented file.
public struct CampaignConfig: Sendable, Equatable {
    /// The default number of recipients per variant in each test stage.
    public static let defaultSizePerVariant = 20
    /// The environment variable that overrides `smtp.url`.
    public static let smtpURLEnvironmentVariable = "PITCHLAB_SMTP_URL"
    /// The file name of the configuration in a workspace.
    public static let fileName = "pitchlab.yaml"

    /// The path the configuration was read from, as given (used in errors).
    public var file: String
    /// The campaign's identity.
    public var campaign: Campaign
    /// Who the pitches come from.
    public var sender: Sender
    /// The relay.
    public var smtp: SMTP
    /// How fast sends go out.
    public var limits: Limits
    /// How deferred sends back off and when retries stop (`retry:`).
    public var retry = BackoffPolicy.standard
    /// When sends may go out, in the recipient's time zone.
    public var sendWindow: SendWindow
    /// The tracking server's base URL (`tracking.base_url`); nil when tracking is off.
    public var trackingBaseURL: String?
    /// What is tracked and how machine opens are told apart (`tracking:`).
    public var tracking = Tracking()
    /// The mailbox that receives replies (stored; not used yet).
    public var imap: IMAP?
    /// The template id the campaign's variants come from.
    public var template: String
    /// Recipients per variant in each test stage, unless a stage says otherwise.
    public var sizePerVariant: Int
    /// The seed of the stratified split; stage N uses stream N of it.
    public var seed: UInt64
    /// The test stages, in order; the stage after the last sends the winner to everyone else.
    public var stages: [StageConfig]
    /// True when `stages` was not written, so the default plan applies (subjects, messages, offers;
    /// a dimension with one variant in the template is left out).
    public var stagesAreDefault: Bool
    /// What the campaign wants from creators (`goal:`): a description, and a metric, target,
    /// measurement and deadline when it is measurable; nil when not written.
    public var goal: CampaignGoal?
    /// How creators are valued for `pitchlab recipients rank` (`scoring:`).
    public var scoring = ScoringConfig()

    /// The campaign's identity.
    public struct Campaign: Sendable, Equatable {
        /// A short id (letters, digits, '-', '_', '.'), unique in the workspace.
        public var id: String
        /// A human name; the id when not given.
        public var name: String
    }

    /// The From mailbox and where replies go.
    public struct Sender: Sendable, Equatable {
        /// The From address.
        public var address: String
        /// The display name.
        public var name: String?
        /// A Reply-To address.
        public var replyTo: String?

        /// The sender for ``PitchMessageBuilder`` (the addresses were checked when parsing).
        public func makePitchSender() throws -> PitchSender {
            try PitchSender(address: address, name: name, replyTo: replyTo)
        }
    }

    /// The SMTP relay.
    public struct SMTP: Sendable, Equatable {
        /// `smtp://host:port` or `smtps://host:port`, after the environment override.
        public var url: String
        /// True when ``url`` came from `PITCHLAB_SMTP_URL`.
        public var urlFromEnvironment: Bool
        /// The login.
        public var username: String?
        /// Where the password comes from.
        public var password: SecretSource?
        /// Parallel connections to the relay.
        public var connections: Int
        /// Require STARTTLS even for a relay on this machine (remote relays always need TLS unless `insecure`).
        public var requireTLS: Bool
        /// Allow plain text to a remote relay (never the default).
        public var insecure: Bool
        /// A CA bundle for the relay's certificate.
        public var caFile: String?

        /// The transport configuration for PitchMail's SMTP transport.
        public func makeConfiguration() -> SMTPConfiguration {
            SMTPConfiguration(
                url: url, username: username, password: password, allowInsecure: insecure,
                requireTLSOnLoopback: requireTLS, caFile: caFile, connections: connections)
        }
    }

    /// Sending speed, per sending account (the SMTP login, or the From address without one).
    public struct Limits: Sendable, Equatable {
        /// Sends per minute; nil for no limit.
        public var perMinute: Int?
        /// Sends per hour; nil for no limit.
        public var perHour: Int?
        /// Sends per sliding 24 hours; nil for no limit.
        public var perDay: Int?
        /// The random pause between two sends.
        public var gap: SendGap
        /// Sends in flight at once.
        public var concurrency: Int

        /// The limits as ``RateLimit`` values for a ``RateLimiter``.
        public var rateLimits: [RateLimit] {
            [perMinute.map(RateLimit.perMinute), perHour.map(RateLimit.perHour), perDay.map(RateLimit.perDay)]
                .compactMap { $0 }
        }

        /// 20/min, 200/h, 500/day, 3–10 s gaps, one at a time.
        public static let standard = Limits(
            perMinute: 20, perHour: 200, perDay: 500, gap: SendGap(minimum: 3, maximum: 10), concurrency: 1)
    }

    /// Open and click tracking (only with `tracking.base_url`, the server `pitchlab serve` answers on).
    ///
    /// Off by default: a pitch goes out as plain text with no pixel and no rewritten links, which is
    /// better for cold email deliverability; replies are the signal that matters.
    public struct Tracking: Sendable, Equatable {
        /// Add a pixel (the message gets an HTML part).
        public var opens = false
        /// Rewrite links to signed click redirects.
        public var clicks = true
        /// The environment variable holding the signing key.
        public var keyEnvironment = "PITCHLAB_TRACKING_KEY"
        /// Hits with user agent exactly `Mozilla/5.0` within this many seconds of acceptance count as Apple proxy.
        public var appleWindowSeconds: Double = 600
        /// Hits from scanner networks or agents within this many seconds count as scanners.
        public var scannerSeconds: Double = 30
        /// A later Google proxy fetch counts as a human open from this many seconds after the first.
        public var googleRefetchSeconds: Double = 60
        /// Extra Apple proxy ranges (Apple's egress-ip-ranges.csv, refreshed by the user).
        public var appleRangesFile: String?
        /// Extra Google image proxy ranges.
        public var googleRangesFile: String?
        /// Extra scanner / datacentre ranges.
        public var scannerRangesFile: String?

        public init() {}
    }

    /// The mailbox replies arrive in.
    public struct IMAP: Sendable, Equatable {
        /// `imaps://host[:port]/INBOX`.
        public var url: String
        /// The login.
        public var username: String?
        /// Where the password comes from.
        public var password: SecretSource?
    }

    /// The account the rate limits apply to: the SMTP login, or the From address.
    public var sendingAccount: String { (smtp.username ?? sender.address).lowercased() }

    /// Parses configuration text.
    ///
    /// - Parameters:
    ///   - yaml: The file's text.
    ///   - file: The path shown in errors.
    ///   - environment: The process environment (for `PITCHLAB_SMTP_URL`); pass it in, for tests.
    /// - Throws: ``CampaignConfigError`` for the first problem, naming the line and setting.
    public static func parse(_ yaml: String, file: String = fileName, environment: [String: String] = [:])
        throws(CampaignConfigError) -> CampaignConfig
    {
        try CampaignConfigParser(file: file, environment: environment).parse(yaml)
    }

    /// Reads and parses a configuration file.
    ///
    /// - Throws: ``CampaignConfigError`` when the file cannot be read, is not UTF-8, or does not parse.
    public static func load(contentsOf url: URL, displayPath: String? = nil, environment: [String: String])
        throws(CampaignConfigError) -> CampaignConfig
    {
        let path = displayPath ?? url.path
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CampaignConfigError(
                .unreadableFile, file: path, line: nil, column: nil, field: nil,
                "cannot read the campaign configuration; run 'pitchlab init' to create one, or check the path and permissions.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CampaignConfigError(
                .unreadableFile, file: path, line: nil, column: nil, field: nil,
                "the campaign configuration is not valid UTF-8; save it as UTF-8.")
        }
        return try parse(text, file: path, environment: environment)
    }
}
