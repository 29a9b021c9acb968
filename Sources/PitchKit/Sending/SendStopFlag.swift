import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A request to stop claiming new sends, set from a signal handler (Ctrl-C) or a test.
///
/// The sender checks it between batches: the batch in flight is sent and recorded, then the run
/// ends cleanly; running `pitchlab send` again resumes from the ledger.
public final class SendStopFlag: Sendable {
    private let state = Atomic<Bool>(false)
    private let sources = Mutex<[SignalSource]>([])

    /// A flag that is not set.
    public init() {}

    /// True once a stop was requested.
    public var isSet: Bool { state.load(ordering: .acquiring) }

    /// Requests a stop.
    public func set() { state.store(true, ordering: .releasing) }

    /// Sets the flag on SIGINT and SIGTERM (through dispatch signal sources, not a C handler).
    /// A second SIGINT restores the default action and ends the process at once; the sends then in
    /// flight become ambiguous at the next start.
    ///
    /// - Parameter onFirstSignal: Called once, on the first signal (to print a notice).
    public func installSignalHandlers(onFirstSignal: @escaping @Sendable () -> Void = {}) {
        let queue = DispatchQueue(label: "pitchlab.send.signals")
        var installed: [SignalSource] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                guard let self else { return }
                if self.isSet {
                    if number == SIGINT {
                        signal(SIGINT, SIG_DFL)
                        raise(SIGINT)
                    }
                    return
                }
                self.set()
                onFirstSignal()
            }
            source.resume()
            installed.append(SignalSource(source: source))
        }
        sources.withLock { $0.append(contentsOf: installed) }
    }
}

/// Keeps a dispatch signal source alive; it is only resumed once and never touched again.
private struct SignalSource: @unchecked Sendable {
    let source: any DispatchSourceSignal
}
