import Foundation
import PitchTestSupport
import Testing
@testable import PitchMail

/// The libcurl IMAP reader against a real Dovecot on loopback. Uses the server PITCHLAB_TEST_DOVECOT
/// describes, or starts a private one (needs root and dovecot-imapd). Each test has its own user and
/// Maildir, so the tests run in parallel.
@Suite("IMAP mailbox (Dovecot)", .enabled(if: DovecotServer.available, "needs Dovecot and root, or PITCHLAB_TEST_DOVECOT"))
struct IMAPMailboxTests {
    let server: DovecotServer

    init() throws { server = try DovecotServer.shared.get() }

    /// A reader for `box`, with the password in a 0600 secrets file.
    private func reader(
        _ box: TestMailbox, listener: String = "imaps", password: String? = nil, caFile: String?? = .none,
        mailbox: String = "INBOX", tune: (inout IMAPConfiguration) -> Void = { _ in }
    ) throws -> CurlIMAPMailbox {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-imap-pw-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data(((password ?? box.password) + "\n").utf8), attributes: [.posixPermissions: 0o600])
        var configuration = IMAPConfiguration(
            url: server.url(listener, mailbox: mailbox), username: box.user, password: .file(path),
            caFile: caFile ?? server.caFile, connectTimeout: 10, responseTimeout: 60)
        tune(&configuration)
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try CurlIMAPMailbox(configuration: configuration)
    }

    /// A message with a unique Message-ID, CRLF line ends and some 8-bit bytes.
    private func message(_ id: String, body: String = "Thanks, sounds good.") -> [UInt8] {
        Array("From: Ana <ana@example.org>\r\nTo: partners@glowlab.example\r\nSubject: Re: Quick collab idea\r\nMessage-ID: <\(id)@example.org>\r\nIn-Reply-To: <pitch-1@glowlab.example>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\(body)\r\nGrüße, Ana ☕\r\n".utf8)
    }

    private func expectUnseen(_ box: TestMailbox, _ comment: Comment? = nil) throws {
        let flags = try box.flags()
        #expect(!flags.isEmpty)
        #expect(flags.values.allSatisfy { !$0.contains("\\Seen") }, comment)
        #expect(try box.fileNames().allSatisfy { name in !(name.split(separator: ":").last.map { $0.hasPrefix("2,") && $0.contains("S") } ?? false) })
    }

    @Test func fetchesAllThenOnlyNewThenNothing() throws {
        let box = try server.makeMailbox()
        let first = (1...3).map { message("first-\($0)") }
        for m in first { try box.deliver(m) }
        let imap = try reader(box)

        let all = try imap.fetch(since: nil)
        #expect(all.messages.map(\.raw).sorted { $0.lexicographicallyPrecedes($1) } == first.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(all.messages.map(\.uid) == [1, 2, 3])
        #expect(all.cursor.lastUID == 3)
        #expect(all.cursor.uidValidity == (try box.uidValidity()))
        #expect(!all.uidValidityChanged)
        #expect(!all.hasMore)

        let second = (1...2).map { message("second-\($0)") }
        for m in second { try box.deliver(m) }
        let new = try imap.fetch(since: all.cursor)
        #expect(Set(new.messages.map(\.raw)) == Set(second))
        #expect(new.messages.map(\.uid) == [4, 5])
        #expect(new.cursor == MailboxCursor(uidValidity: all.cursor.uidValidity, lastUID: 5))

        let again = try imap.fetch(since: new.cursor)
        #expect(again.messages.isEmpty)
        #expect(again.cursor == new.cursor)
        #expect(!again.uidValidityChanged)

        try expectUnseen(box)
        #expect(try server.loginCount(box.user) == 1, "one connection for all three fetches")
    }

    @Test func reconnectsWhenTheServerDroppedTheKeptConnection() throws {
        let box = try server.makeMailbox()
        try box.deliver(message("k-1"))
        let imap = try reader(box)
        let first = try imap.fetch(since: nil)
        try box.kick()
        try box.deliver(message("k-2"))
        let second = try imap.fetch(since: first.cursor)
        #expect(second.messages.map(\.raw) == [message("k-2")])
        #expect(try server.loginCount(box.user) == 2)
        try expectUnseen(box)
    }

    @Test func cursorSurvivesCodableAndANewReader() throws {
        let box = try server.makeMailbox()
        try box.deliver(message("c-1"))
        let first = try reader(box).fetch(since: nil)
        let stored = try JSONEncoder().encode(first.cursor)
        try box.deliver(message("c-2"))
        let next = try reader(box).fetch(since: try JSONDecoder().decode(MailboxCursor.self, from: stored))
        #expect(next.messages.map(\.raw) == [message("c-2")])
    }

    @Test func uidValidityChangeRefetchesEverything() throws {
        let box = try server.makeMailbox()
        let messages = (1...3).map { message("v-\($0)") }
        for m in messages { try box.deliver(m) }
        let imap = try reader(box)
        let before = try imap.fetch(since: nil)
        #expect(before.messages.count == 3)
        #expect(try imap.fetch(since: before.cursor).messages.isEmpty)

        let newValidity = before.cursor.uidValidity &+ 1000
        try box.setUIDValidity(newValidity)
        // A running IMAP session may report the old value for a moment after doveadm changed the
        // index; until then each fetch must simply find nothing new.
        imap.close()
        var after = try imap.fetch(since: before.cursor)
        for _ in 0..<40 where after.cursor.uidValidity == before.cursor.uidValidity {
            #expect(after.messages.isEmpty && !after.uidValidityChanged)
            usleep(50_000)
            after = try imap.fetch(since: before.cursor)
        }
        #expect(after.uidValidityChanged)
        #expect(after.cursor.uidValidity == newValidity)
        #expect(Set(after.messages.map(\.raw)) == Set(messages))
        #expect(after.cursor.lastUID == 3)
        let settled = try imap.fetch(since: after.cursor)
        #expect(settled.messages.isEmpty && !settled.uidValidityChanged)
    }

    @Test func startTLSOnThePlainPort() throws {
        let box = try server.makeMailbox()
        try box.deliver(message("s-1"))
        let fetched = try reader(box, listener: "imap").fetch(since: nil)
        #expect(fetched.messages.map(\.raw) == [message("s-1")])
    }

    @Test func wrongPasswordIsLoginRefused() throws {
        let box = try server.makeMailbox()
        let imap = try reader(box, password: "not-the-password")
        #expect {
            try imap.fetch(since: nil)
        } throws: { error in
            guard let error = error as? IMAPError else { return false }
            return error.code == .loginRefused && !error.message.contains("not-the-password") && !error.message.contains(box.password)
        }
    }

    @Test func untrustedCertificateIsTLSFailure() throws {
        let box = try server.makeMailbox()
        for listener in ["imaps", "imap"] {
            let imap = try reader(box, listener: listener, caFile: .some(nil))
            #expect {
                try imap.fetch(since: nil)
            } throws: { error in
                (error as? IMAPError)?.code == .tlsFailed
            }
        }
    }

    @Test func missingMailboxAndUnreachableServer() throws {
        let box = try server.makeMailbox()
        #expect {
            try reader(box, mailbox: "Nope").fetch(since: nil)
        } throws: { error in
            guard let error = error as? IMAPError else { return false }
            return error.code == .mailboxMissing && error.message.contains("Nope")
        }
        let port = try FreePort.next()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-imap-pw-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: Data("x\n".utf8), attributes: [.posixPermissions: 0o600])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let closed = try CurlIMAPMailbox(configuration: IMAPConfiguration(url: "imaps://127.0.0.1:\(port)/INBOX", username: "u", password: .file(path)))
        #expect {
            try closed.fetch(since: nil)
        } throws: { error in
            (error as? IMAPError)?.code == .connectionFailed
        }
    }

    @Test func bigAndProtocolLookingMessagesArriveByteExact() throws {
        let box = try server.makeMailbox()
        var rng = SystemRandomNumberGenerator()
        // 2 MiB: read by URL fetch (bigger than a chunk may be).
        let line = String(repeating: "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/", count: 1) + "\r\n"
        var big = message("big", body: "start")
        while big.count < 2 << 20 { big += Array(line.utf8) }
        // 100 KiB of lines with every byte value except NUL, CR and LF: read in a chunk.
        var binary = message("binary", body: "binary follows")
        while binary.count < 100 << 10 {
            binary += (0..<998).map { _ in UInt8.random(in: 1...255, using: &rng) }.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 } + [0x0D, 0x0A]
        }
        // Text that looks like IMAP: a literal marker, a FETCH response, and tagged completions.
        let literalLooking = message("literal", body: "see {123}\r\n* 5 FETCH (UID 99 BODY[] {3}\r\nabc)\r\n{0}\r\nend {7}")
        // A tagged completion for every tag libcurl can use ("A001".."Z999"): 234 KiB, read by URL fetch.
        var allTags = "tags follow\r\n"
        for letter in UnicodeScalar("A").value...UnicodeScalar("Z").value {
            for n in 1...999 { allTags += "\(Character(UnicodeScalar(letter)!))\(String(format: "%03d", n)) OK fake\r\n" }
        }
        let allTagsTrap = message("tags", body: allTags)
        // Small enough for a chunk: the tags of the first connections ("A…", "B…", "C…"), which end
        // libcurl's read of the chunk's reply inside the literal, so the reader must notice, drop the
        // connection and read this message by URL fetch.
        var someTags = "tags follow\r\n"
        for letter in ["A", "B", "C"] { for n in 1...999 { someTags += "\(letter)\(String(format: "%03d", n)) OK fake\r\n" } }
        let chunkTagTrap = message("some-tags", body: someTags)
        let noTrap = message("tags-no", body: "A004 NO fake\r\nA005 NO fake\r\nA006 NO fake\r\nA007 BAD fake\r\nB004 NO fake")
        let small = (1...4).map { message("small-\($0)") }
        let all = [small[0], big, small[1], binary, literalLooking, allTagsTrap, small[2], chunkTagTrap, noTrap, small[3]]
        for m in all { try box.deliver(m) }

        let fetched = try reader(box).fetch(since: nil)
        #expect(fetched.messages.count == all.count)
        #expect(fetched.messages.map(\.uid) == Array(1...UInt32(all.count)))
        #expect(Set(fetched.messages.map(\.raw)) == Set(all))
        for m in all where !fetched.messages.contains(where: { $0.raw == m }) {
            Issue.record("missing or altered: \(m.count) bytes, \(String(decoding: m.prefix(200), as: UTF8.self))")
        }
        try expectUnseen(box, "neither BODY.PEEK[] nor the URL fetch under EXAMINE may set \\Seen")
    }

    @Test func longLinesBeyondTheReceiveBufferUseTheURLFetch() throws {
        let box = try server.makeMailbox()
        // One 100 KB line with a 64 KiB receive buffer: libcurl would keep only 40 bytes of it. And a
        // 1.5 MiB message of long lines, also read by URL fetch.
        let long = message("long", body: String(repeating: "x", count: 100_000))
        let short = message("short")
        var rng = SystemRandomNumberGenerator()
        var huge = message("huge", body: "binary follows")
        while huge.count < 1_536 << 10 {
            huge += (0..<9_998).map { _ in UInt8.random(in: 1...255, using: &rng) }.map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 } + [0x0D, 0x0A]
        }
        for m in [short, long, huge] { try box.deliver(m) }
        let fetched = try reader(box) { $0.receiveBufferSize = 64 << 10 }.fetch(since: nil)
        // Dovecot numbers new mail in directory order, not delivery order: compare the set, and say
        // which message is wrong without dumping megabytes.
        #expect(fetched.messages.count == 3)
        for (name, m) in [("short", short), ("long", long), ("huge", huge)] where !fetched.messages.contains(where: { $0.raw == m }) {
            Issue.record("the \(name) message (\(m.count) bytes) is missing or altered")
        }
        try expectUnseen(box)
    }

    @Test func fiveHundredMessagesInChunksOverOneConnection() throws {
        let box = try server.makeMailbox()
        let messages = (1...500).map { message("bulk-\($0)", body: String(repeating: "line \($0)\r\n", count: $0 % 7)) }
        for m in messages { try box.deliver(m) }
        let imap = try reader(box) { $0.chunkMessages = 64; $0.listWindow = 100 }
        let fetched = try imap.fetch(since: nil)
        #expect(fetched.messages.count == 500)
        #expect(Set(fetched.messages.map(\.raw)) == Set(messages))
        #expect(fetched.messages.map(\.uid) == Array(1...500))
        #expect(fetched.cursor.lastUID == 500)
        #expect(try server.loginCount(box.user) == 1)
        try expectUnseen(box)
    }

    @Test func maxMessagesPerFetchPagesThroughTheMailbox() throws {
        let box = try server.makeMailbox()
        let messages = (1...25).map { message("page-\($0)") }
        for m in messages { try box.deliver(m) }
        let imap = try reader(box) { $0.maxMessagesPerFetch = 10; $0.chunkMessages = 4 }
        var cursor: MailboxCursor?
        var seen: [[UInt8]] = []
        var pages: [Int] = []
        repeat {
            let page = try imap.fetch(since: cursor)
            seen += page.messages.map(\.raw)
            pages.append(page.messages.count)
            cursor = page.cursor
            if !page.hasMore { break }
        } while pages.count < 10
        #expect(pages == [10, 10, 5])
        #expect(Set(seen) == Set(messages) && seen.count == 25)
    }

    @Test func emptyMailbox() throws {
        let box = try server.makeMailbox()
        let fetched = try reader(box).fetch(since: nil)
        #expect(fetched.messages.isEmpty)
        #expect(fetched.cursor.lastUID == 0)
        #expect(fetched.cursor.uidValidity != 0)
    }
}
