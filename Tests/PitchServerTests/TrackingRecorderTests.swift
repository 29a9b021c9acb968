import Foundation
import Logging
import PitchKit
import PitchServer
import Synchronization
import Testing

/// Group commit: many waiting requests share one transaction; shutdown writes everything queued.
@Suite("Tracking recorder")
struct TrackingRecorderTests {
    /// Stores events in memory, slowly (as an fsync would), and counts calls.
    final class SlowSink: TrackingEventSink {
        let stored = Mutex<[TrackingEvent]>([])
        let calls = Atomic<Int>(0)
        let delay: TimeInterval

        init(delay: TimeInterval) { self.delay = delay }

        func recordTracking(_ events: [TrackingEvent]) throws -> Int {
            calls.add(1, ordering: .relaxed)
            Thread.sleep(forTimeInterval: delay)
            stored.withLock { $0 += events }
            return events.count
        }
    }

    /// Whether each record call succeeded.
    final class Outcomes: Sendable {
        let values = Mutex<[Bool]>([])
    }

    static func event(_ entry: Int64) -> TrackingEvent {
        TrackingEvent(kind: .open, entryID: entry, at: TrackingFixture.t0, ip: nil, userAgent: nil)
    }

    @Test("500 concurrent events are committed in far fewer transactions, each before its caller resumes")
    func groupCommit() async throws {
        let sink = SlowSink(delay: 0.01)
        let recorder = TrackingRecorder(sink: sink, logger: .quiet)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for entry in 0..<500 {
                group.addTask {
                    try await recorder.record(Self.event(Int64(entry)))
                    // Committed before the caller resumes.
                    #expect(sink.stored.withLock { $0.contains { $0.entryID == Int64(entry) } })
                }
            }
            try await group.waitForAll()
        }
        await recorder.shutdown()
        #expect(sink.stored.withLock { $0.count } == 500)
        #expect(sink.calls.load(ordering: .relaxed) < 100)
        #expect(recorder.batchCount == sink.calls.load(ordering: .relaxed))
    }

    @Test("shutdown writes every queued event, then refuses new ones")
    func drainOnShutdown() async throws {
        let sink = SlowSink(delay: 0.05)
        let recorder = TrackingRecorder(sink: sink, maximumBatchSize: 7, logger: .quiet)
        let results = Outcomes()
        await withTaskGroup(of: Void.self) { group in
            for entry in 0..<100 {
                group.addTask {
                    let ok = (try? await recorder.record(Self.event(Int64(entry)))) != nil
                    results.values.withLock { $0.append(ok) }
                }
            }
            // Shut down while most events are still queued.
            try? await Task.sleep(for: .milliseconds(20))
            await recorder.shutdown()
            await group.waitForAll()
        }
        let accepted = results.values.withLock { $0.filter { $0 }.count }
        #expect(sink.stored.withLock { $0.count } == accepted)
        #expect(results.values.withLock { $0.count } == 100)
        await #expect(throws: TrackingRecorderError.stopped) {
            try await recorder.record(Self.event(1))
        }
        await recorder.shutdown()  // again: returns at once
    }

    @Test("a failing store fails every event of the batch")
    func storeFailure() async throws {
        let recorder = TrackingRecorder(sink: FailingSink(), logger: .quiet)
        await #expect(throws: TrackingRecorderError.storeFailed) {
            try await recorder.record(Self.event(1))
        }
        await recorder.shutdown()
    }
}
