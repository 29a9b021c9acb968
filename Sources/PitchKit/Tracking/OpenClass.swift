/// What fetched a tracking pixel, by the first matching rule of stats.md §2.3.
public enum OpenClass: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Apple Mail Privacy Protection pre-fetched it (ESP machine flag, Apple egress IP, or a bare
    /// `Mozilla/5.0` user agent soon after delivery). Says nothing about a human open.
    case appleProxy = "apple_proxy"
    /// Gmail's image proxy fetched it; the first such fetch is a cache fill.
    case googleProxy = "google_proxy"
    /// A security scanner or bot fetched it within seconds of delivery.
    case scanner
    /// None of the above: counted as a human open.
    case human

    /// The stored name: `apple_proxy`, `google_proxy`, `scanner` or `human`.
    public var description: String { rawValue }
}
