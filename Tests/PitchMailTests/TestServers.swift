import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import PitchMail

/// The real SMTP servers that `make test` starts on loopback (see Tests/Servers/smtp_servers.py).
struct TestServers: Decodable {
    let host: String
    let ports: [String: Int]
    let spool: String
    let caFile: String
    let user: String
    let password: String

    enum CodingKeys: String, CodingKey {
        case host, ports, spool, user, password
        case caFile = "ca_file"
    }

    /// Loaded from the file named by PITCHLAB_TEST_SERVERS; nil when the tests run without servers.
    static let shared: TestServers? = {
        guard let path = ProcessInfo.processInfo.environment["PITCHLAB_TEST_SERVERS"],
              let data = FileManager.default.contents(atPath: path)
        else { return nil }
        return try? JSONDecoder().decode(TestServers.self, from: data)
    }()

    static var available: Bool { shared != nil }

    func url(_ name: String, scheme: String = "smtp") -> String { "\(scheme)://\(host):\(ports[name]!)" }

    /// The message the capture server stored for `messageID`, with its envelope.
    func captured(_ messageID: MessageID) throws -> (raw: [UInt8], envelope: [String: Any]) {
        let files = try FileManager.default.contentsOfDirectory(atPath: spool).filter { $0.hasSuffix(".json") }.sorted()
        for file in files {
            let meta = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: spool).appendingPathComponent(file))) as! [String: Any]
            if meta["message_id"] as? String == messageID.value {
                let eml = URL(fileURLWithPath: spool).appendingPathComponent(file.replacingOccurrences(of: ".json", with: ".eml"))
                return (Array(try Data(contentsOf: eml)), meta)
            }
        }
        throw CocoaError(.fileNoSuchFile)
    }

    /// How many stored messages carry `messageID` (exactly one for a correct send).
    func capturedCount(_ messageID: MessageID) throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: spool).filter { $0.hasSuffix(".json") }.count { file in
            let meta = try? JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: spool).appendingPathComponent(file))) as? [String: Any]
            return meta?["message_id"] as? String == messageID.value
        }
    }
}

/// Postfix's fault-injecting `smtp-sink`, started on a free loopback port for one test.
final class SMTPSink {
    static let path = "/usr/sbin/smtp-sink"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: path) }

    let port: Int
    private let pid: pid_t

    /// Starts `smtp-sink ARGS 127.0.0.1:PORT 64` and waits until it accepts connections.
    init(_ args: [String]) throws {
        port = try FreePort.next()
        pid = try Subprocess.spawn(Self.path, ["-u", "nobody"] + args + ["127.0.0.1:\(port)", "64"])
        for _ in 0..<200 where !FreePort.isListening(port) { usleep(20_000) }
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    deinit {
        kill(pid, SIGKILL)  // a test sink holds nothing worth a graceful stop
        _ = Subprocess.wait(pid)
    }
}

/// posix_spawn and waitpid, without Foundation's Process (whose waitUntilExit can spin when many
/// tests run at once).
enum Subprocess {
    struct Failure: Error { let message: String }

    /// Starts `path args`, with standard input, output and error from/to the given files
    /// (/dev/null when nil).
    static func spawn(_ path: String, _ args: [String], stdin: String? = nil, stdout: String? = nil, stderr: String? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // The child must not inherit this thread's blocked signals or ignored SIGPIPE.
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
        guard rc == 0 else { throw Failure(message: "cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for the process and returns its exit status (128+signal when killed).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        return 128 + (status & 0x7F)
    }

    /// Runs to completion.
    static func run(_ path: String, _ args: [String], stdin: String? = nil, stdout: String? = nil, stderr: String? = nil) throws -> Int32 {
        wait(try spawn(path, args, stdin: stdin, stdout: stdout, stderr: stderr))
    }
}

/// Loopback port helpers for tests.
enum FreePort {
    static func next() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sp in
                bind(fd, sp, len) == 0 && getsockname(fd, sp, &len) == 0
            }
        }
        guard ok else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func isListening(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

/// Fixed inputs for composing test messages.
enum Sample {
    static let date = Date(timeIntervalSince1970: 1_795_000_000)
    static let from = Mailbox(name: "Glow Lab Partnerships", address: try! MailAddress("partners@glowlab.example"))

    static func message(to: String = "ana@example.org", subject: String = "Quick collab idea", text: String = "Hi Ana,\nShort note.\n") -> MailMessage {
        var rng = SystemRandomNumberGenerator()
        return MailMessage(
            from: from, to: [Mailbox(name: "Ana Ruiz", address: try! MailAddress(to))], subject: subject,
            date: date, messageID: MessageID.make(domain: "glowlab.example", date: Date(), using: &rng), text: text)
    }
}
