import ArgumentParser
import Foundation
import Logging
import PitchKit
import PitchServer

/// `pitchlab serve`: runs the tracking endpoint (pixel, click redirect, one-click unsubscribe).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the tracking server: open pixel, signed click redirects and one-click unsubscribe.",
        discussion: """
            Serves GET /o/TOKEN.gif, GET /c/TOKEN, GET and POST /u/TOKEN and GET /health, and writes \
            every valid hit to the workspace database before answering. Tokens are verified with the \
            key in PITCHLAB_TRACKING_KEY (the key 'pitchlab send' signs with). Prints 'listening on \
            http://HOST:PORT' once ready; SIGINT or SIGTERM finishes the requests in flight, writes \
            the queued hits and exits 0. Safe to run while 'pitchlab send' works on the same workspace.
            """
    )

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on.")
    var port = 8080

    @Flag(help: "Take the client address from X-Forwarded-For (only behind a reverse proxy you run).")
    var trustProxy = false

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535.") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty.") }
    }

    func run() async throws {
        let key = try TrackingKey.fromEnvironment()
        let store = try options.workspace.openStore()
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        try await TrackingServer.run(
            configuration: TrackingServerConfiguration(host: host, port: port, trustProxy: trustProxy),
            sink: store, codec: TrackingTokenCodec(key: key), logger: Logger(label: "pitchlab.serve"),
            onListening: { host, port in
                let shown = host.contains(":") ? "[\(host)]" : host
                FileHandle.standardOutput.write(Data("listening on http://\(shown):\(port)\n".utf8))
            })
    }
}
