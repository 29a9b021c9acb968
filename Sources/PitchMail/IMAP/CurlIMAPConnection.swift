import CCurl
import Foundation

/// What libcurl handed over during one transfer.
final class IMAPTransferContext {
    /// Every byte the server sent, as libcurl passes it to the header callback: greeting, login and
    /// SELECT replies on a new connection, then the command's untagged responses with their literals,
    /// then its tagged completion.
    var stream: [UInt8] = []
    /// The write callback's bytes: the message of a URL fetch (a custom command's `*` lines also go
    /// there and are dropped).
    var body: [UInt8] = []
    var keepBody = false
}

/// libcurl's C callbacks for IMAP: closures without captures, state through the user-data pointer.
enum IMAPCurlCallbacks {
    static let header: curl_write_callback = { data, size, count, userData in
        let n = size * count
        guard let data, let userData else { return n }
        let context = Unmanaged<IMAPTransferContext>.fromOpaque(userData).takeUnretainedValue()
        context.stream.append(contentsOf: UnsafeRawBufferPointer(start: data, count: n))
        return n
    }

    static let body: curl_write_callback = { data, size, count, userData in
        let n = size * count
        guard let data, let userData else { return n }
        let context = Unmanaged<IMAPTransferContext>.fromOpaque(userData).takeUnretainedValue()
        if context.keepBody { context.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: n)) }
        return n
    }
}

/// One libcurl easy handle, and so one IMAP connection, reused for every command.
///
/// libcurl 7.88 opens the connection (TLS or STARTTLS, CAPABILITY, AUTHENTICATE) with the first
/// transfer and keeps it for the next ones. Each command is a `CURLOPT_CUSTOMREQUEST` on the
/// mailbox-less URL, so libcurl sends nothing but the command: a selection made with a custom
/// `EXAMINE` stays in force for the following commands (observed). The server's whole reply, literal
/// content included, arrives only in the header callback and is framed by ``IMAPResponseFramer``.
///
/// Not thread-safe: ``CurlIMAPMailbox`` serialises every call.
final class CurlIMAPConnection {
    /// The result of one transfer.
    struct Transfer {
        let code: CURLcode
        let stream: [UInt8]
        let body: [UInt8]
        /// Connections libcurl opened for this transfer (0 when it reused the kept one).
        let newConnections: Int
        let errorText: String
    }

    private var handle: UnsafeMutableRawPointer
    private let configuration: IMAPConfiguration
    private let endpoint: IMAPConfiguration.Endpoint
    private let password: String
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// True once libcurl itself has SELECTed the mailbox on the current connection (it then sends
    /// URL fetches without selecting again).
    private(set) var curlSelectedMailbox = false
    /// True while libcurl holds an open connection from an earlier transfer.
    private(set) var isConnected = false

    init(configuration: IMAPConfiguration, endpoint: IMAPConfiguration.Endpoint, password: String) throws(IMAPError) {
        guard CurlGlobal.initialized else {
            throw IMAPError(.curlUnavailable, "libcurl could not be initialised; reinstall libcurl4-openssl-dev.")
        }
        guard let handle = curl_easy_init() else {
            throw IMAPError(.curlUnavailable, "libcurl could not create a handle; the process may be out of memory.")
        }
        self.handle = handle
        self.configuration = configuration
        self.endpoint = endpoint
        self.password = password
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure()
    }

    deinit {
        curl_easy_cleanup(handle)  // sends LOGOUT when the connection is still up
        errorBuffer.deallocate()
    }

