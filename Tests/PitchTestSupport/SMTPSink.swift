import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Postfix's fault-injecting `smtp-sink`, started on a free loopback port for one test.
public final class SMTPSink {
    public static let path = "/usr/sbin/smtp-sink"
    /// True when Postfix's smtp-sink is installed (`make deps`).
    public static var available: Bool { FileManager.default.isExecutableFile(atPath: path) }

    public let port: Int
    private let pid: pid_t
    private var stopped = false

    /// Starts `smtp-sink ARGS 127.0.0.1:PORT 64` and waits until it accepts connections.
    public init(_ args: [String]) throws {
        port = try FreePort.next()
        pid = try Subprocess.spawn(Self.path, ["-u", "nobody"] + args + ["127.0.0.1:\(port)", "64"])
        for _ in 0..<200 where !FreePort.isListening(port) { usleep(20_000) }
    }

    /// `smtp://127.0.0.1:PORT`.
    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Stops the sink (also done when it is released).
    public func stop() {
        guard !stopped else { return }  // never signal a pid that may have been reused
        stopped = true
        kill(pid, SIGKILL)  // a test sink holds nothing worth a graceful stop
        Subprocess.wait(pid)
    }

    deinit { stop() }
}
