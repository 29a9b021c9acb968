public import Hummingbird
public import NIOCore

/// The request context of the tracking server: Hummingbird's core storage plus the peer address of
/// the connection (nil when the request did not come over a socket, as in router tests).
public struct TrackingRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connection's remote address.
    public let remoteAddress: SocketAddress?

    /// The most bytes read from a request body; the only body the server reads is the small
    /// RFC 8058 form.
    public var maxUploadSize: Int { 16 * 1024 }

    /// Creates the context of one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
