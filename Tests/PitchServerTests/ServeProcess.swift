import Foundation
import PitchTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A `pitchlab serve` child process on a free loopback port, started with posix_spawn.
///
/// The binary is `$PITCHLAB_BIN`, or `pitchlab` in the build products folder that holds the test
/// bundle, or `.build/debug/pitchlab` under the package root.
struct ServeProcess {
    let pid: pid_t
    let port: Int
    let stdoutPath: String
    let stderrPath: String

    static let executable: String? = PitchlabBinary.url?.path

    /// Starts `pitchlab serve` with the tracking key in its environment (through `/usr/bin/env`, which
    /// execs, so `pid` is the server) and waits for its "listening on" line.
    static func start(workspace: URL, key: String? = TrackingFixture.keyHex, extra: [String] = []) throws -> ServeProcess {
        let process = try spawn(workspace: workspace, key: key, extra: extra)
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if process.stdout.contains("listening on") { return process }
            if Subprocess.hasExited(process.pid) {
                throw ServeFailure(description: "pitchlab serve exited early: \(process.stderr)")
            }
            usleep(20_000)
        }
        process.kill(SIGKILL)
        throw ServeFailure(description: "pitchlab serve did not start within 60 s: \(process.stderr)")
    }

    /// Spawns without waiting.
    static func spawn(workspace: URL, key: String?, extra: [String] = []) throws -> ServeProcess {
        guard let executable else { throw ServeFailure(description: "pitchlab binary not found; run swift build or set PITCHLAB_BIN") }
        let port = try FreePort.next()
        let logs = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let out = logs.appendingPathComponent("stdout").path, err = logs.appendingPathComponent("stderr").path
        var environment = ["-u", "PITCHLAB_TRACKING_KEY"]
        if let key { environment.append("PITCHLAB_TRACKING_KEY=\(key)") }
        let pid = try Subprocess.spawn(
            "/usr/bin/env", environment + [executable, "serve", "--port", String(port), "-C", workspace.path] + extra,
            stdout: out, stderr: err)
        return ServeProcess(pid: pid, port: port, stdoutPath: out, stderrPath: err)
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    func kill(_ signal: Int32) { _ = Glibc.kill(pid, signal) }

    /// Sends SIGTERM and returns the exit status (SIGKILL and -1 after `timeout` seconds).
    func terminate(timeout: TimeInterval = 30) -> Int32 {
        kill(SIGTERM)
        return wait(timeout: timeout)
    }

    /// Waits for the process to end (SIGKILL and -1 after `timeout` seconds).
    func wait(timeout: TimeInterval = 30) -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F) }
            if result == -1 && errno != EINTR { return -1 }
            usleep(20_000)
        }
        kill(SIGKILL)
        Subprocess.wait(pid)
        return -1
    }
}

/// `pitchlab serve` could not be started.
struct ServeFailure: Error, CustomStringConvertible {
    let description: String
}
