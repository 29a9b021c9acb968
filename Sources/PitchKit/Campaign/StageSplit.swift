/// Who gets which variant in one stage: the result of ``StratifiedSplitter``.
public struct StageSplit: Sendable, Equatable {
    /// One recipient's variant.
    public struct Assignment: Sendable, Hashable {
        /// The recipient's id.
        public var recipientID: String
        /// The variant it gets.
        public var variant: CampaignVariant
        /// Its stratum (`persona × type`).
        public var stratum: String
    }

    /// The stage number.
    public let stage: Int
    /// The assignments, sorted by recipient id.
    public let assignments: [Assignment]
    /// Recipients that could take part (not pitched yet in the campaign).
    public let eligible: Int
    /// Recipients the stage asked for; nil for "everyone left".
    public let requested: Int?

    /// How many the stage asked for but could not get, because too few recipients were left.
    public var shortfall: Int {
        guard let requested else { return 0 }
        return max(0, requested - assignments.count)
    }

    /// Recipients per variant.
    public var counts: [CampaignVariant: Int] {
        assignments.reduce(into: [:]) { $0[$1.variant, default: 0] += 1 }
    }

    /// Recipients per variant and stratum.
    public var countsByStratum: [CampaignVariant: [String: Int]] {
        assignments.reduce(into: [:]) { $0[$1.variant, default: [:]][$1.stratum, default: 0] += 1 }
    }

    /// The recipient ids of one variant, sorted.
    public func recipients(of variant: CampaignVariant) -> [String] {
        assignments.filter { $0.variant == variant }.map(\.recipientID)
    }
}
