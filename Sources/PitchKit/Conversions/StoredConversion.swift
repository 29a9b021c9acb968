public import Foundation

/// A conversion in the workspace's store, tied to the creator it came through.
public struct StoredConversion: Sendable, Hashable, Codable, Identifiable {
    /// The row id.
    public var id: Int64
    /// The stable key (see ``ConversionImportBatch/Candidate/key``).
    public var key: String
    /// Order, sign-up or post.
    public var kind: ConversionKind
    /// The creator's recipient id.
    public var recipientID: Int64
    /// How it was tied to the creator.
    public var matchedBy: ConversionMatch
    /// The amount, when the row had one.
    public var amount: Double?
    /// When it happened.
    public var occurredAt: Date

    /// Creates a stored conversion.
    public init(
        id: Int64, key: String, kind: ConversionKind, recipientID: Int64, matchedBy: ConversionMatch, amount: Double?,
        occurredAt: Date
    ) {
        self.id = id
        self.key = key
        self.kind = kind
        self.recipientID = recipientID
        self.matchedBy = matchedBy
        self.amount = amount
        self.occurredAt = occurredAt
    }

    enum CodingKeys: String, CodingKey {
        case id, key, kind, amount
        case recipientID = "recipient_id"
        case matchedBy = "matched_by"
        case occurredAt = "occurred_at"
    }
}
