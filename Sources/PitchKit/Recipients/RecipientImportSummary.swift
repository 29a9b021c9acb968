/// The result of importing a recipients file; encodes to the `recipients import --json` contract:
/// `{"rows","imported","merged","rejected","suppressed","errors":[{"line","field","reason"}]}`.
///
/// `imported + merged + rejected + suppressed == rows`, where `rows` counts the file's data rows.
public struct RecipientImportSummary: Sendable, Hashable, Codable {
    /// Data rows in the file (blank lines not counted).
    public var rows: Int
    /// Rows added as new recipients.
    public var imported: Int
    /// Rows whose address was already known (earlier in the file or from an earlier import).
    public var merged: Int
    /// Rows refused; each has an entry in ``errors``.
    public var rejected: Int
    /// Rows whose address is on the suppression list.
    public var suppressed: Int
    /// One entry per rejected row, in file order.
    public var errors: [RecipientRowError]

    /// Creates a summary.
    public init(rows: Int, imported: Int, merged: Int, rejected: Int, suppressed: Int, errors: [RecipientRowError]) {
        self.rows = rows
        self.imported = imported
        self.merged = merged
        self.rejected = rejected
        self.suppressed = suppressed
        self.errors = errors
    }

    /// True when the counts add up to the rows.
    public var addsUp: Bool { imported + merged + rejected + suppressed == rows }
}

/// Why one row of a recipients file was rejected: its line, the field, and a reason without the address.
public struct RecipientRowError: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 1-based file line on which the row starts.
    public var line: Int
    /// The field (`email`, `name`, `followers`…), or `row` for a malformed row.
    public var field: String
    /// What is wrong and how to fix it, never quoting the address.
    public var reason: String

    /// Creates a row error.
    public init(line: Int, field: String, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `line 12: email: has no @`.
    public var description: String { "line \(line): \(field): \(reason)" }
}
