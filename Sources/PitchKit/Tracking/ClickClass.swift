/// Who followed a tracked link: a security scanner or a person.
///
/// Clicks are never put down to Apple's or Google's proxies: people who browse with iCloud Private
/// Relay click from Apple's egress addresses.
public enum ClickClass: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// A scanner: within seconds of delivery from a scanner network or user agent, or part of a
    /// burst that followed every link of the message within seconds.
    case scanner
    /// A person; a human click also counts as an open.
    case human

    /// The stored name: `scanner` or `human`.
    public var description: String { rawValue }
}
