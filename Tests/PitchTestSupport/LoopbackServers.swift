import Foundation

/// The real SMTP servers that `make test` starts on loopback (Tests/Servers/smtp_servers.py),
/// described by the JSON file that PITCHLAB_TEST_SERVERS names.
public struct LoopbackServers: Decodable, Sendable {
    public let host: String
    public let ports: [String: Int]
    public let spool: String
    public let caFile: String
    public let user: String
    public let password: String

    enum CodingKeys: String, CodingKey {
        case host, ports, spool, user, password
        case caFile = "ca_file"
    }

    /// Loaded from PITCHLAB_TEST_SERVERS; nil when the tests run without the servers.
    public static let shared: LoopbackServers? = {
        guard let path = ProcessInfo.processInfo.environment["PITCHLAB_TEST_SERVERS"] else { return nil }
        return try? load(path)
    }()

    /// Reads a servers.json file.
    public static func load(_ path: String) throws -> LoopbackServers {
        try JSONDecoder().decode(LoopbackServers.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// `scheme://host:port` of the named server (plain, plain_ascii, starttls, smtps, idle_421).
    public func url(_ name: String, scheme: String = "smtp") -> String { "\(scheme)://\(host):\(ports[name]!)" }

    /// The plain server's URL.
    public var plainURL: String { url("plain") }

    /// Every stored message's envelope record (mail_from, rcpt_tos, message_id, smtputf8, peer_port), in order.
    public func envelopes() throws -> [(file: String, meta: [String: Any])] {
        try FileManager.default.contentsOfDirectory(atPath: spool).filter { $0.hasSuffix(".json") }.sorted().compactMap { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: spool).appendingPathComponent(file))
            return (try JSONSerialization.jsonObject(with: data) as? [String: Any]).map { (file, $0) }
        }
    }

    /// The raw message and envelope the server stored under `messageID` (without angle brackets).
    public func captured(_ messageID: String) throws -> (raw: [UInt8], envelope: [String: Any])? {
        for (file, meta) in try envelopes() where meta["message_id"] as? String == messageID {
            let eml = URL(fileURLWithPath: spool).appendingPathComponent(file.replacingOccurrences(of: ".json", with: ".eml"))
            return (Array(try Data(contentsOf: eml)), meta)
        }
        return nil
    }

    /// How many stored messages carry `messageID` (exactly one for a correct send).
    public func capturedCount(_ messageID: String) throws -> Int {
        try envelopes().count { $0.meta["message_id"] as? String == messageID }
    }
}
