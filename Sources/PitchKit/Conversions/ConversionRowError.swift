/// Why one row of a conversions file was not imported: its line, the field, and a reason.
///
/// Reasons quote a discount code when it is the problem, never an address.
public struct ConversionRowError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The 1-based file line on which the row starts.
    public var line: Int
    /// The field (`code`, `url`, `amount`, `date`, `kind`), or `row` for a malformed row.
    public var field: String
    /// What is wrong and how to fix it.
    public var reason: String

    /// Creates a row error.
    public init(line: Int, field: String, reason: String) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `line 12: code: matches no creator…`.
    public var description: String { "line \(line): \(field): \(reason)" }
}