    private func configure() {
        let c = configuration
        pitchlab_curl_setopt_long(
            handle, CURLOPT_USE_SSL, Int(endpoint.security == .plain ? CURLUSESSL_NONE.rawValue : CURLUSESSL_ALL.rawValue))
        pitchlab_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        pitchlab_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = c.caFile { pitchlab_curl_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        pitchlab_curl_setopt_string(handle, CURLOPT_USERNAME, c.username)
        pitchlab_curl_setopt_string(handle, CURLOPT_PASSWORD, password)
        pitchlab_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        pitchlab_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(c.connectTimeout * 1000))
        pitchlab_curl_setopt_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, c.responseTimeout)
        pitchlab_curl_setopt_long(handle, CURLOPT_MAXAGE_CONN, c.maxIdleSeconds)
        // libcurl keeps only 40 bytes of a line longer than half this buffer (KNOWN_BUGS 3.1).
        pitchlab_curl_setopt_long(handle, CURLOPT_BUFFERSIZE, c.receiveBufferSize)
        pitchlab_curl_setopt_write(handle, CURLOPT_HEADERFUNCTION, IMAPCurlCallbacks.header)
        pitchlab_curl_setopt_write(handle, CURLOPT_WRITEFUNCTION, IMAPCurlCallbacks.body)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer)
    }

    /// Sends `command` (CURLOPT_CUSTOMREQUEST on the mailbox-less URL, or on the mailbox URL, where
    /// libcurl first SELECTs the mailbox once per connection).
    func command(_ command: String, onMailboxURL: Bool = false) -> Transfer {
        let transfer = perform(url: onMailboxURL ? endpoint.mailboxURL : endpoint.commandURL, customRequest: command, keepBody: false)
        if transfer.code == CURLE_OK && onMailboxURL { curlSelectedMailbox = true }
        return transfer
    }

    /// libcurl's own fetch of one message (`UID FETCH uid BODY[]`), which reads the literal by its
    /// length into the write callback. Only call it after ``command(_:onMailboxURL:)`` selected the
    /// mailbox through the mailbox URL and a custom EXAMINE made it read-only on this connection.
    func fetchMessage(uid: UInt32) -> Transfer {
        perform(url: endpoint.messageURL(uid: uid), customRequest: nil, keepBody: true)
    }

    private func perform(url: String, customRequest: String?, keepBody: Bool) -> Transfer {
        errorBuffer[0] = 0
        let context = IMAPTransferContext()
        context.keepBody = keepBody
        let retained = Unmanaged.passRetained(context)
        defer { retained.release() }
        pitchlab_curl_setopt_string(handle, CURLOPT_URL, url)
        pitchlab_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, customRequest)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, retained.toOpaque())
        pitchlab_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, retained.toOpaque())
        let code = curl_easy_perform(handle)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_HEADERDATA, nil)
        pitchlab_curl_setopt_ptr(handle, CURLOPT_WRITEDATA, nil)
        var connects = 0
        pitchlab_curl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects)
        if connects > 0 { curlSelectedMailbox = false }
        // libcurl closes the connection after a failed transfer (LOGOUT on a refused command).
        isConnected = code == CURLE_OK
        if code != CURLE_OK { curlSelectedMailbox = false }
        return Transfer(code: code, stream: context.stream, body: context.body, newConnections: connects, errorText: String(cString: errorBuffer))
    }

    /// True when the kept connection shows nothing unexpected: no unread data, no hang-up.
    var looksIdle: Bool {
        guard isConnected else { return false }
        var socket: curl_socket_t = -1
        guard pitchlab_curl_getinfo_socket(handle, &socket) == CURLE_OK, socket >= 0 else { return false }
        var fd = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, 0) == 0
    }

    /// Drops the connection and starts a fresh handle. The socket is shut down first: the
    /// connection is out of step with the server (unread reply bytes), and libcurl's polite LOGOUT
    /// would read them as its reply.
    func discard() {
        var socket: curl_socket_t = -1
        if isConnected, pitchlab_curl_getinfo_socket(handle, &socket) == CURLE_OK, socket >= 0 {
            shutdown(socket, Int32(SHUT_RDWR))
        }
        curl_easy_cleanup(handle)
        handle = curl_easy_init()!
        configure()
        isConnected = false
        curlSelectedMailbox = false
    }
}
