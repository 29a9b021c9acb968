import Foundation

/// Where a password comes from: never the configuration file or the database.
public enum SecretSource: Sendable, Equatable {
    /// An environment variable, by name.
    case environment(String)
    /// A file readable by its owner only (mode 0600 or stricter); its first line is the secret.
    case file(String)

    /// Reads the secret; the error names the variable or file, never the value.
    public func read(environment: [String: String] = ProcessInfo.processInfo.environment) throws(TransportError) -> String {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw TransportError(.secretUnavailable, "The environment variable \(name) that should hold the SMTP password is not set; export it or use a 0600 secrets file.")
            }
            return value
        case .file(let path):
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let mode = attributes[.posixPermissions] as? Int
            else {
                throw TransportError(.secretUnavailable, "The secrets file \(path) cannot be read; check the path.")
            }
            guard mode & 0o077 == 0 else {
                throw TransportError(.secretUnavailable, "The secrets file \(path) is readable by others (mode \(String(mode, radix: 8))); run chmod 600 on it.")
            }
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8),
                  let line = text.split(whereSeparator: \.isNewline).first, !line.isEmpty
            else {
                throw TransportError(.secretUnavailable, "The secrets file \(path) is empty or not UTF-8; put the password on its first line.")
            }
            return String(line)
        }
    }
}

/// How to reach and talk to the relay: URL, TLS policy, credentials, timeouts, connections.
public struct SMTPConfiguration: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: Sendable, Equatable {
        /// `smtp://` with STARTTLS required (the default for any non-loopback host).
        case startTLS
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
        /// No TLS: only to loopback, or with the explicit insecure flag.
        case plain
    }

    /// `smtp://host[:port]` or `smtps://host[:port]`.
    public var url: String
    /// The name sent with EHLO; libcurl's host name when nil.
    public var ehloName: String?
    /// The login, when the relay needs one.
    public var username: String?
    /// Where the password is read from, when there is a login.
    public var password: SecretSource?
    /// Allow plain text to a host that is not loopback (never the default).
    public var allowInsecure: Bool
    /// Require STARTTLS even on loopback.
    public var requireTLSOnLoopback: Bool
    /// A CA bundle for the relay's certificate; the system store when nil.
    public var caFile: String?
    /// TCP connect plus TLS handshake limit.
    public var connectTimeout: Double
    /// Limit for each reply of the relay (libcurl's default is 120 s; RFC 5321 suggests up to 10 min after the dot).
    public var responseTimeout: Int
    /// Hard limit for one message, connection and retry included.
    public var messageTimeout: Double
    /// Abort a body upload slower than `lowSpeedLimit` bytes/s for `lowSpeedTime` seconds.
    public var lowSpeedLimit: Int
    /// See ``lowSpeedLimit``.
    public var lowSpeedTime: Int
    /// A connection idle longer than this is replaced before use (keep it below the relay's idle timeout).
    public var maxIdleSeconds: Int
    /// How many connections to keep open in parallel.
    public var connections: Int

    public init(
        url: String, ehloName: String? = nil, username: String? = nil, password: SecretSource? = nil,
        allowInsecure: Bool = false, requireTLSOnLoopback: Bool = false, caFile: String? = nil,
        connectTimeout: Double = 15, responseTimeout: Int = 120, messageTimeout: Double = 300,
        lowSpeedLimit: Int = 64, lowSpeedTime: Int = 60, maxIdleSeconds: Int = 25, connections: Int = 1
    ) {
        self.url = url
        self.ehloName = ehloName
        self.username = username
        self.password = password
        self.allowInsecure = allowInsecure
        self.requireTLSOnLoopback = requireTLSOnLoopback
        self.caFile = caFile
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.messageTimeout = messageTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.maxIdleSeconds = maxIdleSeconds
        self.connections = connections
    }

    /// The parts of the URL that matter, checked.
    public struct Endpoint: Sendable, Equatable {
        public let scheme: String
        public let host: String
        public let port: Int
        public let security: Security

        /// The URL handed to libcurl: scheme, host, port and the EHLO name as path.
        func curlURL(ehloName: String?) -> String {
            let hostPart = host.contains(":") ? "[\(host)]" : host
            return "\(scheme)://\(hostPart):\(port)/\(ehloName ?? "")"
        }
    }

    /// Checks the URL and the TLS policy; the error says what to change.
    public func endpoint() throws(TransportError) -> Endpoint {
        for (value, name) in [(url, "SMTP URL"), (ehloName ?? "", "EHLO name"), (username ?? "", "SMTP user name")]
        where value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw TransportError(.badURL, "The \(name) contains a control character; remove it.")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else {
            throw TransportError(.badURL, "The SMTP URL is not of the form smtp://host:port or smtps://host:port; fix it in pitchlab.yaml or PITCHLAB_SMTP_URL.")
        }
        if components.user != nil || components.password != nil {
            throw TransportError(.badURL, "The SMTP URL holds a user name or password; put the user in the configuration and the password in an environment variable.")
        }
        let loopback = Self.isLoopback(host)
        let security: Security
        switch scheme {
        case "smtps": security = .implicitTLS
        case "smtp":
            security = (loopback && !requireTLSOnLoopback) || allowInsecure ? .plain : .startTLS
        default:
            throw TransportError(.badURL, "The SMTP URL scheme \(scheme) is not supported; use smtp:// (STARTTLS) or smtps:// (TLS).")
        }
        if let ehlo = ehloName, ehlo.contains("/") || ehlo.contains(" ") {
            throw TransportError(.badURL, "The EHLO name may not contain spaces or slashes; use the sending host's domain name.")
        }
        let port = components.port ?? (scheme == "smtps" ? 465 : 587)
        return Endpoint(scheme: scheme, host: host, port: port, security: security)
    }

    /// True for 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingCharacters(in: "[]")
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".")
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
