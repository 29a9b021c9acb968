import Foundation
import Synchronization

/// The real ``MailTransport``: SMTP through libcurl, one reused connection per worker, and
/// several workers in parallel when the configuration asks for more than one connection.
///
/// libcurl blocks inside a transfer, so each connection runs on its own serial dispatch queue,
/// never on Swift's cooperative pool; callers simply `await`.
public final class CurlSMTPTransport: MailTransport {
    private let connections: [CurlSMTPConnection]
    private let pool: Mutex<Pool>

    private struct Pool: ~Copyable {
        var idle: [Int]
        var waiters: [CheckedContinuation<Int, Never>] = []
    }

    /// Validates the configuration (URL, TLS policy, secret) and prepares the connections; nothing
    /// is opened until the first send or probe.
    public init(configuration: SMTPConfiguration) throws(TransportError) {
        let count = max(1, min(configuration.connections, 64))
        var connections: [CurlSMTPConnection] = []
        for i in 0..<count { connections.append(try CurlSMTPConnection(configuration: configuration, index: i)) }
        self.connections = connections
        self.pool = Mutex(Pool(idle: Array((0..<count).reversed())))
    }

    /// How many connections this transport uses.
    public var connectionCount: Int { connections.count }

    public func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> SendOutcome {
        try await withConnection { connection throws(TransportError) in try connection.send(message, envelope: envelope) }
    }

    /// Connects (TLS and login included) and sends NOOP: checks a relay without sending mail.
    public func probe() async throws(TransportError) -> ProbeResult {
        try await withConnection { connection throws(TransportError) in try connection.probe() }
    }

    private func withConnection<T: Sendable>(
        _ body: @escaping @Sendable (CurlSMTPConnection) throws(TransportError) -> T
    ) async throws(TransportError) -> T {
        let index = await acquire()
        defer { release(index) }
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

    private func acquire() async -> Int {
        if let index = pool.withLock({ $0.idle.popLast() }) { return index }
        return await withCheckedContinuation { continuation in
            let ready: Int? = pool.withLock { state in
                if let index = state.idle.popLast() { return index }
                state.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    private func release(_ index: Int) {
        let waiter: CheckedContinuation<Int, Never>? = pool.withLock { state in
            if state.waiters.isEmpty {
                state.idle.append(index)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: index)
    }
}
