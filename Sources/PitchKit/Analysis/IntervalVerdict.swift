/// Where a rate sits against a threshold (stats.md §5.2): beyond the 95% Wilson interval is
/// "clearly", beyond the 80% one (a one-sided 90% bound) is "probably", otherwise unknown.
public enum IntervalVerdict: String, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 95% upper bound is below the threshold.
    case clearlyBelow = "clearly_below"
    /// The 80% upper bound is below the threshold.
    case probablyBelow = "probably_below"
    /// The 80% interval contains the threshold.
    case unknown
    /// The 80% lower bound is above the threshold.
    case probablyAbove = "probably_above"
    /// The 95% lower bound is above the threshold.
    case clearlyAbove = "clearly_above"

    /// True for probably or clearly below.
    public var isBelow: Bool { self == .clearlyBelow || self == .probablyBelow }
    /// True for probably or clearly above.
    public var isAbove: Bool { self == .clearlyAbove || self == .probablyAbove }
    /// The strength of a decided verdict; nil when unknown.
    public var strength: Strength? {
        switch self {
        case .clearlyBelow, .clearlyAbove: .clearly
        case .probablyBelow, .probablyAbove: .probably
        case .unknown: nil
        }
    }

    /// The snake_case name.
    public var description: String { rawValue }
}

/// How sure a verdict is: "probably" (one-sided 90%, the 80% interval) or "clearly" (95%).
public enum Strength: String, Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The 80% two-sided interval excludes the threshold (one-sided 90%).
    case probably
    /// The 95% two-sided interval excludes the threshold.
    case clearly

    /// "probably (90%)" or "clearly (95%)", as messages state it.
    public var phrase: String { self == .clearly ? "clearly (95%)" : "probably (90%)" }

    /// The snake_case name.
    public var description: String { rawValue }

    /// probably < clearly.
    public static func < (lhs: Strength, rhs: Strength) -> Bool { lhs == .probably && rhs == .clearly }
}
