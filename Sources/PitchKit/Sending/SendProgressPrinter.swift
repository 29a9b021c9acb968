import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints progress to standard output: a one-line bar with rate and ETA on a terminal, plain lines
/// (at most one every few seconds) otherwise. Never prints addresses.
public final class SendProgressPrinter: SendProgressReporter, @unchecked Sendable {
    // Called from the sender's task only; the lock guards against a stray concurrent call.
    private let lock = NSLock()
    private let isTerminal: Bool
    private var lastLine = Date.distantPast
    private var drewBar = false

    /// A printer; `isTerminal` defaults to `isatty(1)`.
    public init(isTerminal: Bool = isatty(1) == 1) {
        self.isTerminal = isTerminal
    }

    public func report(_ progress: SendProgress) {
        lock.lock()
        defer { lock.unlock() }
        let counts = "\(progress.accepted) ok, \(progress.deferred) deferred, \(progress.rejected) rejected, \(progress.ambiguous) ambiguous"
        let rate = String(format: "%.1f msg/s", progress.rate)
        var wait = ""
        if let until = progress.waitingUntil {
            wait = " · waiting until \(ISO8601DateFormatter().string(from: until))"
        }
        if isTerminal {
            let width = 24
            let fraction = progress.total > 0 ? min(1, Double(progress.sent) / Double(progress.total)) : 1
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            let eta = progress.eta.map { " · ETA \(Self.clock($0))" } ?? ""
            let line = "[\(bar)] \(progress.sent)/\(progress.total) · \(counts) · \(rate)\(eta)\(wait)"
            FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + line).utf8))
            drewBar = true
        } else {
            let now = Date()
            guard now.timeIntervalSince(lastLine) >= 2 || progress.waitingUntil != nil else { return }
            lastLine = now
            print("sent \(progress.sent)/\(progress.total): \(counts); \(rate)\(wait)")
        }
    }

    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drewBar {
            FileHandle.standardOutput.write(Data("\n".utf8))
            drewBar = false
        }
    }

    /// `1:02:03` or `2:03`.
    static func clock(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, (total % 3600) / 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }
}
