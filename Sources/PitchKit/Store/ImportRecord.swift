public import Foundation

/// One recipients import, as kept in the workspace's history.
public struct ImportRecord: Sendable, Hashable, Codable {
    /// The import id (recipients refer to the import that first added them).
    public let id: Int64
    /// The file as given on the command line.
    public let file: String
    /// Data rows in the file.
    public let rows: Int
    /// Rows added.
    public let imported: Int
    /// Rows merged into existing recipients.
    public let merged: Int
    /// Rows refused.
    public let rejected: Int
    /// Rows kept out by the suppression list.
    public let suppressed: Int
    /// When it ran.
    public let at: Date
}
