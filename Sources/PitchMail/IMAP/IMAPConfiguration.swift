import Foundation

/// How to reach and read the reply mailbox: URL, TLS policy, credentials, timeouts, batch sizes.
public struct IMAPConfiguration: Sendable, Equatable {
    /// How the connection is protected.
    public enum Security: Sendable, Equatable {
        /// `imaps://`: TLS from the first byte.
        case implicitTLS
        /// `imap://` with STARTTLS required (the default).
        case startTLS
        /// `imap://` without TLS: only to a loopback host, and only with ``allowPlaintextOnLoopback``.
        case plain
    }

    /// `imaps://host[:port]/MAILBOX` or `imap://host[:port]/MAILBOX` (STARTTLS); the mailbox is
    /// percent-encoded UTF-8 and defaults to INBOX.
    public var url: String
    /// The login.
    public var username: String
    /// Where the password is read from.
    public var password: SecretSource
    /// A CA bundle for the server's certificate; the system store when nil.
    public var caFile: String?
    /// Allow `imap://` without STARTTLS, to 127.0.0.0/8, ::1 or localhost only (tests).
    public var allowPlaintextOnLoopback: Bool
    /// TCP connect plus TLS handshake limit, in seconds.
    public var connectTimeout: Double
    /// Limit for each command's whole reply, in seconds. A chunk of message bodies is one reply, so
    /// keep this above `chunkBytes` divided by the slowest expected transfer rate.
    public var responseTimeout: Int
    /// At most this many messages per fetch; the rest come with the next fetch (`hasMore`).
    public var maxMessagesPerFetch: Int
    /// At most this many messages per `UID FETCH` command.
    public var chunkMessages: Int
    /// At most this many bytes of messages per `UID FETCH` command; a bigger message is read alone by
    /// libcurl's URL fetch. libcurl 7.88 as patched by Debian fails a reply whose lines pass 300 KiB
    /// (about 1 KiB more per response), hence the limit of 256 KiB.
    public var chunkBytes: Int
    /// At most this many messages per listing command (`FETCH s:e (UID RFC822.SIZE)`), for the same limit.
    public var listWindow: Int
    /// A kept connection idle for longer than this is replaced (keep it below the server's autologout).
    public var maxIdleSeconds: Int
    /// libcurl's receive buffer (`CURLOPT_BUFFERSIZE`, 16 KiB to 10 MiB). libcurl keeps only 40 bytes
    /// of a response line longer than half of it, so a message that could hold such a line is read by
    /// URL fetch instead of within a chunk.
    public var receiveBufferSize: Int

    public init(
        url: String, username: String, password: SecretSource = .environment("PITCHLAB_IMAP_PASSWORD"),
        caFile: String? = nil, allowPlaintextOnLoopback: Bool = false, connectTimeout: Double = 15,
        responseTimeout: Int = 120, maxMessagesPerFetch: Int = 1000, chunkMessages: Int = 50,
        chunkBytes: Int = 128 << 10, listWindow: Int = 100, maxIdleSeconds: Int = 60, receiveBufferSize: Int = 1 << 20
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.caFile = caFile
        self.allowPlaintextOnLoopback = allowPlaintextOnLoopback
        self.connectTimeout = connectTimeout
        self.responseTimeout = responseTimeout
        self.maxMessagesPerFetch = maxMessagesPerFetch
        self.chunkMessages = chunkMessages
        self.chunkBytes = chunkBytes
        self.listWindow = listWindow
        self.maxIdleSeconds = maxIdleSeconds
        self.receiveBufferSize = receiveBufferSize
    }

    /// The biggest message read within a `UID FETCH` chunk; bigger ones go by URL fetch.
    var customFetchLimit: Int { min(chunkBytes, receiveBufferSize / 2 - 4096) }

    /// The parts of the URL that matter, checked.
    public struct Endpoint: Sendable, Equatable {
        public let scheme: String
        public let host: String
        public let port: Int
        public let security: Security
        /// The mailbox name as sent to the server (modified UTF-7, RFC 3501 §5.1.3).
        public let mailbox: String

        private var base: String {
            let hostPart = host.contains(":") ? "[\(host)]" : host
            return "\(scheme)://\(hostPart):\(port)"
        }

        /// The URL for custom commands: no mailbox, so libcurl selects nothing itself.
        var commandURL: String { base + "/" }

        /// The URL naming the mailbox: libcurl SELECTs it once per connection before the command.
        var mailboxURL: String { base + "/" + Self.percentEncoded(mailbox) }

        /// libcurl's own fetch of one whole message (`UID FETCH uid BODY[]`).
        func messageURL(uid: UInt32) -> String { mailboxURL + ";UID=\(uid)" }

