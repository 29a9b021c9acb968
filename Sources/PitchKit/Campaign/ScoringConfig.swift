/// How `pitchlab recipients rank` values a creator, from the `scoring:` section of `pitchlab.yaml`.
///
/// ```yaml
/// scoring:
///   value_per_view: 0.004   # what one relevant view is worth to the brand, in the campaign's currency
///   product_cost: 118       # the product sent to each creator
///   shipping_cost: 12       # shipping it
///   fees: 15                # platform, agency or payment fees per creator
/// ```
///
/// A creator's score is `avg_views × relevance × value_per_view − (cost + product_cost + shipping_cost + fees)`;
/// see ``CreatorScorer``. Every value is 0 or more; the three costs default to 0.
public struct ScoringConfig: Sendable, Equatable {
    /// The value of one relevant view; nil when not set (then nobody can be ranked).
    public var valuePerView: Double?
    /// The product's cost, per creator.
    public var productCost: Double
    /// Shipping, per creator.
    public var shippingCost: Double
    /// Fees, per creator.
    public var fees: Double

    /// Creates scoring settings.
    public init(valuePerView: Double? = nil, productCost: Double = 0, shippingCost: Double = 0, fees: Double = 0) {
        self.valuePerView = valuePerView
        self.productCost = productCost
        self.shippingCost = shippingCost
        self.fees = fees
    }

    /// The costs added to every creator's own `cost`.
    public var extraCostPerCreator: Double { productCost + shippingCost + fees }
}
