public import Foundation

/// What the campaign is for, from the `goal:` section of `pitchlab.yaml`.
///
/// A plain string (`goal: get the kit into 20 routines`) is kept as a ``description`` only; a
/// mapping makes the goal measurable, and then `metric`, `target` and `deadline` are all required:
///
/// ```yaml
/// goal:
///   description: Sell the Barrier Routine kit through creators
///   metric: sales            # sales (sum of order amounts), orders, signups or posts
///   target: 5000             # an amount for sales, a count otherwise
///   measured_by: code_or_url # code, url or code_or_url: how conversions are tied to creators
///   deadline: 2026-06-30     # YYYY-MM-DD (the end of that day, UTC) or an ISO 8601 time
/// ```
///
/// `pitchlab goal` compares the conversions imported with `pitchlab conversions import` against it.
public struct CampaignGoal: Sendable, Equatable {
    /// The goal in words (the plain string, or `goal.description`).
    public var description: String?
    /// The measurable part; nil when the goal is a description only.
    public var measure: Measure?
    /// The line of `goal:` in the file, for messages.
    public var line: Int?

    /// A measurable goal: how much of what, counted how, by when.
    public struct Measure: Sendable, Equatable {
        /// What is counted.
        public var metric: GoalMetric
        /// The amount (for ``GoalMetric/sales``) or count to reach; greater than zero.
        public var target: Double
        /// Which conversions count: those tied to a creator by discount code, by tracked URL, or either.
        public var measuredBy: GoalMeasurement
        /// The moment the target must be reached by (for a date, the end of that day in UTC).
        public var deadline: Date

        /// Creates a measurable goal.
        public init(metric: GoalMetric, target: Double, measuredBy: GoalMeasurement = .codeOrURL, deadline: Date) {
            self.metric = metric
            self.target = target
            self.measuredBy = measuredBy
            self.deadline = deadline
        }
    }

    /// Creates a goal.
    public init(description: String? = nil, measure: Measure? = nil, line: Int? = nil) {
        self.description = description
        self.measure = measure
        self.line = line
    }
}

/// What a measurable goal counts, from conversions imported with `pitchlab conversions import`.
public enum GoalMetric: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sales attributable to the campaign: the sum of the amounts of `order` conversions.
    case sales
    /// The number of `order` conversions.
    case orders
    /// The number of `signup` conversions.
    case signups
    /// The number of `post` conversions (posts published by creators).
    case posts

    /// The conversion kind the metric counts.
    public var conversionKind: ConversionKind {
        switch self {
        case .sales, .orders: .order
        case .signups: .signup
        case .posts: .post
        }
    }

    /// True when the metric adds amounts rather than counting conversions.
    public var isAmount: Bool { self == .sales }

    /// The metric named in `goal.metric` (a few spellings are accepted: `revenue`, `sign-ups`…).
    public init?(name: String) {
        let squashed = RecipientColumns.squash(name)
        switch squashed {
        case "sales", "sale", "revenue": self = .sales
        case "orders", "order", "purchases": self = .orders
        case "signups", "signup", "registrations": self = .signups
        case "posts", "post", "postspublished": self = .posts
        default: return nil
        }
    }
}

/// How conversions are tied to creators for a goal: by each creator's discount code, tracked URL, or either.
public enum GoalMeasurement: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only conversions whose discount code matched a creator's `code` column.
    case code
    /// Only conversions whose URL matched a creator's `url` column.
    case url
    /// Conversions matched either way.
    case codeOrURL = "code_or_url"

    /// The measurement named in `goal.measured_by` (`codes`, `discount_codes`, `tracked_urls`, `either`…).
    public init?(name: String) {
        switch RecipientColumns.squash(name) {
        case "code", "codes", "discountcode", "discountcodes", "promocode", "promocodes": self = .code
        case "url", "urls", "trackedurl", "trackedurls", "link", "links": self = .url
        case "codeorurl", "either", "both", "any", "codesorurls", "codesandurls", "codeandurl": self = .codeOrURL
        default: return nil
        }
    }

    /// True when a conversion matched by `match` counts.
    public func counts(_ match: ConversionMatch) -> Bool {
        switch self {
        case .code: match == .code
        case .url: match == .url
        case .codeOrURL: true
        }
    }

    /// Words for the terminal: "discount codes", "tracked URLs", "discount codes or tracked URLs".
    public var phrase: String {
        switch self {
        case .code: "discount codes"
        case .url: "tracked URLs"
        case .codeOrURL: "discount codes or tracked URLs"
        }
    }
}
