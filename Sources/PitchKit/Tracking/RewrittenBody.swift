/// A message body whose links point at the click endpoint, from ``TrackingLinks/rewrite(_:format:campaign:entry:addPixel:skipping:)``.
public struct RewrittenBody: Sendable, Hashable {
    /// The body with tracked links (and, for HTML, the open pixel).
    public let text: String
    /// The distinct destinations that were wrapped, in order of first appearance. Store their
    /// count with the send: ``OpenClassifier/classify(clicks:linkCount:)`` needs it.
    public let destinations: [String]
    /// True when an open pixel was added.
    public let hasPixel: Bool

    /// Creates a rewritten body.
    public init(text: String, destinations: [String], hasPixel: Bool) {
        self.text = text
        self.destinations = destinations
        self.hasPixel = hasPixel
    }

    /// How many distinct links are tracked.
    public var linkCount: Int { destinations.count }
}
