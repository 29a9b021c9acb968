public import Foundation

/// One tracking hit as stored by ``TrackingEventSink/recordTracking(_:)``: the raw event plus the
/// time since the relay accepted the send (nil when the send was not accepted).
public struct StoredTrackingHit: Sendable, Hashable {
    /// The row id, in arrival order.
    public var id: Int64
    /// What the request was.
    public var kind: TrackingEvent.Kind
    /// The ledger row (the send) the token named.
    public var entryID: Int64
    /// When the request arrived.
    public var at: Date
    /// Seconds from the relay's acceptance of the send to the hit; nil when the send is not accepted.
    public var sinceAccepted: Double?
    /// The client's address, as the server saw it.
    public var ip: String?
    /// The User-Agent header.
    public var userAgent: String?
    /// The destination of a click.
    public var destination: String?

    /// Creates a hit.
    public init(
        id: Int64, kind: TrackingEvent.Kind, entryID: Int64, at: Date, sinceAccepted: Double?, ip: String?,
        userAgent: String?, destination: String?
    ) {
        self.id = id
        self.kind = kind
        self.entryID = entryID
        self.at = at
        self.sinceAccepted = sinceAccepted
        self.ip = ip
        self.userAgent = userAgent
        self.destination = destination
    }
}
