import CCurl
import Foundation

/// State reached from libcurl's header callback while it connects: the reply lines and the EHLO
/// keywords.
final class TransferContext {
    var lines: [String] = []
    /// EHLO keywords seen on this connection; nil until an EHLO reply went by.
    var capabilities: Set<String>?
    /// Where the header stream stands with respect to the EHLO reply.
    var ehloState = EHLOState.idle

    enum EHLOState { case idle, awaitingReply, inReply }
}

/// libcurl's C callbacks: closures without captures, state through the user-data pointer.
enum CurlCallbacks {
    static let header: curl_write_callback = { data, size, count, userData in
        let n = size * count
        guard let data, let userData else { return n }
        let context = Unmanaged<TransferContext>.fromOpaque(userData).takeUnretainedValue()
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
        context.lines.append(line)
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
/// fails with EPIPE instead.
enum CurlGlobal {
    static let initialized: Bool = {
        signal(SIGPIPE, SIG_IGN)
        return curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()
}

/// One SMTP connection. libcurl opens it (TCP, STARTTLS or implicit TLS, EHLO, AUTH: the
/// `CURLOPT_CONNECT_ONLY` phase) and carries every byte (`curl_easy_send`/`curl_easy_recv`); this
/// type speaks the mail transaction itself, so that it can pipeline MAIL, RCPT and DATA when the
/// relay offers PIPELINING (RFC 2920) and knows exactly whether the final dot went out.
///
/// Not thread-safe: the transport runs each connection on its own serial queue.
final class CurlSMTPConnection: @unchecked Sendable {
    private var handle: UnsafeMutableRawPointer
    private let configuration: SMTPConfiguration
    private let endpoint: SMTPConfiguration.Endpoint
    private let password: String?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var receiveBuffer = [UInt8](repeating: 0, count: 16_384)
    private var reader = SMTPReplyReader()
    private var socket: curl_socket_t = -1
    private var connected = false
    private var lastUsed = ContinuousClock.now
    /// The job whose envelope already went out behind the previous message's data (pipelining).
    private var pipelinedJob: UInt64?
    /// The hard limit for the message being sent (`messageTimeout`).
    private var messageDeadline: ContinuousClock.Instant?
    /// The relay's EHLO keywords on the current connection, once known.
    private(set) var capabilities: Set<String>?
    /// The relay's 220 greeting on the current connection.
    private var greeting: SMTPReply?
    /// Serial queue on which every call of this connection runs.
    let queue: DispatchQueue

    init(configuration: SMTPConfiguration, index: Int) throws(TransportError) {
        guard CurlGlobal.initialized else {
            throw TransportError(.curlUnavailable, "libcurl could not be initialised; reinstall libcurl4-openssl-dev.")
        }
        self.configuration = configuration
        self.endpoint = try configuration.endpoint()
        if configuration.username != nil {
            guard endpoint.security != .plain || SMTPConfiguration.isLoopback(endpoint.host) || configuration.allowInsecure else {
                throw TransportError(.insecureRefused, "A password would go in plain text; use STARTTLS or smtps://.")
            }
            let secret = try (configuration.password ?? .environment("PITCHLAB_SMTP_PASSWORD")).read()
            if secret.unicodeScalars.contains(where: { $0.value < 0x20 }) {
                throw TransportError(.secretUnavailable, "The SMTP password contains a control character; check the secret.")
            }
            password = secret
        } else {
            password = nil
        }
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        queue = DispatchQueue(label: "pitchlab.smtp.\(index)")
        guard let handle = curl_easy_init() else {
            errorBuffer.deallocate()
            throw TransportError(.curlUnavailable, "libcurl could not create a handle; the process may be out of memory.")
        }
        self.handle = handle
        configure()
    }

    deinit {
        curl_easy_cleanup(handle)  // closes the connection (libcurl says QUIT when it can)
        errorBuffer.deallocate()
    }

    private func configure() {
        let c = configuration
        pitchlab_curl_setopt_string(handle, CURLOPT_URL, endpoint.curlURL(ehloName: c.ehloName))
        pitchlab_curl_setopt_long(handle, CURLOPT_CONNECT_ONLY, 1)
        pitchlab_curl_setopt_long(
            handle, CURLOPT_USE_SSL, Int(endpoint.security == .plain ? CURLUSESSL_NONE.rawValue : CURLUSESSL_ALL.rawValue))
        if let caFile = c.caFile { pitchlab_curl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        if let user = c.username, let password {
            pitchlab_curl_setopt_string(handle, CURLOPT_USERNAME, user)
            pitchlab_curl_setopt_string(handle, CURLOPT_PASSWORD, password)
        }
        pitchlab_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        pitchlab_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(c.connectTimeout * 1000))
        pitchlab_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, c.responseTimeout)
        pitchlab_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int((c.connectTimeout + Double(c.responseTimeout)) * 1000))
        pitchlab_curl_setopt_write(handle, CURLOPT_HEADERFUNCTION, CurlCallbacks.header)
        pitchlab_curl_setopt_write(handle, CURLOPT_WRITEFUNCTION, CurlCallbacks.discard)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    // MARK: - Connection lifecycle

    /// Opens the connection through libcurl; a network failure comes back as a deferral, a
    /// configuration failure (TLS, login) as an error.
    private func connect() throws(TransportError) -> SendOutcome? {
        errorBuffer[0] = 0
        let context = Unmanaged.passRetained(TransferContext())
        defer { context.release() }
        pitchlab_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, context.toOpaque())
        let code = curl_easy_perform(handle)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, nil)
        let ctx = context.takeUnretainedValue()
        if code != CURLE_OK {
            var response = 0
            pitchlab_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &response)
            let report = TransferReport(
                curlCode: Int(code.rawValue), responseCode: response, replyLines: ctx.lines, errorText: String(cString: errorBuffer),
                curlMessage: String(cString: curl_easy_strerror(code)))
            reset()
            switch SendClassifier.classify(report) {
            case .configuration(let error): throw error
            case .outcome(.accepted): return .deferred(nil, reason: "the relay did not complete the session set-up")
            case .outcome(let outcome): return outcome
            }
        }
        capabilities = ctx.capabilities ?? []
        greeting = ctx.lines.first { $0.hasPrefix("220") }.flatMap(SMTPReply.init(line:))
        if configuration.username != nil, capabilities?.contains("AUTH") == false {
            reset()
            // libcurl skips the login silently when AUTH is not offered (often before STARTTLS).
            throw TransportError(.relayRefusedSession, "The relay does not offer AUTH on this connection, so the login would be skipped; use STARTTLS or smtps:// (TLS is off for loopback unless required), or drop the user name.")
        }
        var socket: curl_socket_t = -1
        pitchlab_curl_getinfo_socket(handle, &socket)
        self.socket = socket
        reader = SMTPReplyReader()
        connected = true
        lastUsed = .now
        return nil
    }

    /// Drops the connection and starts a fresh handle for the next one. The socket is shut down
    /// first: the connection is broken or unwanted, and libcurl's polite QUIT would otherwise wait
    /// for a reply from a relay that may never send one.
    private func reset() {
        if connected && socket >= 0 { shutdown(socket, Int32(SHUT_RDWR)) }
        curl_easy_cleanup(handle)
        handle = curl_easy_init()!
        configure()
        connected = false
        socket = -1
        reader = SMTPReplyReader()
        pipelinedJob = nil
    }

    /// A kept connection is not reused when it sat idle too long, or when the relay has said
    /// something unasked (a 421 before closing) or closed it.
    private var isStale: Bool {
        guard connected else { return false }
        if ContinuousClock.now - lastUsed > .seconds(configuration.maxIdleSeconds) { return true }
        var fd = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) != 0
    }

    // MARK: - Wire

    /// When the current wait must end: the per-reply limit, capped by the message's hard limit.
    private func deadline() -> ContinuousClock.Instant {
        let reply = ContinuousClock.now + .seconds(configuration.responseTimeout)
        guard let messageDeadline else { return reply }
        return min(reply, messageDeadline)
    }

    private func wait(for events: Int32, until deadline: ContinuousClock.Instant) -> Bool {
        let left = deadline - .now
        guard left > .zero else { return false }
        let ms = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
        var fd = pollfd(fd: socket, events: Int16(events), revents: 0)
        return poll(&fd, 1, ms) > 0
    }

    /// Writes all of `bytes`; the reason when the connection failed first.
    private func write(_ bytes: [UInt8]) -> String? { writeCounting(bytes)?.reason }

    /// Writes all of `bytes`; on failure, the reason and how many bytes had been handed over.
    private func writeCounting(_ bytes: [UInt8]) -> (reason: String, written: Int)? {
        var offset = 0
        var limit = deadline()
        let started = ContinuousClock.now
        let lowSpeedWindow = Duration.seconds(configuration.lowSpeedTime)
        while offset < bytes.count {
            var sent = 0
            let code = bytes.withUnsafeBytes { curl_easy_send(handle, $0.baseAddress! + offset, bytes.count - offset, &sent) }
            if code == CURLE_OK && sent > 0 {
                offset += sent
                limit = deadline()  // progress resets the stall limit
                let elapsed = ContinuousClock.now - started
                if elapsed > lowSpeedWindow,
                   Double(offset) / (Double(elapsed.components.seconds) + 1e-18 * Double(elapsed.components.attoseconds)) < Double(configuration.lowSpeedLimit) {
                    return ("the upload ran slower than \(configuration.lowSpeedLimit) bytes/s for \(configuration.lowSpeedTime) s", offset)
                }
            } else if code == CURLE_AGAIN || (code == CURLE_OK && sent == 0) {
                if !wait(for: POLLOUT, until: limit) { return ("the relay took no data for \(configuration.responseTimeout) s", offset) }
            } else {
                return ("the connection failed while sending (\(String(cString: curl_easy_strerror(code))))", offset)
            }
        }
        return nil
    }

    /// Reads one complete reply; the reason when none came.
    ///
    /// On a plain connection the socket is polled before reading, since a reply to what was just
    /// written cannot be there yet. Over TLS, libcurl may hold decrypted bytes the socket no longer
    /// shows, so there it reads first and polls only when nothing is buffered.
    private func readReply() -> Result<SMTPReply, WireFailure> {
        let limit = deadline()
        var pollFirst = endpoint.security == .plain
        while true {
            if let next = reader.next() { return .success(next.reply) }
            if pollFirst {
                pollFirst = false
                if !wait(for: POLLIN, until: limit) {
                    return .failure(WireFailure("no reply within \(configuration.responseTimeout) s"))
                }
            }
            var received = 0
            let code = receiveBuffer.withUnsafeMutableBytes { curl_easy_recv(handle, $0.baseAddress!, $0.count, &received) }
            if code == CURLE_OK {
                if received == 0 { return .failure(WireFailure("the relay closed the connection")) }
                receiveBuffer.withUnsafeBytes { reader.feed(UnsafeRawBufferPointer(rebasing: $0[0..<received])) }
            } else if code == CURLE_AGAIN {
                if !wait(for: POLLIN, until: limit) {
                    return .failure(WireFailure("no reply within \(configuration.responseTimeout) s"))
                }
            } else {
                return .failure(WireFailure("the connection failed while reading (\(String(cString: curl_easy_strerror(code))))"))
            }
        }
    }

    struct WireFailure: Error { let reason: String; init(_ reason: String) { self.reason = reason } }

    // MARK: - Mail transaction

    /// One message to send, with the callback that receives its outcome.
    struct SendJob: Sendable {
        let id: UInt64
        let message: [UInt8]
        let envelope: Envelope
        let complete: @Sendable (Result<SendOutcome, TransportError>) -> Void
    }

    /// Sends queued jobs in order. When the relay pipelines, each message's data is followed in
    /// the same write by the next message's envelope (RFC 2920 allows message content first in a
    /// group), so a steady stream costs one round trip per message.
    func run(_ jobs: [SendJob]) {
        for (i, job) in jobs.enumerated() {
            let next = i + 1 < jobs.count ? jobs[i + 1] : nil
            do {
                job.complete(.success(try send(job.message, envelope: job.envelope, id: job.id, next: next)))
            } catch {
                job.complete(.failure(error))
            }
        }
    }

    /// Sends one message. A failure before any data went out on a reused connection (the relay
    /// dropped it while idle) is retried once on a fresh connection, which is always safe.
    func send(_ message: [UInt8], envelope: Envelope, id: UInt64 = 0, next: SendJob? = nil) throws(TransportError) -> SendOutcome {
        var retried = false
        messageDeadline = .now + .seconds(configuration.messageTimeout)
        defer { messageDeadline = nil }
        while true {
            let envelopeSent = connected && pipelinedJob == id && id != 0
            pipelinedJob = nil
            // A connection with our own pipelined commands in flight is readable by design.
            if !envelopeSent && isStale { reset() }
            let reused = connected
            if !connected, let failure = try connect() { return failure }
            if envelope.requiresSMTPUTF8 && capabilities?.contains("SMTPUTF8") != true {
                return .rejected(nil, reason: "the address needs SMTPUTF8 and the relay does not offer it")
            }
            switch try transaction(message, envelope: envelope, envelopeSent: envelopeSent, next: next) {
            case .beforeData(let reply, let reason):
                reset()
                if reused && !retried {
                    retried = true
                    continue
                }
                return .deferred(reply, reason: reason)
            case .finished(let outcome, let keep, let nextEnvelopeSent):
                if keep {
                    lastUsed = .now
                    if nextEnvelopeSent, let next { pipelinedJob = next.id }
                } else {
                    reset()
                }
                return outcome
            }
        }
    }

    private enum TransactionResult {
        /// The connection failed (or said 421) before any message data: safe to retry.
        case beforeData(SMTPReply?, reason: String)
        /// An outcome; whether the connection can carry the next message, and whether the next
        /// message's envelope already went out behind this one's data.
        case finished(SendOutcome, keep: Bool, nextEnvelopeSent: Bool = false)
    }

    private func transaction(
        _ message: [UInt8], envelope: Envelope, envelopeSent: Bool, next: SendJob?
    ) throws(TransportError) -> TransactionResult {
        let caps = capabilities ?? []
        let commands = SMTPWire.envelopeCommands(
            envelope, size: caps.contains("SIZE") ? message.count : nil, smtpUTF8: envelope.requiresSMTPUTF8)
        var replies: [SMTPReply] = []
        if caps.contains("PIPELINING") {
            if !envelopeSent, let failure = write(commands.flatMap { $0 }) { return .beforeData(nil, reason: failure) }
            for _ in commands {
                switch readReply() {
                case .success(let reply): replies.append(reply)
                case .failure(let failure): return try lostDuringEnvelope(replies, failure)
                }
            }
        } else {
            for command in commands {
                if let failure = write(command) { return .beforeData(nil, reason: failure) }
                switch readReply() {
                case .success(let reply): replies.append(reply)
                case .failure(let failure): return try lostDuringEnvelope(replies, failure)
                }
                if !(200..<400).contains(replies.last!.code) { break }
            }
        }
        if let closing = replies.first(where: { $0.code == 421 }) {
            return .beforeData(closing, reason: "the relay is closing the connection (421)")
        }
        let dataReply = replies.count == commands.count ? replies.last : nil
        let refused = replies.prefix(commands.count - 1).first { !(200..<300).contains($0.code) }
            ?? (dataReply?.code == 354 ? nil : replies.last)
        if let refused {
            // DATA was accepted although a command before it was refused: closing the connection
            // without the final dot makes the relay discard the transaction (an empty data phase
            // could deliver an empty message to recipients that were accepted).
            if dataReply?.code == 354 { return .finished(try outcome(for: refused), keep: false) }
            let clean = write(Array("RSET\r\n".utf8)) == nil && (try? readReply().get())?.code == 250
            return .finished(try outcome(for: refused), keep: clean)
        }
        var data = SMTPWire.dotStuffed(message)
        let endOfData = data.count
        var nextEnvelopeSent = false
        if let next, caps.contains("PIPELINING"), !next.envelope.requiresSMTPUTF8 || caps.contains("SMTPUTF8") {
            data += SMTPWire.envelopeCommands(
                next.envelope, size: caps.contains("SIZE") ? next.message.count : nil,
                smtpUTF8: next.envelope.requiresSMTPUTF8).flatMap { $0 }
            nextEnvelopeSent = true
        }
        if let (failure, written) = writeCounting(data) {
            if written >= endOfData {
                return .finished(.ambiguous(reason: "the whole message went out and the connection failed right after (\(failure)); it may have been delivered"), keep: false)
            }
            return .finished(.deferred(nil, reason: "\(failure) before the end of the data, so nothing was delivered; safe to retry"), keep: false)
        }
        switch readReply() {
        case .success(let reply) where (200..<300).contains(reply.code):
            return .finished(.accepted(reply), keep: true, nextEnvelopeSent: nextEnvelopeSent)
        case .success(let reply) where (400..<500).contains(reply.code):
            return .finished(
                .deferred(reply, reason: "the relay refused the message after its data with a temporary error"),
                keep: reply.code != 421, nextEnvelopeSent: nextEnvelopeSent)
        case .success(let reply):
            return .finished(.rejected(reply, reason: "the relay refused the message after its data"), keep: true, nextEnvelopeSent: nextEnvelopeSent)
        case .failure(let failure):
            return .finished(.ambiguous(reason: "the whole message went out and no final reply came (\(failure.reason)); it may have been delivered"), keep: false)
        }
    }

    /// The connection went away before all envelope replies came: a 421 or a refusal already
    /// received decides the outcome; otherwise it is a safe-to-retry network failure.
    private func lostDuringEnvelope(_ replies: [SMTPReply], _ failure: WireFailure) throws(TransportError) -> TransactionResult {
        if let closing = replies.first(where: { $0.code == 421 }) {
            return .beforeData(closing, reason: "the relay is closing the connection (421)")
        }
        if let refused = replies.first(where: { !(200..<400).contains($0.code) }) {
            return .finished(try outcome(for: refused), keep: false)
        }
        return .beforeData(nil, reason: failure.reason)
    }

    /// The outcome of a refusal before the data.
    private func outcome(for reply: SMTPReply) throws(TransportError) -> SendOutcome {
        switch reply.code {
        case 530, 534, 538:
            throw TransportError(.relayRefusedSession, "The relay requires authentication or TLS before it takes mail (\(reply.description)); set the user name and password, and use STARTTLS or smtps://.")
        case 400..<500: return .deferred(reply, reason: "the relay answered with a temporary error before the data")
        default: return .rejected(reply, reason: "the relay refused the message before the data")
        }
    }

    /// Connects (or reuses the connection) and sends NOOP, to learn the relay's EHLO keywords and
    /// check TLS and login without sending mail.
    func probe() throws(TransportError) -> ProbeResult {
        if isStale { reset() }
        if !connected, let failure = try connect() {
            throw TransportError(.relayRefusedSession, "The relay could not be reached or refused the session (\(failure.reply?.description ?? reasonText(failure))); check the host, the port and that the relay is running.")
        }
        guard write(Array("NOOP\r\n".utf8)) == nil, case .success(let reply) = readReply(), reply.code == 250 else {
            reset()
            throw TransportError(.relayRefusedSession, "The relay did not answer NOOP; check that the URL points at an SMTP server.")
        }
        lastUsed = .now
        return ProbeResult(greeting: greeting, capabilities: capabilities ?? [])
    }

    private func reasonText(_ outcome: SendOutcome) -> String {
        switch outcome {
        case .deferred(_, let r), .rejected(_, let r), .ambiguous(let r): r
        case .accepted(let reply): reply.description
        }
    }
}

/// What a probe learned about the relay.
public struct ProbeResult: Sendable, Equatable {
    /// The 220 greeting.
    public let greeting: SMTPReply?
    /// EHLO keywords (SIZE, SMTPUTF8, STARTTLS, AUTH, PIPELINING, 8BITMIME…).
    public let capabilities: Set<String>

    /// True when the relay takes UTF-8 addresses (RFC 6531).
    public var offersSMTPUTF8: Bool { capabilities.contains("SMTPUTF8") }
}
