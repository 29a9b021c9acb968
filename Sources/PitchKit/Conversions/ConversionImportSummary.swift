/// The result of importing a conversions file; encodes to the `conversions import --json` document:
/// `{"rows","imported","duplicates","rejected","errors":[{"line","field","reason"}]}`.
///
/// `imported + duplicates + rejected == rows`. Re-importing a file adds nothing: every row is a duplicate.
public struct ConversionImportSummary: Sendable, Hashable, Codable {
    /// Data rows in the file (blank lines not counted).
    public var rows: Int
    /// Rows stored as new conversions.
    public var imported: Int
    /// Rows whose key was already stored (an earlier import, or earlier in the file).
    public var duplicates: Int
    /// Rows refused; each has an entry in ``errors``.
    public var rejected: Int
    /// One entry per rejected row, in file order.
    public var errors: [ConversionRowError]

    /// Creates a summary.
    public init(rows: Int, imported: Int, duplicates: Int, rejected: Int, errors: [ConversionRowError]) {
        self.rows = rows
        self.imported = imported
        self.duplicates = duplicates
        self.rejected = rejected
        self.errors = errors
    }

    /// Terminal lines.
    public func textLines(file: String) -> [String] {
        var lines = ["\(file): \(rows) row\(rows == 1 ? "" : "s"): \(imported) imported, \(duplicates) already imported, \(rejected) rejected."]
        lines += errors.map { "  \($0)" }
        return lines
    }
}
