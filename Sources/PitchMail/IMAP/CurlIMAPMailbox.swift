import CCurl
import Foundation

/// Reads a mailbox over IMAP with libcurl, read-only: nothing is ever flagged, moved or deleted.
///
/// One fetch, on one connection (kept for the next fetch while it stays healthy):
/// 1. `EXAMINE "mailbox"` (read-only selection) gives UIDVALIDITY and UIDNEXT. A cursor from
///    another UIDVALIDITY is ignored and the fetch starts from the first message.
/// 2. `FETCH s:e (UID RFC822.SIZE)` by sequence number, in windows from the first new message,
///    lists the new messages and their sizes (bounded replies; see `listNewMessages`).
/// 3. `UID FETCH a,b,c (UID BODY.PEEK[])` in chunks bounded by count and size; `.PEEK` leaves
///    `\Seen` alone. The literals are taken by their `{N}` length from the header stream.
///    Messages bigger than ``IMAPConfiguration/customFetchLimit`` are read by URL fetch instead
///    (below): libcurl keeps only 40 bytes of a line longer than half its receive buffer (KNOWN_BUGS
///    3.1), and Debian's 7.88.1 (CVE-2023-38039 patch) fails a transfer once its header-callback
///    data passes 300 KiB, counting about 1 KiB more for each untagged response (observed).
///
/// libcurl 7.88 ends a custom command's reply at the first line that starts with the command's
/// tag, even inside a literal (curl/curl #22865), so a message with a line such as `A005 OK` would
/// cut the reply short and leave the rest unread on the connection. This shows as a literal that
/// ends early (or, for `A005 NO`, as a refusal after which libcurl logs out). The connection is then
/// dropped and that message is read with libcurl's own URL fetch (`;UID=n`), which reads the literal
/// by length: libcurl SELECTs the mailbox for it, then a custom EXAMINE makes the mailbox read-only
/// again before the fetch, so its `BODY[]` does not set `\Seen` either (observed). The URL fetch is
/// only sent on a connection that shows nothing unread; were libcurl still to reconnect for it (the
/// server closing in the microseconds between), its own SELECT would be read-write and that one
/// message would get `\Seen`.
///
/// Thread-safe; calls are serialised and block while they talk to the server.
public final class CurlIMAPMailbox: MailboxSource, @unchecked Sendable {  // @unchecked: every use of `connection` holds `lock`
    private let configuration: IMAPConfiguration
    private let endpoint: IMAPConfiguration.Endpoint
    private let password: String
    private let lock = NSLock()
    private var connection: CurlIMAPConnection?

    /// Checks the configuration and reads the password; connects on the first fetch.
    public init(configuration: IMAPConfiguration) throws(IMAPError) {
        self.configuration = configuration
        endpoint = try configuration.endpoint()
        password = try configuration.password.readIMAPPassword()
    }

    /// Closes the kept connection (the next fetch opens a new one).
    public func close() {
        lock.withLock { connection = nil }
    }

    public func fetch(since cursor: MailboxCursor?) throws(IMAPError) -> MailboxFetch {
        lock.lock()
        defer { lock.unlock() }
        if let kept = connection, kept.isConnected, !kept.looksIdle {
            // The server said something unasked (`* BYE` before an autologout) or closed: libcurl would
            // reuse the connection and fail reading the reply, so start afresh.
            kept.discard()
        }
        if connection == nil {
            connection = try CurlIMAPConnection(configuration: configuration, endpoint: endpoint, password: password)
        }
        var session = Session(connection: connection!, endpoint: endpoint, configuration: configuration)
        do {
            return try session.fetch(since: cursor)
        } catch {
            connection = nil  // start the next fetch on a fresh connection
            throw error
        }
    }
}

