/// How a conversion was tied to a creator.
public enum ConversionMatch: String, Sendable, Hashable, Codable, CaseIterable {
    /// Its discount code is in the creator's `code` column (compared case-insensitively).
    case code
    /// Its URL, normalised, is in the creator's `url` column (see ``CreatorAttribution/normalizedURL(_:)``).
    case url
}
