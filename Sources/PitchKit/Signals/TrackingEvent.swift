public import Foundation

/// One request to the tracking endpoint whose token was valid, as the server saw it (raw: the
/// machine-open classification is computed later from these and can be recomputed).
public struct TrackingEvent: Sendable, Hashable {
    /// What the request was.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The pixel was fetched.
        case open
        /// A signed link was followed.
        case click
        /// The one-click (RFC 8058) unsubscribe was posted.
        case unsubscribe
    }

    /// What the request was.
    public var kind: Kind
    /// The ledger row (the send) the token names.
    public var entryID: Int64
    /// When the request arrived.
    public var at: Date
    /// The client's address, as the server saw it.
    public var ip: String?
    /// The User-Agent header.
    public var userAgent: String?
    /// The destination of a click.
    public var destination: String?

    /// Creates an event.
    public init(kind: Kind, entryID: Int64, at: Date, ip: String?, userAgent: String?, destination: String? = nil) {
        self.kind = kind
        self.entryID = entryID
        self.at = at
        self.ip = ip
        self.userAgent = userAgent
        self.destination = destination
    }
}

/// Where the tracking endpoint writes its events: durably, in one transaction per call, safe while a
/// `send` runs in another process on the same workspace.
public protocol TrackingEventSink: Sendable {
    /// Records events in one transaction and returns how many were stored (events naming a ledger
    /// row that does not exist are dropped). An `unsubscribe` event also suppresses the recipient's
    /// address at once.
    @discardableResult
    func recordTracking(_ events: [TrackingEvent]) throws -> Int
}
