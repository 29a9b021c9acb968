import Foundation
import Synchronization

/// The real ``MailTransport``: SMTP through libcurl, one reused connection per worker, and
/// several workers in parallel when the configuration asks for more than one connection.
///
/// libcurl blocks inside a transfer, so each connection runs on its own serial dispatch queue,
/// never on Swift's cooperative pool; callers simply `await`.
public final class CurlSMTPTransport: MailTransport {
    private let workers: [ConnectionWorker]
    /// Sends queued or running on each connection; a new send goes to the least busy one.
    private let outstanding: Mutex<[Int]>

    /// Validates the configuration (URL, TLS policy, secret) and prepares the connections; nothing
    /// is opened until the first send or probe.
    public init(configuration: SMTPConfiguration) throws(TransportError) {
        let count = max(1, min(configuration.connections, 64))
        var workers: [ConnectionWorker] = []
        for i in 0..<count {
            workers.append(ConnectionWorker(connection: try CurlSMTPConnection(configuration: configuration, index: i)))
        }
        self.workers = workers
        self.outstanding = Mutex(Array(repeating: 0, count: count))
    }

    /// How many connections this transport uses.
    public var connectionCount: Int { workers.count }

    /// Sends one message on the least busy connection. Concurrent callers queue per connection,
    /// and a connection sends what has queued up back to back, pipelined when the relay allows.
    public func send(_ message: [UInt8], envelope: Envelope) async throws(TransportError) -> SendOutcome {
        let index = outstanding.withLock { counts in
            let index = counts.indices.min { counts[$0] < counts[$1] }!
            counts[index] += 1
            return index
        }
        defer { outstanding.withLock { $0[index] -= 1 } }
        let result: Result<SendOutcome, TransportError> = await withCheckedContinuation { continuation in
            workers[index].submit(message, envelope: envelope) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    /// Queues every message at once (each on the least busy connection) and resumes once, when
    /// the last outcome is in: one wake-up per batch instead of one per message.
    public func send(batch: [OutgoingMessage]) async -> [Result<SendOutcome, TransportError>] {
        guard !batch.isEmpty else { return [] }
        let indices = outstanding.withLock { counts in
            batch.map { _ in
                let index = counts.indices.min { counts[$0] < counts[$1] }!
                counts[index] += 1
                return index
            }
        }
        let collector = BatchCollector(count: batch.count)
        let results = await withCheckedContinuation { (continuation: CheckedContinuation<[Result<SendOutcome, TransportError>], Never>) in
            collector.onDone(continuation)
            for (position, message) in batch.enumerated() {
                let worker = indices[position]
                workers[worker].submit(message.bytes, envelope: message.envelope) { result in
                    self.outstanding.withLock { $0[worker] -= 1 }
                    collector.store(result, at: position)
                }
            }
        }
        return results
    }

    /// Prepares a transport and probes the relay before any mail: the URL, TLS, login and EHLO
    /// keywords are checked once, up front, and the relay's answer decides e.g. SMTPUTF8.
    public static func probed(_ configuration: SMTPConfiguration) async throws(TransportError) -> (transport: CurlSMTPTransport, relay: ProbeResult) {
        let transport = try CurlSMTPTransport(configuration: configuration)
        return (transport, try await transport.probe())
    }

    /// Connects (TLS and login included) and sends NOOP: checks a relay without sending mail.
    public func probe() async throws(TransportError) -> ProbeResult {
        let connection = workers[0].connection
        let result: Result<ProbeResult, TransportError> = await withCheckedContinuation { continuation in
            connection.queue.async {
                do throws(TransportError) {
                    continuation.resume(returning: .success(try connection.probe()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}

/// Gathers a batch's outcomes as the connections report them and resumes its caller after the last.
private final class BatchCollector: Sendable {
    private struct State {
        var results: [Result<SendOutcome, TransportError>?]
        var remaining: Int
        var continuation: CheckedContinuation<[Result<SendOutcome, TransportError>], Never>?
    }
    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(results: Array(repeating: nil, count: count), remaining: count))
    }

    func onDone(_ continuation: CheckedContinuation<[Result<SendOutcome, TransportError>], Never>) {
        state.withLock { $0.continuation = continuation }
    }

    func store(_ result: Result<SendOutcome, TransportError>, at position: Int) {
        let finished: (CheckedContinuation<[Result<SendOutcome, TransportError>], Never>, [Result<SendOutcome, TransportError>])? =
            state.withLock { state in
                state.results[position] = result
                state.remaining -= 1
                guard state.remaining == 0, let continuation = state.continuation else { return nil }
                state.continuation = nil
                return (continuation, state.results.map { $0! })
            }
        if let (continuation, results) = finished { continuation.resume(returning: results) }
    }
}

/// One connection and the messages queued for it. Messages are taken in batches, so the
/// connection goes from one to the next without waiting for a new call.
final class ConnectionWorker: Sendable {
    let connection: CurlSMTPConnection
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var pending: [CurlSMTPConnection.SendJob] = []
        var draining = false
        var lastID: UInt64 = 0
    }

    init(connection: CurlSMTPConnection) {
        self.connection = connection
    }

    /// Queues a message; `complete` receives its outcome on the connection's queue.
    func submit(
        _ message: [UInt8], envelope: Envelope,
        complete: @escaping @Sendable (Result<SendOutcome, TransportError>) -> Void
    ) {
        let start = state.withLock { state in
            state.lastID += 1
            state.pending.append(.init(id: state.lastID, message: message, envelope: envelope, complete: complete))
            if state.draining { return false }
            state.draining = true
            return true
        }
        if start { connection.queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            let batch = state.withLock { state in
                let batch = state.pending
                state.pending.removeAll()
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            connection.run(batch)
        }
    }
}
