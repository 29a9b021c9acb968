/// The `stats settle` document: `{"additional_sends"}`, null when the rate sits at the threshold.
public struct SettleReport: StatsDocument, Hashable {
    /// Additional sends at the current rate until the interval excludes the threshold; 0 when it
    /// already does; nil (JSON null) when the rate equals the threshold.
    public let additionalSends: Int?
    /// The inputs, used by `text` only and not part of the JSON (nil after decoding).
    public private(set) var counts: Proportion? = nil
    /// The threshold (see `counts`).
    public private(set) var threshold: Double? = nil
    /// The confidence level (see `counts`).
    public private(set) var confidence: Double? = nil

    /// A document for a computed answer and the inputs that produced it.
    public init(additionalSends: Int?, counts: Proportion? = nil, threshold: Double? = nil, confidence: Double? = nil) {
        self.additionalSends = additionalSends
        self.counts = counts
        self.threshold = threshold
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey {
        case additionalSends = "additional_sends"
    }

    /// Encodes `additional_sends`, as null when the rate sits at the threshold.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(additionalSends, forKey: .additionalSends)
    }

    /// One sentence: how many more sends, already settled, or "sits at the threshold".
    public var text: String {
        let level = StatsFormat.level(confidence)
        let t = threshold.map(StatsFormat.percent) ?? "the threshold"
        let rate = counts?.rate.map { " (\(StatsFormat.percent($0)))" } ?? ""
        guard let additionalSends else {
            return "The rate\(rate) sits at \(t); more sends will not separate them. Decide on other grounds."
        }
        if additionalSends == 0 {
            return "Settled: \(t) already lies outside the \(level)interval."
        }
        return "About \(additionalSends) more sends at the current rate\(rate) would put \(t) outside the \(level)interval."
    }
}
