public import Foundation

/// A parsed and checked conversions file, before attribution, ready for
/// ``SQLiteCampaignStore/importConversions(_:now:)``.
public struct ConversionImportBatch: Sendable, Hashable {
    /// One well-formed row.
    public struct Candidate: Sendable, Hashable {
        /// The 1-based file line of the row.
        public var line: Int
        /// The stable key: `id:KIND:ORDER_ID` when the row has an order id, else `sha256:` and a
        /// digest of the row's values and its occurrence among identical rows of the file.
        public var key: String
        /// Order, sign-up or post.
        public var kind: ConversionKind
        /// The order id as written.
        public var orderID: String?
        /// The discount code as written.
        public var code: String?
        /// The URL as written.
        public var url: String?
        /// The amount (required for orders).
        public var amount: Double?
        /// When it happened.
        public var occurredAt: Date

        /// Creates a candidate.
        public init(
            line: Int, key: String, kind: ConversionKind, orderID: String? = nil, code: String? = nil,
            url: String? = nil, amount: Double? = nil, occurredAt: Date
        ) {
            self.line = line
            self.key = key
            self.kind = kind
            self.orderID = orderID
            self.code = code
            self.url = url
            self.amount = amount
            self.occurredAt = occurredAt
        }
    }

    /// The file name, for messages.
    public var file: String
    /// Data rows in the file.
    public var rows: Int
    /// Well-formed rows, in file order.
    public var candidates: [Candidate]
    /// Rows rejected while reading, in file order.
    public var rejected: [ConversionRowError]

    /// Creates a batch.
    public init(file: String, rows: Int, candidates: [Candidate], rejected: [ConversionRowError]) {
        self.file = file
        self.rows = rows
        self.candidates = candidates
        self.rejected = rejected
    }
}
