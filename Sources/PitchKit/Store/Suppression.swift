public import Foundation

/// An address that must never be sent to, shared by every campaign of the workspace.
public struct Suppression: Sendable, Hashable, Codable {
    /// Why an address is suppressed.
    public enum Reason: String, Sendable, Hashable, Codable, CaseIterable {
        /// The recipient unsubscribed.
        case unsubscribe
        /// The relay rejected the mailbox permanently (5.1.x).
        case hardBounce = "hard-bounce"
        /// Added by hand.
        case manual
        /// The recipient reported the pitch as spam.
        case complaint
    }

    /// The normalised address (lower-cased), the key that imports and claims compare against.
    public let email: String
    /// Why it is suppressed.
    public let reason: Reason
    /// Where the suppression came from (`cli`, `smtp 550 5.1.1`, `unsubscribe link`…).
    public let source: String
    /// When it was added.
    public let createdAt: Date

    /// Creates a suppression.
    public init(email: String, reason: Reason, source: String, createdAt: Date) {
        self.email = email
        self.reason = reason
        self.source = source
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case email, reason, source
        case createdAt = "created_at"
    }
}