        /// `EXAMINE "mailbox"`, ready for CURLOPT_CUSTOMREQUEST (which libcurl percent-decodes).
        var examineCommand: String {
            let quoted = "\"" + mailbox.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            return "EXAMINE " + quoted.replacingOccurrences(of: "%", with: "%25")
        }

        static func percentEncoded(_ s: String) -> String {
            var out = ""
            for byte in s.utf8 {
                let c = Character(Unicode.Scalar(byte))
                if byte < 0x80, c.isLetter || c.isNumber || "-._~".contains(c) { out.append(c) }
                else { out += String(format: "%%%02X", byte) }
            }
            return out
        }
    }

    /// Checks the URL, the TLS policy and the limits; the error says what to change.
    public func endpoint() throws(IMAPError) -> Endpoint {
        for (value, name) in [(url, "IMAP URL"), (username, "IMAP user name")]
        where value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw IMAPError(.badConfiguration, "The \(name) contains a control character; remove it.")
        }
        if username.isEmpty { throw IMAPError(.badConfiguration, "The IMAP user name is empty; set it in the configuration.") }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else {
            throw IMAPError(.badConfiguration, "The IMAP URL is not of the form imaps://host:port/INBOX or imap://host:port/INBOX; fix it.")
        }
        if components.user != nil || components.password != nil {
            throw IMAPError(.badConfiguration, "The IMAP URL holds a user name or password; put the user in the configuration and the password in an environment variable or secrets file.")
        }
        if components.query != nil || components.fragment != nil || components.percentEncodedPath.contains(";") {
            throw IMAPError(.badConfiguration, "The IMAP URL may only name a mailbox (no ;UID=, ?search or #); use imaps://host:port/MAILBOX.")
        }
        let security: Security
        switch scheme {
        case "imaps": security = .implicitTLS
        case "imap": security = allowPlaintextOnLoopback && SMTPConfiguration.isLoopback(host) ? .plain : .startTLS
        default:
            throw IMAPError(.badConfiguration, "The IMAP URL scheme \(scheme) is not supported; use imaps:// (TLS) or imap:// (STARTTLS).")
        }
        var path = components.path  // percent-decoded
        while path.hasPrefix("/") { path.removeFirst() }
        if path.isEmpty { path = "INBOX" }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw IMAPError(.badConfiguration, "The mailbox name in the IMAP URL contains a control character; remove it.")
        }
        let checks: [(Bool, String)] = [
            (connectTimeout > 0 && responseTimeout > 0, "The IMAP timeouts must be positive."),
            (maxMessagesPerFetch > 0 && chunkMessages > 0 && chunkBytes > 0 && listWindow > 0, "The IMAP batch sizes must be positive."),
            (chunkMessages <= 100 && listWindow <= 100 && chunkBytes <= 256 << 10, "IMAP chunks may hold at most 100 messages and 256 KiB (libcurl's per-reply limit)."),
            ((16 << 10 ... 10 << 20).contains(receiveBufferSize), "The IMAP receive buffer must be between 16 KiB and 10 MiB."),
        ]
        for (ok, sentence) in checks where !ok { throw IMAPError(.badConfiguration, sentence) }
        let port = components.port ?? (scheme == "imaps" ? 993 : 143)
        return Endpoint(scheme: scheme, host: host, port: port, security: security, mailbox: ModifiedUTF7.encode(path))
    }
}

/// IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable ASCII stays as is ("&"
/// becomes "&-"), everything else is UTF-16 in base64 with "," for "/" between "&" and "-".
enum ModifiedUTF7 {
    static func encode(_ name: String) -> String {
        var out = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes += [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
            let b64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "/", with: ",").replacingOccurrences(of: "=", with: "")
            out += "&" + b64 + "-"
            pending = []
        }
        for scalar in name.unicodeScalars {
            if (0x20...0x7E).contains(scalar.value) {
                flush()
                out += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending += Array(String(scalar).utf16)
            }
        }
        flush()
        return out
    }
}

extension SecretSource {
    /// Reads the IMAP password; the error names the variable or file, never the value.
    func readIMAPPassword() throws(IMAPError) -> String {
        let secret: String
        switch self {
        case .environment(let name):
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw IMAPError(.secretUnavailable, "The environment variable \(name) that should hold the IMAP password is not set; export it or use a 0600 secrets file.")
            }
            secret = value
        case .file:
            do { secret = try read() } catch { throw IMAPError(.secretUnavailable, error.message) }
        }
        if secret.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw IMAPError(.secretUnavailable, "The IMAP password contains a control character; check the secret.")
        }
        return secret
    }
}
