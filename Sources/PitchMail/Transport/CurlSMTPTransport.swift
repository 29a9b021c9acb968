import Foundation
import Synchronization

/// The real ``MailTransport``: SMTP through libcurl, one reused connection per worker, and
/// several workers in parallel when the configuration asks for more than one connection.
///
/// libcurl blocks inside a transfer, so each connection runs on its own serial dispatch queue,
/// never on Swift's cooperative pool; callers simply `await`.
public final class CurlSMTPTransport: MailTransport {
    private let connections: [CurlSMTPConnection]
    /// Sends queued or running on each connection; a new send goes to the least busy one.
    private let outstanding: Mutex<[Int]>

    /// Validates the configuration (URL, TLS policy, secret) and prepares the connections; nothing
    /// is opened until the first send or probe.
    public init(configuration: SMTPConfiguration) throws(TransportError) {
        let count = max(1, min(configuration.connections, 64))
        var connections: [CurlSMTPConnection] = []
        for i in 0..<count { connections.append(try CurlSMTPConnection(configuration: configuration, index: i)) }
        self.connections = connections
        self.outstanding = Mutex(Array(repeating: 0, count: count))
    }

    /// How many connections this transport uses.
    public var connectionCount: Int { connections.count }

    /// Sends one message on the least busy connection. Concurrent callers queue on each
    /// connection's serial queue, so a connection goes straight from one message to the next.
    public func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> SendOutcome {
        try await onConnection { connection throws(TransportError) in try connection.send(message, envelope: envelope) }
    }

    /// Connects (TLS and login included) and sends NOOP: checks a relay without sending mail.
    public func probe() async throws(TransportError) -> ProbeResult {
        try await onConnection { connection throws(TransportError) in try connection.probe() }
    }

    private func onConnection<T: Sendable>(
        _ body: @escaping @Sendable (CurlSMTPConnection) throws(TransportError) -> T
    ) async throws(TransportError) -> T {
        let index = outstanding.withLock { counts in
            let index = counts.indices.min { counts[$0] < counts[$1] }!
            counts[index] += 1
            return index
        }
        defer { outstanding.withLock { $0[index] -= 1 } }
        let connection = connections[index]
        let result: Result<T, TransportError> = await withCheckedContinuation { continuation in
            connection.queue.async {
                do throws(TransportError) {
                    continuation.resume(returning: .success(try body(connection)))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
