import CCurl
import Foundation

/// Per-transfer state reached from libcurl's C callbacks through the `void *` user data.
final class TransferContext {
    let bytes: [UInt8]
    var offset = 0
    var saw354 = false
    var lines: [String] = []
    /// EHLO keywords seen on this transfer's connection(s); nil until an EHLO reply went by.
    var capabilities: Set<String>?
    /// Where the header stream stands with respect to the EHLO reply.
    var ehloState = EHLOState.idle

    enum EHLOState { case idle, awaitingReply, inReply }

    init(bytes: [UInt8]) { self.bytes = bytes }
}

/// libcurl's C callbacks: closures without captures, state through the user-data pointer.
enum CurlCallbacks {
    static let read: curl_read_callback = { buffer, size, count, userData in
        guard let buffer, let userData else { return 0 }
        let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
        let n = min(size * count, context.bytes.count - context.offset)
        if n > 0 {
            context.bytes.withUnsafeBytes { source in
                UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + context.offset, byteCount: n)
            }
            context.offset += n
        }
        return n
    }

    static let header: curl_write_callback = { data, size, count, userData in
        let n = size * count
        guard let data, let userData else { return n }
        let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
        context.lines.append(line)
        if line.hasPrefix("354") { context.saw354 = true }
        // The EHLO reply follows a 220 (greeting or STARTTLS go-ahead): its first line names the
        // server, every further line is one keyword, and the line with "250 " ends it.
        if line.hasPrefix("220") {
            context.ehloState = .awaitingReply
        } else if line.hasPrefix("250") {
            let last = line.hasPrefix("250 ")
            switch context.ehloState {
            case .idle: break
            case .awaitingReply:
                context.capabilities = []
                context.ehloState = last ? .idle : .inReply
            case .inReply:
                let keyword = line.dropFirst(4).prefix { $0.isLetter || $0.isNumber || $0 == "-" }.uppercased()
                if !keyword.isEmpty { context.capabilities?.insert(keyword) }
                if last { context.ehloState = .idle }
            }
        }
        return n
    }

    static let discard: curl_write_callback = { _, size, count, _ in size * count }
}

/// Initialises libcurl once per process, before any handle exists.
///
/// With `CURLOPT_NOSIGNAL` (needed with threads) libcurl leaves SIGPIPE alone, so a relay that
/// closes the connection mid-write would kill the process: SIGPIPE is ignored here and the write
/// fails with EPIPE instead, which the classifier handles.
enum CurlGlobal {
    static let initialized: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()
}

