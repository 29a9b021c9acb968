/// One creator's score, with every component shown:
/// `score = expected_views × relevance × value_per_view − (cost + product + shipping + fees)`.
///
/// Expected views are followers × engagement, where engagement is average views ÷ followers, so
/// they equal the creator's average views; both numbers are needed so that engagement is known.
public struct CreatorScore: Sendable, Equatable, Encodable {
    /// What a creator costs, per part.
    public struct Cost: Sendable, Equatable, Encodable {
        /// The recipient's own `cost` column (the creator's fee).
        public var creator: Double
        /// `scoring.product_cost`.
        public var product: Double
        /// `scoring.shipping_cost`.
        public var shipping: Double
        /// `scoring.fees`.
        public var fees: Double
        /// The sum.
        public var total: Double { creator + product + shipping + fees }

        /// Creates a cost.
        public init(creator: Double, product: Double, shipping: Double, fees: Double) {
            self.creator = creator
            self.product = product
            self.shipping = shipping
            self.fees = fees
        }

        enum CodingKeys: String, CodingKey { case creator, product, shipping, fees, total }

        /// Encodes the parts and the total.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(creator, forKey: .creator)
            try container.encode(product, forKey: .product)
            try container.encode(shipping, forKey: .shipping)
            try container.encode(fees, forKey: .fees)
            try container.encode(total, forKey: .total)
        }
    }

    /// Who the creator is (never their address).
    public var creator: CreatorLabel
    /// Followers.
    public var followers: Int
    /// Average views per post.
    public var avgViews: Int
    /// Average views ÷ followers.
    public var engagement: Double
    /// Followers × engagement.
    public var expectedViews: Double
    /// The 0–1 fit the user set.
    public var relevance: Double
    /// Expected views × relevance.
    public var relevantViews: Double
    /// The value of one relevant view (`scoring.value_per_view`).
    public var valuePerView: Double
    /// Relevant views × value per view.
    public var value: Double
    /// The cost, per part.
    public var cost: Cost
    /// Value − total cost.
    public var score: Double

    enum CodingKeys: String, CodingKey {
        case followers, engagement, relevance, value, cost, score
        case avgViews = "avg_views"
        case expectedViews = "expected_views"
        case relevantViews = "relevant_views"
        case valuePerView = "value_per_view"
    }

    /// Encodes the creator's label and every component at the same level.
    public func encode(to encoder: any Encoder) throws {
        try creator.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(followers, forKey: .followers)
        try container.encode(avgViews, forKey: .avgViews)
        try container.encode(engagement, forKey: .engagement)
        try container.encode(expectedViews, forKey: .expectedViews)
        try container.encode(relevance, forKey: .relevance)
        try container.encode(relevantViews, forKey: .relevantViews)
        try container.encode(valuePerView, forKey: .valuePerView)
        try container.encode(value, forKey: .value)
        try container.encode(cost, forKey: .cost)
        try container.encode(score, forKey: .score)
    }
}