extension CurlIMAPMailbox {
    /// `1,2,3` as `1:3`: compact UID sets keep the command line short.
    static func uidSet(_ uids: [UInt32]) -> String {
        var parts: [String] = []
        var index = uids.startIndex
        while index < uids.endIndex {
            var end = index
            while end + 1 < uids.endIndex, uids[end + 1] == uids[end] + 1 { end += 1 }
            parts.append(end == index ? "\(uids[index])" : "\(uids[index]):\(uids[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}

/// What EXAMINE reported.
struct MailboxStatus: Equatable {
    var uidValidity: UInt32
    var uidNext: UInt32?
    var exists: UInt32?
}

/// One fetch on one connection.
private struct Session {
    let connection: CurlIMAPConnection
    let endpoint: IMAPConfiguration.Endpoint
    let configuration: IMAPConfiguration
    /// The UIDVALIDITY this fetch works in, once EXAMINE reported it.
    var uidValidity: UInt32?

    init(connection: CurlIMAPConnection, endpoint: IMAPConfiguration.Endpoint, configuration: IMAPConfiguration) {
        self.connection = connection
        self.endpoint = endpoint
        self.configuration = configuration
    }

    mutating func fetch(since cursor: MailboxCursor?) throws(IMAPError) -> MailboxFetch {
        let status = try examine(onMailboxURL: false)
        uidValidity = status.uidValidity
        let changed = cursor.map { $0.uidValidity != status.uidValidity } ?? false
        let last = cursor.flatMap { changed ? nil : $0.lastUID } ?? 0
        var result = MailboxFetch(messages: [], cursor: MailboxCursor(uidValidity: status.uidValidity, lastUID: last), uidValidityChanged: changed)
        if status.exists == 0 || last == UInt32.max { return result }
        if let next = status.uidNext, next <= last &+ 1 { return result }

        let listed = try listNewMessages(after: last, exists: status.exists ?? 0, uidNext: status.uidNext)
        var sizes: [UInt32: Int] = [:]
        for (uid, size) in listed { sizes[uid] = size }
        var uids = sizes.keys.sorted()
        let hasMore = uids.count > configuration.maxMessagesPerFetch
        uids = Array(uids.prefix(configuration.maxMessagesPerFetch))
        guard let highest = uids.last else { return result }

        var messages: [UInt32: [UInt8]] = [:]
        // A bigger message is read by URL fetch: its literal then bypasses the header callback, whose
        // per-reply limit and line cutting (see the type's notes) it could exceed.
        let limit = configuration.customFetchLimit
        let custom = uids.filter { sizes[$0, default: 0] <= limit }
        for uid in uids where sizes[uid, default: 0] > limit {
            if let body = try fetchByURL(uid: uid) { messages[uid] = body }
        }
        var pending = custom[...]
        while !pending.isEmpty {
            var chunk: [UInt32] = []
            var bytes = 0
            while let uid = pending.first, chunk.count < configuration.chunkMessages,
                  chunk.isEmpty || bytes + sizes[uid, default: 0] <= configuration.chunkBytes {
                chunk.append(uid)
                bytes += sizes[uid, default: 0]
                pending.removeFirst()
            }
            try fetchBodies(chunk, into: &messages)
        }
        // A listed UID missing now was expunged meanwhile: it is gone for good, so the cursor passes it.
        result = MailboxFetch(
            messages: uids.compactMap { uid in messages[uid].map { FetchedMail(uid: uid, raw: $0) } },
            cursor: MailboxCursor(uidValidity: status.uidValidity, lastUID: highest),
            uidValidityChanged: changed, hasMore: hasMore)
        return result
    }

    // MARK: - Commands

    /// A command's reply: its untagged responses and its tagged completion.
    struct Reply {
        var untagged: [IMAPResponse]
        var completion: IMAPResponse
    }

    /// Why a reply could not be used.
    enum ReplyFailure: Error {
        /// The transfer failed (the error is ready to throw).
        case failed(IMAPError)
        /// The reply ended early or its framing broke.
        case cut
    }

    /// Runs a command that needs the mailbox selected. When libcurl had to reconnect for it (the
    /// kept connection had died), the new connection has nothing selected: select again and retry once.
    private mutating func run(_ command: String) throws(IMAPError) -> Reply {
        for attempt in 0..<2 {
            let transfer = connection.command(command)
            if transfer.newConnections > 0 && attempt == 0 {
                let status = try examine(onMailboxURL: false)
                guard status.uidValidity == uidValidity else { throw mailboxChanged() }
                continue
            }
            switch reply(to: transfer, command: command) {
            case .success(let reply): return reply
            case .failure(.failed(let error)): throw error
            case .failure(.cut):
                connection.discard()
                throw IMAPError(.protocolError, "The IMAP server's reply to \(Self.verb(command)) was cut short or malformed; check that the URL points at an IMAP server.")
            }
        }
        throw IMAPError(.connectionFailed, "The IMAP connection was lost twice in a row; check the server.")
    }

    /// `EXAMINE`: the read-only selection, and the mailbox's UIDVALIDITY, UIDNEXT and size.
    private mutating func examine(onMailboxURL: Bool) throws(IMAPError) -> MailboxStatus {
        let command = endpoint.examineCommand
        let transfer = connection.command(command, onMailboxURL: onMailboxURL)
        let reply: Reply
        switch self.reply(to: transfer, command: command) {
        case .success(let r): reply = r
        case .failure(.failed(let error)): throw error
        case .failure(.cut):
            connection.discard()
            throw IMAPError(.protocolError, "The IMAP server's reply to EXAMINE was cut short or malformed; check that the URL points at an IMAP server.")
        }
        var status = MailboxStatus(uidValidity: 0)
        var validity: UInt32?
        for response in reply.untagged {
            if let code = response.responseCode, response.status.word == "OK" {
                if code.name == "UIDVALIDITY" { validity = UInt32(code.value) }
                if code.name == "UIDNEXT" { status.uidNext = UInt32(code.value) }
            }
            let words = response.line.split(separator: " ")
            if words.count >= 3, words[2].uppercased() == "EXISTS" { status.exists = UInt32(words[1]) }
        }
        if reply.completion.responseCode?.name == "READ-WRITE" {
            throw IMAPError(.protocolError, "The IMAP server opened the mailbox read-write for EXAMINE; it would mark messages as read, so nothing was fetched.")
        }
        guard status.exists != nil else {
            throw IMAPError(.protocolError, "The IMAP server did not report how many messages the mailbox holds (EXISTS).")
        }
        guard let validity, validity != 0 else {
            throw IMAPError(.protocolError, "The IMAP server did not report the mailbox's UIDVALIDITY, so new mail cannot be told from old.")
        }
        status.uidValidity = validity
        return status
    }

    /// The UIDs and sizes of the messages after `last`, oldest first, at most one more than a fetch
    /// returns. Read with sequence-number `FETCH s:e (UID RFC822.SIZE)` in windows of
    /// `listWindow`: every command then has a bounded number of responses (libcurl's per-reply
    /// limit), and no EXPUNGE may renumber the messages in between (RFC 3501 §7.4.1 forbids it
    /// during FETCH), unlike one `UID SEARCH` line that grows with the mailbox. UIDs ascend with
    /// sequence numbers, so the first new message is found by bisection when it is not in the last window.
    private mutating func listNewMessages(after last: UInt32, exists: UInt32, uidNext: UInt32?) throws(IMAPError) -> [(UInt32, Int)] {
        guard exists > 0 else { return [] }
        let window = UInt32(configuration.listWindow)
        let wanted = configuration.maxMessagesPerFetch + 1
        var found: [(UInt32, Int)] = []
        var start: UInt32 = 1
        if last > 0 {
            // Usually the new messages are all in the last window.
            let tailStart = exists > window ? exists - window + 1 : 1
            let tail = try listWindow(tailStart, exists)
            if tailStart == 1 || tail.contains(where: { $0.uid <= last }) {
                found = tail.filter { $0.uid > last }.map { ($0.uid, $0.size) }
                start = exists + 1
            } else {
                // Bisect for the first sequence number whose UID is above `last`.
                var low: UInt32 = 1, high = tailStart  // UID(high) > last
                while low < high {
                    let middle = low + (high - low) / 2
                    guard let uid = try listWindow(middle, middle).first?.uid else { break }
                    if uid > last { high = middle } else { low = middle + 1 }
                }
                start = high
            }
        }
        while start <= exists && found.count < wanted {
            let end = min(exists, start + window - 1)
            found += try listWindow(start, end).filter { $0.uid > last }.map { ($0.uid, $0.size) }
            start = end + 1
        }
        if let uidNext { found.removeAll { $0.0 >= uidNext } }
        return found
    }

    /// `FETCH first:last (UID RFC822.SIZE)` by sequence number.
    private mutating func listWindow(_ first: UInt32, _ last: UInt32) throws(IMAPError) -> [(uid: UInt32, size: Int)] {
        let reply = try run("FETCH \(first):\(last) (UID RFC822.SIZE)")
        return reply.untagged.compactMap { response in
            guard let item = FetchResponse(response), let uid = item.uid, let size = item.size,
                  (first...last).contains(item.sequence) else { return nil }
            return (uid, size)
        }
    }

    /// Fetches the bodies of `uids` with one `UID FETCH` (messages no bigger than half of libcurl's
    /// receive buffer, so that no line of theirs can be cut). A reply cut short or refused (see the
    /// type's notes) keeps the messages framed completely before the cut, reads the next missing
    /// message by URL fetch on a new connection, and goes on with the rest.
    private mutating func fetchBodies(_ uids: [UInt32], into messages: inout [UInt32: [UInt8]]) throws(IMAPError) {
        var remaining = uids
        while !remaining.isEmpty {
            let command = "UID FETCH \(CurlIMAPMailbox.uidSet(remaining)) (UID BODY.PEEK[])"
            var transfer = connection.command(command)
            if transfer.newConnections > 0 {
                // The kept connection had died and the command ran with nothing selected.
                let status = try examine(onMailboxURL: false)
                guard status.uidValidity == uidValidity else { throw mailboxChanged() }
                transfer = connection.command(command)
            }
            guard transfer.code == CURLE_OK || transfer.code == CURLE_QUOTE_ERROR else {
                throw error(for: transfer, command: command)
            }
            // Literals are framed by their length, so every complete FETCH response is exact, even
            // when libcurl stopped reading early.
            let framed = IMAPResponseFramer.frame(transfer.stream)
            let wanted = Set(remaining)
            for response in framed.responses {
                guard let item = FetchResponse(response), let uid = item.uid, let body = item.body, wanted.contains(uid) else { continue }
                messages[uid] = body
            }
            if transfer.code == CURLE_OK, framed.problem == nil, let last = framed.responses.last,
               !last.isUntagged, !last.isContinuation, last.status.word == "OK" {
                return  // the whole reply was read; UIDs it did not return were expunged meanwhile
            }
            // Cut short (a tag-like line in a message) or refused: the connection is out of step or closed.
            connection.discard()
            remaining.removeAll { messages[$0] != nil }
            let cut = framed.partial.flatMap(Self.uid(inPartial:))
            guard let target = cut.flatMap({ remaining.contains($0) ? $0 : nil }) ?? remaining.first else { return }
            if let body = try fetchByURL(uid: target) { messages[target] = body }
            remaining.removeAll { $0 == target }
        }
    }

    /// libcurl's own fetch of one message, under a read-only selection (see the type's notes).
    /// Nil when the message no longer exists.
    private mutating func fetchByURL(uid: UInt32) throws(IMAPError) -> [UInt8]? {
        for _ in 0..<3 {
            if !connection.curlSelectedMailbox || !connection.looksIdle {
                connection.discard()
                // libcurl SELECTs the mailbox (so it will not SELECT again before the fetch), then
                // the custom EXAMINE makes it read-only.
                let status = try examine(onMailboxURL: true)
                guard status.uidValidity == uidValidity else { throw mailboxChanged() }
                guard connection.looksIdle else { continue }
            }
            let transfer = connection.fetchMessage(uid: uid)
            if transfer.newConnections > 0 { continue }  // would have run outside the read-only selection
            if transfer.code == CURLE_REMOTE_FILE_NOT_FOUND { return nil }
            guard transfer.code == CURLE_OK else { throw error(for: transfer, command: "UID FETCH") }
            // The literal went to the write callback; its announced length is at the end of the
            // FETCH line in the header stream.
            let announced = transfer.stream.split(separator: 0x0A).lazy.compactMap { raw -> Int? in
                let line = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                guard line.hasPrefix("* "), line.uppercased().contains(" FETCH "), line.hasSuffix("}"),
                      let open = line.lastIndex(of: "{") else { return nil }
                return Int(line[line.index(after: open)..<line.index(before: line.endIndex)])
            }.first
            guard announced == transfer.body.count else {
                throw IMAPError(.protocolError, "The IMAP server sent a message whose length does not match its announced size; check the server.")
            }
            return transfer.body
        }
        throw IMAPError(.connectionFailed, "The IMAP connection kept dropping while a message was read; check the server.")
    }

    // MARK: - Replies and errors

    /// Splits a transfer's stream into this command's reply, or says why it cannot be used.
    private func reply(to transfer: CurlIMAPConnection.Transfer, command: String) -> Result<Reply, ReplyFailure> {
        let framed = IMAPResponseFramer.frame(transfer.stream)
        let tagged = framed.responses.indices.filter { !framed.responses[$0].isUntagged && !framed.responses[$0].isContinuation }
        guard transfer.code == CURLE_OK else {
            // After a refused command libcurl sends LOGOUT in the same transfer: report the NO or BAD.
            let refusal = tagged.last { ["NO", "BAD"].contains(framed.responses[$0].status.word) }
            return .failure(.failed(error(for: transfer, command: command, completion: refusal.map { framed.responses[$0] })))
        }
        guard framed.problem == nil, let last = tagged.last, last == framed.responses.count - 1 else {
            return .failure(.cut)
        }
        // The responses after the last tagged completion but one belong to this command (earlier
        // ones to the login and, on the mailbox URL, to libcurl's SELECT).
        let start = tagged.count >= 2 ? tagged[tagged.count - 2] + 1 : 0
        return .success(Reply(untagged: framed.responses[start..<last].filter(\.isUntagged), completion: framed.responses[last]))
    }

    /// The one-sentence error for a failed transfer.
    private func error(for transfer: CurlIMAPConnection.Transfer, command: String, completion: IMAPResponse? = nil) -> IMAPError {
        let code = Int(transfer.code.rawValue)
        let detail = transfer.errorText.isEmpty ? String(cString: curl_easy_strerror(transfer.code)) : transfer.errorText
        let server = "\(endpoint.host):\(endpoint.port)"
        switch transfer.code {
        case CURLE_LOGIN_DENIED, CURLE_REMOTE_ACCESS_DENIED:
            return IMAPError(.loginRefused, "The IMAP server \(server) refused the login; check the user name and the password.", curlCode: code)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE:
            return IMAPError(.tlsFailed, "TLS with the IMAP server \(server) failed (\(detail)); check the certificate, or the CA file in the configuration.", curlCode: code)
        case CURLE_USE_SSL_FAILED:
            return IMAPError(.tlsFailed, "The IMAP server \(server) does not offer STARTTLS; use imaps:// or a server with TLS.", curlCode: code)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT, CURLE_SEND_ERROR, CURLE_RECV_ERROR,
             CURLE_GOT_NOTHING:
            return IMAPError(.connectionFailed, "The IMAP server \(server) could not be reached or the connection failed (\(detail)); check the host, the port and that the server is running.", curlCode: code)
        case CURLE_QUOTE_ERROR:
            let said = completion.map { " (\($0.status.word) \($0.statusText))" } ?? ""
            if command == endpoint.examineCommand {
                return IMAPError(.mailboxMissing, "The IMAP mailbox \(endpoint.mailbox) does not exist or cannot be opened\(said); check the mailbox in the URL.", curlCode: code)
            }
            return IMAPError(.protocolError, "The IMAP server refused \(Self.verb(command))\(said).", curlCode: code)
        default:
            return IMAPError(.protocolError, "The IMAP exchange failed (curl error \(code): \(detail)); check that the URL points at an IMAP server.", curlCode: code)
        }
    }

    private func mailboxChanged() -> IMAPError {
        IMAPError(.mailboxChanged, "The IMAP mailbox \(endpoint.mailbox) got a new UIDVALIDITY while it was being read; fetch again.")
    }

    /// The first words of a command, for messages ("UID FETCH").
    private static func verb(_ command: String) -> String {
        command.split(separator: " ").prefix(command.hasPrefix("UID ") ? 2 : 1).joined(separator: " ")
    }

    /// The UID in a FETCH response that was cut inside its literal (`* 4 FETCH (UID 9 BODY[] {70}…`).
    private static func uid(inPartial response: IMAPResponse) -> UInt32? {
        guard response.isUntagged, case .text(let first)? = response.pieces.first else { return nil }
        let words = String(decoding: first, as: UTF8.self).uppercased().split(separator: " ")
        guard words.count > 3, words[2] == "FETCH" else { return nil }
        for (i, word) in words.enumerated() where (word == "UID" || word == "(UID") && i + 1 < words.count {
            return UInt32(words[i + 1].trimmingCharacters(in: CharacterSet(charactersIn: ")")))
        }
        return nil
    }
}
