/// Where the tracking server listens and how it reads requests.
///
/// ```swift
/// let configuration = TrackingServerConfiguration(host: "127.0.0.1", port: 8080, trustProxy: false)
/// ```
public struct TrackingServerConfiguration: Sendable, Hashable {
    /// The address to bind, e.g. `127.0.0.1` (the default) or `0.0.0.0`.
    public var host: String
    /// The TCP port; 0 picks a free one (reported through `onListening`).
    public var port: Int
    /// When true, the client address is read from the last entry of `X-Forwarded-For` (the one the
    /// reverse proxy in front of the server appended); otherwise it is the connection's peer address.
    public var trustProxy: Bool
    /// The most events written in one transaction.
    public var maximumBatchSize: Int

    /// Creates a configuration.
    ///
    /// - Parameters:
    ///   - host: The address to bind.
    ///   - port: The TCP port; 0 picks a free one.
    ///   - trustProxy: Read the client address from `X-Forwarded-For`.
    ///   - maximumBatchSize: The most events written in one transaction (at least 1).
    public init(host: String = "127.0.0.1", port: Int = 8080, trustProxy: Bool = false, maximumBatchSize: Int = 1024) {
        self.host = host
        self.port = port
        self.trustProxy = trustProxy
        self.maximumBatchSize = max(1, maximumBatchSize)
    }
}
