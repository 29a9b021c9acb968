import Dispatch
import Foundation
public import Logging
public import PitchKit
public import ServiceLifecycle
import Synchronization

/// Writes tracking events with group commit: each request enqueues its event and waits; one writer
/// thread takes everything queued and stores it with a single ``TrackingEventSink/recordTracking(_:)``
/// call (one SQLite transaction, one fsync), then resumes every waiting request.
///
/// A request is answered only after its event is committed, so a 2xx means the hit is on disk; under
/// load the batches grow and the fsync cost is shared. On graceful shutdown (as a ServiceLifecycle
/// `Service`, or through ``shutdown()``) everything queued is written before the writer stops.
///
/// ```swift
/// let recorder = TrackingRecorder(sink: store, logger: logger)
/// try await recorder.record(TrackingEvent(kind: .open, entryID: 42, at: .now, ip: nil, userAgent: nil))
/// await recorder.shutdown()
/// ```
///
/// The sink is called on a dedicated thread (never on the cooperative pool, which SQLite's blocking
/// fsync would starve).
public final class TrackingRecorder: Service, Sendable {
    /// One event and the request waiting for it.
    private struct Pending {
        let event: TrackingEvent
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        /// The writer is waiting (or about to wait) on `wakeUp`.
        var writerIdle = false
        /// No new events are accepted once set; the writer stops when the queue is empty.
        var closing = false
        /// The writer has stopped.
        var finished = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let sink: any TrackingEventSink
    private let logger: Logger
    private let maximumBatchSize: Int
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let batches = Atomic<Int>(0)

    /// Creates a recorder and starts its writer thread.
    ///
    /// - Parameters:
    ///   - sink: Where events are stored, one transaction per batch.
    ///   - maximumBatchSize: The most events in one transaction.
    ///   - logger: Receives one line per failed batch (kinds and counts only, never addresses or tokens).
    public init(sink: any TrackingEventSink, maximumBatchSize: Int = 1024, logger: Logger) {
        self.sink = sink
        self.maximumBatchSize = max(1, maximumBatchSize)
        self.logger = logger
        let thread = Thread { [self] in writerLoop() }
        thread.name = "pitchlab.tracking.writer"
        thread.start()
    }

    /// How many transactions the writer has committed or attempted (for tests and diagnostics).
    public var batchCount: Int { batches.load(ordering: .relaxed) }

    /// Queues `event` and returns once it is committed.
    ///
    /// - Throws: ``TrackingRecorderError/storeFailed`` when the transaction holding it failed,
    ///   ``TrackingRecorderError/stopped`` when the recorder no longer accepts events.
    public func record(_ event: TrackingEvent) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (accepted, signal) = state.withLock { state -> (Bool, Bool) in
                guard !state.closing else { return (false, false) }
                state.queue.append(Pending(event: event, continuation: continuation))
                guard state.writerIdle else { return (true, false) }
                state.writerIdle = false
                return (true, true)
            }
            if signal { wakeUp.signal() }
            if !accepted { continuation.resume(throwing: TrackingRecorderError.stopped) }
        }
    }

    /// Stops accepting events, writes everything queued and returns when the writer has stopped.
    /// Safe to call more than once.
    public func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let (finished, signal) = state.withLock { state -> (Bool, Bool) in
                state.closing = true
                if state.finished { return (true, false) }
                state.stopWaiters.append(continuation)
                guard state.writerIdle else { return (false, false) }
                state.writerIdle = false
                return (false, true)
            }
            if signal { wakeUp.signal() }
            if finished { continuation.resume() }
        }
    }

    /// Runs until graceful shutdown (or cancellation), then drains the queue.
    ///
    /// In a Hummingbird application the HTTP server is shut down first, so every request already
    /// accepted has enqueued its event before the drain starts.
    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    // MARK: - Writer thread

    private enum Step {
        case write([Pending])
        case wait
        case stop([CheckedContinuation<Void, Never>])
    }

    private func writerLoop() {
        while true {
            let step = state.withLock { state -> Step in
                if state.queue.isEmpty {
                    if state.closing {
                        state.finished = true
                        let waiters = state.stopWaiters
                        state.stopWaiters = []
                        return .stop(waiters)
                    }
                    state.writerIdle = true
                    return .wait
                }
                if state.queue.count <= maximumBatchSize {
                    let batch = state.queue
                    state.queue = []
                    state.queue.reserveCapacity(batch.count)
                    return .write(batch)
                }
                let batch = Array(state.queue.prefix(maximumBatchSize))
                state.queue.removeFirst(maximumBatchSize)
                return .write(batch)
            }
            switch step {
            case .wait:
                wakeUp.wait()
            case .write(let batch):
                commit(batch)
            case .stop(let waiters):
                for waiter in waiters { waiter.resume() }
                return
            }
        }
    }

    private func commit(_ batch: [Pending]) {
        batches.add(1, ordering: .relaxed)
        do {
            try sink.recordTracking(batch.map(\.event))
            for pending in batch { pending.continuation.resume() }
        } catch {
            let kind = (error as? StoreError).map { "\($0.kind)" } ?? String(describing: type(of: error))
            logger.error(
                "tracking events not stored; answered 503",
                metadata: ["events": "\(batch.count)", "error.kind": "\(kind)"])
            for pending in batch { pending.continuation.resume(throwing: TrackingRecorderError.storeFailed) }
        }
    }
}