/// One libcurl easy handle, hence one reusable SMTP connection. Not thread-safe: the transport
/// runs each connection on its own serial queue.
final class CurlSMTPConnection: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let configuration: SMTPConfiguration
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The relay's EHLO keywords from the newest connection, once known.
    private(set) var capabilities: Set<String>?
    /// Serial queue on which every call of this connection runs.
    let queue: DispatchQueue

    init(configuration: SMTPConfiguration, index: Int) throws(TransportError) {
        guard CurlGlobal.initialized, let handle = curl_easy_init() else {
            throw TransportError(.curlUnavailable, "libcurl could not be initialised; reinstall libcurl4-openssl-dev.")
        }
        self.handle = handle
        self.configuration = configuration
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        self.queue = DispatchQueue(label: "pitchlab.smtp.\(index)")
        do {
            try configure()
        } catch {
            curl_easy_cleanup(handle)
            errorBuffer.deallocate()
            throw error
        }
    }

    deinit {
        curl_easy_cleanup(handle)  // sends QUIT on an open connection
        errorBuffer.deallocate()
    }

    private func configure() throws(TransportError) {
        let endpoint = try configuration.endpoint()
        let c = configuration
        pitchlab_curl_setopt_string(handle, CURLOPT_URL, endpoint.curlURL(ehloName: c.ehloName))
        switch endpoint.security {
        case .startTLS: pitchlab_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .implicitTLS: pitchlab_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        case .plain: pitchlab_curl_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_NONE.rawValue))
        }
        if let caFile = c.caFile { pitchlab_curl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        if let user = c.username {
            guard endpoint.security != .plain || SMTPConfiguration.isLoopback(endpoint.host) || c.allowInsecure else {
                throw TransportError(.insecureRefused, "A password would go in plain text; use STARTTLS or smtps://.")
            }
            pitchlab_curl_setopt_string(handle, CURLOPT_USERNAME, user)
            let password = try (c.password ?? .environment("PITCHLAB_SMTP_PASSWORD")).read()
            if password.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                throw TransportError(.secretUnavailable, "The SMTP password contains a control character; check the secret.")
            }
            pitchlab_curl_setopt_string(handle, CURLOPT_PASSWORD, password)
        }
        pitchlab_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        pitchlab_curl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        pitchlab_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(c.connectTimeout * 1000))
        pitchlab_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, c.responseTimeout)
        pitchlab_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(c.messageTimeout * 1000))
        pitchlab_curl_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, c.lowSpeedLimit)
        pitchlab_curl_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, c.lowSpeedTime)
        pitchlab_curl_setopt_long(handle, CURLOPT_MAXAGE_CONN, c.maxIdleSeconds)
        pitchlab_curl_setopt_read(handle, CurlCallbacks.read)
        pitchlab_curl_setopt_write(handle, CURLOPT_HEADERFUNCTION, CurlCallbacks.header)
        pitchlab_curl_setopt_write(handle, CURLOPT_WRITEFUNCTION, CurlCallbacks.discard)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    /// Sends one message; retries once on a fresh connection when a reused one turns out to be
    /// dead before any data went out (the relay closed it while idle), which is always safe.
    func send(_ message: [UInt8], envelope: Envelope) throws(TransportError) -> SendOutcome {
        if envelope.requiresSMTPUTF8 {
            if capabilities == nil { _ = try probe() }
            if capabilities?.contains("SMTPUTF8") != true {
                return .rejected(nil, reason: "the address needs SMTPUTF8 and the relay does not offer it")
            }
        }
        let (report, reused) = transfer(message, envelope: envelope, fresh: false)
        if reused, !report.saw354, report.uploaded == 0, report.curlCode != SendClassifier.ok,
           report.responseCode == 421 || report.responseCode == 0
            || [SendClassifier.sendError, SendClassifier.recvError, SendClassifier.gotNothing].contains(report.curlCode) {
            let (retry, _) = transfer(message, envelope: envelope, fresh: true)
            return try Self.resolve(retry)
        }
        return try Self.resolve(report)
    }

    private static func resolve(_ report: TransferReport) throws(TransportError) -> SendOutcome {
        switch SendClassifier.classify(report) {
        case .outcome(let outcome): return outcome
        case .configuration(let error): throw error
        }
    }

    private func transfer(_ message: [UInt8], envelope: Envelope, fresh: Bool) -> (TransferReport, reused: Bool) {
        errorBuffer[0] = 0
        let context = Unmanaged.passRetained(TransferContext(bytes: message))
        defer { context.release() }
        var recipients: UnsafeMutablePointer<curl_slist>?
        for r in envelope.recipients { recipients = curl_slist_append(recipients, "<\(r)>") }
        defer { curl_slist_free_all(recipients) }
        pitchlab_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(envelope.from)>")
        pitchlab_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_READDATA, context.toOpaque())
        pitchlab_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, context.toOpaque())
        pitchlab_curl_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count))
        pitchlab_curl_setopt_long(handle, CURLOPT_FRESH_CONNECT, fresh ? 1 : 0)
        let code = curl_easy_perform(handle)
        pitchlab_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, nil)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_READDATA, nil)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, nil)
        var response = 0
        var uploaded: curl_off_t = 0
        var connects = 0
        pitchlab_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &response)
        pitchlab_curl_getinfo_off(handle, CURLINFO_SIZE_UPLOAD_T, &uploaded)
        pitchlab_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        let ctx = context.takeUnretainedValue()
        if let caps = ctx.capabilities { capabilities = caps }
        let report = TransferReport(
            curlCode: Int(code.rawValue), responseCode: response, saw354: ctx.saw354,
            uploaded: Int(uploaded), size: message.count, replyLines: ctx.lines,
            errorText: String(cString: errorBuffer), curlMessage: String(cString: curl_easy_strerror(code)))
        return (report, connects == 0)
    }

    /// Opens (or reuses) the connection and sends NOOP, to learn the relay's EHLO keywords and
    /// check TLS and login without sending mail.
    func probe() throws(TransportError) -> ProbeResult {
        errorBuffer[0] = 0
        let context = Unmanaged.passRetained(TransferContext(bytes: []))
        defer { context.release() }
        pitchlab_curl_setopt_long(handle, CURLOPT_UPLOAD, 0)
        pitchlab_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, "NOOP")
        pitchlab_curl_setopt_long(handle, CURLOPT_NOBODY, 0)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, context.toOpaque())
        pitchlab_curl_setopt_long(handle, CURLOPT_FRESH_CONNECT, 0)
        let code = curl_easy_perform(handle)
        pitchlab_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, nil)
        pitchlab_curl_setopt_long(handle, CURLOPT_UPLOAD, 1)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, nil)
        var response = 0
        pitchlab_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &response)
        let ctx = context.takeUnretainedValue()
        if let caps = ctx.capabilities { capabilities = caps }
        let report = TransferReport(
            curlCode: Int(code.rawValue), responseCode: response, saw354: false, uploaded: 0, size: 0,
            replyLines: ctx.lines, errorText: String(cString: errorBuffer),
            curlMessage: String(cString: curl_easy_strerror(code)))
        switch SendClassifier.classify(report) {
        case .configuration(let error): throw error
        case .outcome(.accepted):
            if configuration.username != nil, capabilities?.contains("AUTH") == false {
                // libcurl skips the login silently when AUTH is not offered (often before STARTTLS).
                throw TransportError(.relayRefusedSession, "The relay does not offer AUTH on this connection, so the login would be skipped; use STARTTLS or smtps:// (TLS is off for loopback unless required), or drop the user name.")
            }
            let greeting = ctx.lines.first { $0.hasPrefix("220") }.flatMap(SMTPReply.init(line:))
            return ProbeResult(greeting: greeting, capabilities: capabilities ?? [])
        case .outcome(let other):
            throw TransportError(.relayRefusedSession, "The relay could not be reached or refused the session (\(other.reply?.description ?? (report.errorText.isEmpty ? report.curlMessage : report.errorText))); check the host, the port and that the relay is running.")
        }
    }
}

/// What a probe learned about the relay.
public struct ProbeResult: Sendable, Equatable {
    /// The 220 greeting.
    public let greeting: SMTPReply?
    /// EHLO keywords (SIZE, SMTPUTF8, STARTTLS, AUTH, 8BITMIME…).
    public let capabilities: Set<String>
}
