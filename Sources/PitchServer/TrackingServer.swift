public import Hummingbird
public import Logging
public import PitchKit

/// The HTTP tracking endpoint: the open pixel, signed click redirects and RFC 8058 one-click
/// unsubscribe, on Hummingbird 2 (see ``TrackingEndpoints`` for the routes).
///
/// ```swift
/// let store = try workspace.openStore()
/// let codec = TrackingTokenCodec(key: try TrackingKey.fromEnvironment())
/// try await TrackingServer.run(
///     configuration: TrackingServerConfiguration(port: 8080), sink: store, codec: codec, logger: logger,
///     onListening: { host, port in print("listening on http://\(host):\(port)") })
/// ```
///
/// Events are written by a group-commit ``TrackingRecorder`` that runs as a service of the
/// application: on SIGINT or SIGTERM the server stops accepting connections, finishes the requests in
/// flight, then the recorder writes whatever is queued before the process exits.
public enum TrackingServer {
    /// Builds the application (router, recorder service, server configuration) without running it.
    /// Tests call this directly and drive it with HummingbirdTesting.
    ///
    /// - Parameters:
    ///   - configuration: Where to listen and whether to trust `X-Forwarded-For`.
    ///   - sink: Where events are stored (a ``SQLiteCampaignStore`` in production).
    ///   - codec: Verifies tokens.
    ///   - clock: Stamps events; the wall clock by default.
    ///   - logger: The server's logger; logs never contain tokens, addresses or keys.
    ///   - onListening: Called once the socket is bound, with the configured host and the bound port.
    public static func buildApplication(
        configuration: TrackingServerConfiguration,
        sink: any TrackingEventSink,
        codec: TrackingTokenCodec,
        clock: any SendClock = SystemSendClock(),
        logger: Logger = Logger(label: "pitchlab.server"),
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) -> some ApplicationProtocol {
        let recorder = TrackingRecorder(sink: sink, maximumBatchSize: configuration.maximumBatchSize, logger: logger)
        let router = Router(context: TrackingRequestContext.self)
        TrackingEndpoints(codec: codec, recorder: recorder, clock: clock, trustProxy: configuration.trustProxy)
            .register(on: router)
        let host = configuration.host
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: configuration.port), serverName: nil, backlog: 1024),
            services: [recorder],
            onServerRunning: { channel in
                await onListening(host, channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
    }

    /// Builds the application and runs it until SIGINT or SIGTERM, then shuts down gracefully
    /// (in-flight requests finish, queued events are written).
    ///
    /// - Parameters: See ``buildApplication(configuration:sink:codec:clock:logger:onListening:)``.
    /// - Throws: When the socket cannot be bound.
    public static func run(
        configuration: TrackingServerConfiguration,
        sink: any TrackingEventSink,
        codec: TrackingTokenCodec,
        clock: any SendClock = SystemSendClock(),
        logger: Logger = Logger(label: "pitchlab.server"),
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) async throws {
        let app = buildApplication(
            configuration: configuration, sink: sink, codec: codec, clock: clock, logger: logger, onListening: onListening)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }
}
