import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// posix_spawn and waitpid for tests, without Foundation's Process (whose waitUntilExit can spin
/// when many tests run at once). Children get an empty signal mask and default signal actions, so
/// SIGTERM and SIGINT reach them even when the test thread blocks those signals.
public enum Subprocess {
    /// A process that could not be started.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    nonisolated(unsafe) private static var reaped: Set<pid_t> = []
    private static let lock = NSLock()

    /// Starts `path args`, with standard input, output and error from/to the given files
    /// (/dev/null when nil).
    public static func spawn(_ path: String, _ args: [String], stdin: String? = nil, stdout: String? = nil, stderr: String? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGPIPE, SIGINT, SIGHUP] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw Failure(description: "cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for the process and returns its exit status (128+signal when killed; -1 when it was
    /// already waited for).
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        if lock.withLock({ reaped.contains(pid) }) { return -1 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        lock.withLock { _ = reaped.insert(pid) }
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        return 128 + (status & 0x7F)
    }

    /// True when the process has ended (it is then reaped; a later ``wait(_:)`` returns -1).
    public static func hasExited(_ pid: pid_t) -> Bool {
        if lock.withLock({ reaped.contains(pid) }) { return true }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return false }
        lock.withLock { _ = reaped.insert(pid) }
        return true
    }

    /// Runs to completion and returns the exit status.
    public static func run(_ path: String, _ args: [String], stdin: String? = nil, stdout: String? = nil, stderr: String? = nil) throws -> Int32 {
        wait(try spawn(path, args, stdin: stdin, stdout: stdout, stderr: stderr))
    }
}
