/// A parsed and validated recipients file, ready for ``CampaignStore/importRecipients(_:now:)``.
public struct RecipientImportBatch: Sendable, Hashable {
    /// One valid row.
    public struct Candidate: Sendable, Hashable {
        /// The 1-based file line of the row.
        public var line: Int
        /// The normalised address (the duplicate and suppression key).
        public var emailKey: String
        /// The address as it will be sent to (domain in ASCII).
        public var email: String
        /// The other fields.
        public var fields: RecipientFields

        /// Creates a candidate.
        public init(line: Int, emailKey: String, email: String, fields: RecipientFields) {
            self.line = line
            self.emailKey = emailKey
            self.email = email
            self.fields = fields
        }
    }

    /// The file name recorded in the import history.
    public var file: String
    /// Data rows in the file.
    public var rows: Int
    /// Valid rows in file order.
    public var candidates: [Candidate]
    /// Rejected rows in file order.
    public var rejected: [RecipientRowError]

    /// Creates a batch.
    public init(file: String, rows: Int, candidates: [Candidate], rejected: [RecipientRowError]) {
        self.file = file
        self.rows = rows
        self.candidates = candidates
        self.rejected = rejected
    }
}
