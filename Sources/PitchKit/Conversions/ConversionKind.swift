/// What a conversion row records: an order, a sign-up, or a post a creator published.
///
/// The `kind` column of a conversions file holds it (`order` when the column is absent or empty).
public enum ConversionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A purchase; it has an amount.
    case order
    /// A sign-up (an account, a newsletter, a waitlist).
    case signup
    /// A post published by a creator.
    case post

    /// The kind named in a `kind` cell (`orders`, `sale`, `sign-up`, `video`… are accepted).
    public init?(name: String) {
        switch RecipientColumns.squash(name) {
        case "order", "orders", "sale", "sales", "purchase", "purchases": self = .order
        case "signup", "signups", "registration", "registrations", "lead", "leads": self = .signup
        case "post", "posts", "video", "videos", "publication", "published": self = .post
        default: return nil
        }
    }
}
