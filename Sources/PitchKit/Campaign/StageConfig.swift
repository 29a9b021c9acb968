/// One test stage as configured: which part of the pitch it varies, which variants, how many each.
public struct StageConfig: Sendable, Equatable {
    /// What the stage varies; the other parts are fixed (earlier winners, or the first variant).
    public var dimension: StageDimension
    /// The variant ids to test; nil for every variant of that kind in the template.
    public var variants: [String]?
    /// Recipients per variant; nil for the campaign's `size_per_variant`.
    public var size: Int?
    /// The line of the stage in the configuration file, for errors.
    public var line: Int?

    /// Creates a stage.
    public init(dimension: StageDimension, variants: [String]? = nil, size: Int? = nil, line: Int? = nil) {
        self.dimension = dimension
        self.variants = variants
        self.size = size
        self.line = line
    }

    /// The default plan, after the rule: subjects first, then messages, then offers.
    public static let defaultPlan: [StageConfig] = StageDimension.allCases.map { StageConfig(dimension: $0) }
}

/// The part of a pitch a stage varies.
public enum StageDimension: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Subject lines (does anyone open?).
    case subject
    /// Message bodies (do openers answer?).
    case message
    /// Offers (is the value exchange right?).
    case offer

    /// `subject`, `message` or `offer`.
    public var description: String { rawValue }

    /// `subjects`, `messages`, `offers`.
    public var plural: String { rawValue + "s" }
}
