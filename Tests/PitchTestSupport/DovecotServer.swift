import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real Dovecot IMAP server on loopback (Tests/Servers/dovecot_server.py), described by the JSON
/// file the script writes. When PITCHLAB_TEST_DOVECOT names such a file, that server is used;
/// otherwise the first test that asks starts a private one (as root) and the process stops it at exit.
public struct DovecotServer: Decodable, Sendable {
    public let host: String
    public let ports: [String: Int]
    public let user: String
    public let password: String
    public let caFile: String
    public let maildir: String
    public let homeRoot: String
    public let passwdFile: String
    public let testUserPrefix: String
    public let testUserPassword: String
    public let mailUID: UInt32
    public let mailGID: UInt32
    public let config: String
    public let log: String

    enum CodingKeys: String, CodingKey {
        case host, ports, user, password, maildir, config, log
        case caFile = "ca_file", homeRoot = "home_root", passwdFile = "passwd_file", testUserPrefix = "test_user_prefix",
             testUserPassword = "test_user_password", mailUID = "mail_uid", mailGID = "mail_gid"
    }

    public static let dovecotPath = "/usr/sbin/dovecot"
    public static let doveadmPath = "/usr/bin/doveadm"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Servers/dovecot_server.py").path

    /// True when a server is configured, or one can be started (Dovecot installed, running as root).
    public static var available: Bool {
        ProcessInfo.processInfo.environment["PITCHLAB_TEST_DOVECOT"] != nil
            || (FileManager.default.isExecutableFile(atPath: dovecotPath) && geteuid() == 0)
    }

    /// The server for this test process: PITCHLAB_TEST_DOVECOT's, or a private one started on first use.
    public static let shared: Result<DovecotServer, any Error> = Result {
        if let path = ProcessInfo.processInfo.environment["PITCHLAB_TEST_DOVECOT"] {
            return try JSONDecoder().decode(DovecotServer.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-dovecot-\(getpid())").path
        let out = dir + ".json"
        let status = try Subprocess.run("/usr/bin/python3", [script, "--dir", dir], stdout: out, stderr: dir + ".err")
        guard status == 0 else {
            throw Subprocess.Failure(description: "dovecot_server.py failed (\(status)): \((try? String(contentsOfFile: dir + ".err", encoding: .utf8)) ?? "")")
        }
        startedDir = dir
        atexit {
            if let dir = DovecotServer.startedDir {
                _ = try? Subprocess.run("/usr/bin/python3", [DovecotServer.script, "--dir", dir, "--stop"])
                try? FileManager.default.removeItem(atPath: dir)
                try? FileManager.default.removeItem(atPath: dir + ".json")
                try? FileManager.default.removeItem(atPath: dir + ".err")
            }
        }
        return try JSONDecoder().decode(DovecotServer.self, from: Data(contentsOf: URL(fileURLWithPath: dir + "/dovecot.json")))
    }

    nonisolated(unsafe) private static var startedDir: String?

    /// `scheme://host:port/mailbox` for the named listener (imaps, imap).
    public func url(_ listener: String = "imaps", mailbox: String = "INBOX") -> String {
        "\(listener)://\(host):\(ports[listener]!)/\(mailbox)"
    }

    /// A new user with an empty Maildir of its own, so that tests running in parallel never share
    /// a mailbox (the server lets every name with the test prefix log in).
    public func makeMailbox() throws -> TestMailbox {
        let name = testUserPrefix + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
        let maildir = homeRoot + "/\(name)/Maildir"
        for path in [homeRoot + "/\(name)", maildir, maildir + "/new", maildir + "/cur", maildir + "/tmp"] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            guard chown(path, mailUID, mailGID) == 0 else { throw POSIXError(.EPERM) }
        }
        return TestMailbox(server: self, user: name, password: testUserPassword, maildir: maildir)
    }

    /// How many IMAP logins of `user` the server has logged.
    public func loginCount(_ user: String) throws -> Int {
        let text = try String(contentsOfFile: log, encoding: .utf8)
        return text.split(separator: "\n").count { $0.contains("imap-login: Info: Login: user=<\(user)>") }
    }
}

/// One test user's Maildir INBOX.
public struct TestMailbox: Sendable {
    public let server: DovecotServer
    public let user: String
    public let password: String
    public let maildir: String

    nonisolated(unsafe) private static var counter = 0
    private static let lock = NSLock()

    /// Delivers a message the way an MDA does: written into tmp/, then renamed into new/.
    @discardableResult
    public func deliver(_ bytes: [UInt8]) throws -> String {
        let n = Self.lock.withLock { Self.counter += 1; return Self.counter }
        let name = "\(Int(Date().timeIntervalSince1970)).P\(getpid())Q\(n).pitchlab"
        let tmp = maildir + "/tmp/" + name
        guard FileManager.default.createFile(atPath: tmp, contents: Data(bytes), attributes: [.posixPermissions: 0o600]),
              chown(tmp, server.mailUID, server.mailGID) == 0,
              rename(tmp, maildir + "/new/" + name) == 0
        else { throw POSIXError(.EIO) }
        return name
    }

    /// The flags of every message, from Dovecot itself (`doveadm fetch`), by UID.
    public func flags() throws -> [UInt32: String] {
        let text = try doveadm(["fetch", "-u", user, "uid flags", "mailbox", "INBOX", "all"])
        var result: [UInt32: String] = [:]
        var uid: UInt32?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("uid: ") { uid = UInt32(line.dropFirst(5)) }
            if line.hasPrefix("flags:"), let u = uid { result[u] = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
        }
        return result
    }

    /// The Maildir file names (new/ and cur/); a seen message's name ends in `:2,…S…`.
    public func fileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: maildir + "/new") + FileManager.default.contentsOfDirectory(atPath: maildir + "/cur")
    }

    /// Ends the user's IMAP sessions on the server side (`doveadm kick`), as an idle timeout would.
    public func kick() throws {
        _ = try doveadm(["kick", user])
    }

    /// Gives INBOX a new UIDVALIDITY (`doveadm mailbox update`), as a server does after rebuilding it.
    public func setUIDValidity(_ value: UInt32) throws {
        _ = try doveadm(["mailbox", "update", "-u", user, "--uid-validity", "\(value)", "INBOX"])
    }

    /// The mailbox's UIDVALIDITY as Dovecot reports it.
    public func uidValidity() throws -> UInt32? {
        let text = try doveadm(["mailbox", "status", "-u", user, "uidvalidity", "INBOX"])
        return text.split(separator: "=").last.flatMap { UInt32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    private func doveadm(_ args: [String]) throws -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-doveadm-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let status = try Subprocess.run(DovecotServer.doveadmPath, ["-c", server.config] + args, stdout: out, stderr: out)
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard status == 0 else { throw Subprocess.Failure(description: "doveadm \(args.first ?? "") failed (\(status)): \(text)") }
        return text
    }
}
