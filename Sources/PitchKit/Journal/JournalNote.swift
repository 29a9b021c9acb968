public import Foundation

/// A note the user wrote into the campaign journal with `pitchlab note "…"`.
public struct JournalNote: Sendable, Hashable, Codable, Identifiable {
    /// The row id.
    public var id: Int64
    /// The campaign id it belongs to.
    public var campaign: String
    /// When it was written.
    public var at: Date
    /// The text, as written.
    public var text: String

    /// Creates a note.
    public init(id: Int64, campaign: String, at: Date, text: String) {
        self.id = id
        self.campaign = campaign
        self.at = at
        self.text = text
    }
}
