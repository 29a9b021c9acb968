/// A recipient field `pitchlab recipients rank --by` groups creators by.
public enum RankGrouping: String, Sendable, Hashable, Codable, CaseIterable {
    /// The persona column.
    case persona
    /// The influencer type column (peer, authority, aspirational).
    case type
    /// The platform column.
    case platform

    /// The field's value for a creator; nil when empty.
    public func value(of creator: CreatorLabel) -> String? {
        switch self {
        case .persona: creator.persona
        case .type: creator.type
        case .platform: creator.platform
        }
    }

    /// Parses `persona,type` (commas or spaces); the failure names the first unknown field.
    public static func parseList(_ text: String) -> Result<[RankGrouping], RankGroupingError> {
        var fields: [RankGrouping] = []
        for name in text.split(whereSeparator: { $0 == "," || $0 == " " }) {
            guard let field = RankGrouping(rawValue: name.lowercased()) else {
                return .failure(RankGroupingError(name: String(name)))
            }
            if !fields.contains(field) { fields.append(field) }
        }
        return .success(fields)
    }
}

/// A `--by` field that is not one of persona, type, platform.
public struct RankGroupingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The unknown name as given.
    public let name: String

    /// `--by: 'tier' is not a field to group by; use persona, type or platform.`
    public var description: String {
        "--by: '\(name)' is not a field to group by; use persona, type or platform (comma-separated)."
    }
}
