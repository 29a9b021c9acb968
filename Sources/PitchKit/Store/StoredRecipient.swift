/// A creator in the workspace's store, as imported from a recipients file.
public struct StoredRecipient: Sendable, Hashable, Codable, Identifiable {
    /// The row id (stable; the send ledger refers to it).
    public let id: Int64
    /// The normalised address (lower-cased), unique in the workspace.
    public let emailKey: String
    /// The address as written (domain in ASCII), used for RCPT TO and To.
    public let email: String
    /// The recipient's fields (name, handle, numbers, extra columns).
    public let fields: RecipientFields
    /// The import that first added the recipient.
    public let firstImportID: Int64?

    /// Creates a stored recipient.
    public init(id: Int64, emailKey: String, email: String, fields: RecipientFields, firstImportID: Int64?) {
        self.id = id
        self.emailKey = emailKey
        self.email = email
        self.fields = fields
        self.firstImportID = firstImportID
    }

    enum CodingKeys: String, CodingKey {
        case id, email, fields
        case emailKey = "email_key"
        case firstImportID = "first_import_id"
    }
}

/// The validated fields of a recipient row, other than the address.
public struct RecipientFields: Sendable, Hashable, Codable {
    /// The display name.
    public var name: String?
    /// The creator's handle (`@aiko.glow`).
    public var handle: String?
    /// The platform (TikTok, YouTube…).
    public var platform: String?
    /// Followers or subscribers.
    public var followers: Int?
    /// Average views per post.
    public var avgViews: Int?
    /// Relevance score between 0 and 1.
    public var relevance: Double?
    /// Expected cost of a post, in the campaign's currency.
    public var cost: Double?
    /// Free-text persona (audience, niche), used for stratified splits.
    public var persona: String?
    /// Influencer type: `peer`, `authority` or `aspirational`.
    public var type: String?
    /// IANA time zone for send windows.
    public var timezone: String?
    /// Every other column, by lower-cased header name.
    public var extra: [String: String]

    /// Creates fields.
    public init(
        name: String? = nil, handle: String? = nil, platform: String? = nil, followers: Int? = nil,
        avgViews: Int? = nil, relevance: Double? = nil, cost: Double? = nil, persona: String? = nil,
        type: String? = nil, timezone: String? = nil, extra: [String: String] = [:]
    ) {
        self.name = name
        self.handle = handle
        self.platform = platform
        self.followers = followers
        self.avgViews = avgViews
        self.relevance = relevance
        self.cost = cost
        self.persona = persona
        self.type = type
        self.timezone = timezone
        self.extra = extra
    }

    enum CodingKeys: String, CodingKey {
        case name, handle, platform, followers, relevance, cost, persona, type, timezone, extra
        case avgViews = "avg_views"
    }
}
