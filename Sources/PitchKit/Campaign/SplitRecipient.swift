import Foundation

/// A recipient as the split sees it: a stable id and the two traits the split balances.
public struct SplitRecipient: Sendable, Hashable {
    /// A unique, stable key: the normalised address or the store's id. The split sorts by it before
    /// shuffling, so the input order never matters.
    public var id: String
    /// The persona column (free text; compared trimmed and case-insensitively).
    public var persona: String?
    /// The influencer type column: peer, authority, aspirational (compared trimmed and case-insensitively).
    public var type: String?

    /// Creates a recipient.
    public init(id: String, persona: String? = nil, type: String? = nil) {
        self.id = id
        self.persona = persona
        self.type = type
    }

    /// The stratum: `persona × type`, normalised, `-` for a missing value.
    public var stratum: String {
        func normal(_ value: String?) -> String {
            let text = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            return text.isEmpty ? "-" : text
        }
        return "\(normal(persona)) × \(normal(type))"
    }
}
