/// Scores creators for a campaign: expected relevant views × value per view − cost.
///
/// A creator with no followers, average views, relevance or cost is not scored: the result names
/// what is missing instead of guessing it.
///
/// ```swift
/// let scorer = CreatorScorer(valuePerView: 0.05, productCost: 118, shippingCost: 12, fees: 0)
/// switch scorer.score(recipient) {
/// case .scored(let score): print(score.score)
/// case .unscored(let missing): print("needs", missing)
/// }
/// ```
public struct CreatorScorer: Sendable, Equatable {
    /// The result of scoring one creator.
    public enum Outcome: Sendable, Equatable {
        /// Every input was known.
        case scored(CreatorScore)
        /// The recipient fields that are missing (`followers`, `avg_views`, `relevance`, `cost`).
        case unscored(missing: [String])
    }

    /// The value of one relevant view.
    public var valuePerView: Double
    /// Added to every creator's cost: the product.
    public var productCost: Double
    /// Added to every creator's cost: shipping.
    public var shippingCost: Double
    /// Added to every creator's cost: fees.
    public var fees: Double

    /// Creates a scorer.
    public init(valuePerView: Double, productCost: Double = 0, shippingCost: Double = 0, fees: Double = 0) {
        self.valuePerView = valuePerView
        self.productCost = productCost
        self.shippingCost = shippingCost
        self.fees = fees
    }

    /// Scores one creator.
    public func score(_ recipient: StoredRecipient) -> Outcome {
        let fields = recipient.fields
        var missing: [String] = []
        if (fields.followers ?? 0) <= 0 { missing.append("followers") }
        if fields.avgViews == nil { missing.append("avg_views") }
        if fields.relevance == nil { missing.append("relevance") }
        if fields.cost == nil { missing.append("cost") }
        guard missing.isEmpty, let followers = fields.followers, let avgViews = fields.avgViews,
              let relevance = fields.relevance, let creatorCost = fields.cost
        else { return .unscored(missing: missing) }
        let engagement = Double(avgViews) / Double(followers)
        // followers × engagement, which is avg_views exactly (no rounding noise from the division).
        let expectedViews = Double(avgViews)
        let relevantViews = expectedViews * relevance
        let value = relevantViews * valuePerView
        let cost = CreatorScore.Cost(creator: creatorCost, product: productCost, shipping: shippingCost, fees: fees)
        return .scored(CreatorScore(
            creator: CreatorLabel(recipient), followers: followers, avgViews: avgViews, engagement: engagement,
            expectedViews: expectedViews, relevance: relevance, relevantViews: relevantViews, valuePerView: valuePerView,
            value: value, cost: cost, score: value - cost.total))
    }
}
