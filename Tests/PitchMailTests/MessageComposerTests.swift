import Foundation
import PitchTestSupport
import Testing
@testable import PitchMail

/// The repository root, found from this file's path.
let repositoryRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    fatalError("Package.swift not found above \(#filePath)")
}()

/// Parsed by Python's `email` package (Tests/Servers/parse_messages.py), an independent parser.
struct ParsedMessage: Decodable {
    let path: String
    let subject: String
    let fromName: String
    let fromAddr: String
    let toNames: [String]
    let toAddrs: [String]
    let messageId: String
    var text: String?
    var html: String?
    let defects: [String]
    let maxLine: Int
    let bareCrOrLf: Bool
    let listUnsubscribe: String?
    let listUnsubscribePost: String?

    static func parse(_ messages: [[UInt8]]) throws -> [ParsedMessage] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-compose-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var paths: [String] = []
        for (i, bytes) in messages.enumerated() {
            let url = dir.appendingPathComponent("\(i).eml")
            try Data(bytes).write(to: url)
            paths.append(url.path)
        }
        let listFile = dir.appendingPathComponent("paths.json")
        try JSONSerialization.data(withJSONObject: paths).write(to: listFile)
        let output = dir.appendingPathComponent("parsed.json"), errors = dir.appendingPathComponent("errors.txt")
        let status = try Subprocess.run(
            "/usr/bin/python3", [repositoryRoot.appendingPathComponent("Tests/Servers/parse_messages.py").path],
            stdin: listFile.path, stdout: output.path, stderr: errors.path)
        guard status == 0 else {
            throw ParseFailure(message: (try? String(contentsOf: errors, encoding: .utf8)) ?? "python failed")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode([ParsedMessage].self, from: Data(contentsOf: output)).map { p in
            var p = p
            p.text = p.text?.replacingOccurrences(of: "\r\n", with: "\n")
            p.html = p.html?.replacingOccurrences(of: "\r\n", with: "\n")
            return p
        }
    }
}

struct ParseFailure: Error { let message: String }

/// Random text from many scripts, ASCII specials, emoji (with ZWJ sequences) and odd spacing.
func randomText(_ rng: inout SeededGenerator, maxLength: Int) -> String {
    let pools: [[String]] = [
        Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789").map(String.init),
        ["\"", "\\", ",", ".", ";", ":", "<", ">", "@", "(", ")", "[", "]", "=?", "?=", "!", "'", "-", "_", "=", "?"],
        Array("éèàçñöüßøåœÉÀÇÑÖÜ").map(String.init),
        Array("日本語中文字韓국어テスト").map(String.init),
        Array("العربيةעבריתрусскийελληνικά").map(String.init),
        ["😀", "🎸", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "✨", "🇫🇷", "🧴"],
        [" ", " ", "  ", "\t"],
    ]
    let length = Int.random(in: 1...maxLength, using: &rng)
    var s = ""
    for _ in 0..<length {
        let pool = pools[Int.random(in: 0..<pools.count, using: &rng)]
        s += pool[Int.random(in: 0..<pool.count, using: &rng)]
    }
    return s
}

@Suite("Message composer")
struct MessageComposerTests {
    @Test("1,200 random Unicode names and subjects survive Python's email parser unchanged")
    func randomRoundTrip() throws {
        var rng = SeededGenerator(seed: 20261128)
        var messages: [MailMessage] = []
        for i in 0..<1200 {
            var name = randomText(&rng, maxLength: 40)
            if name.trimmingCharacters(in: .whitespaces).isEmpty { name = "N" + name }
            var subject = randomText(&rng, maxLength: i % 10 == 0 ? 300 : 80)
            if subject.trimmingCharacters(in: .whitespaces).isEmpty { subject = "S" + subject }
            var m = Sample.message(to: "creator\(i)@example.org", subject: subject, text: randomText(&rng, maxLength: 200))
            m.to[0].name = name
            m.from.name = randomText(&rng, maxLength: 20).trimmingCharacters(in: .whitespaces) + "x"
            messages.append(m)
        }
        let composer = MessageComposer()
        let parsed = try ParsedMessage.parse(try messages.map { try composer.compose($0) })
        #expect(parsed.count == messages.count)
        var mismatches = 0
        for (m, p) in zip(messages, parsed) {
            let expectedText = normalizedBody(m.text)
            let ok = p.subject == m.subject && p.toNames == [m.to[0].name!] && p.fromName == m.from.name!
                && p.toAddrs == [m.to[0].address.description] && p.fromAddr == m.from.address.description
                && p.messageId == m.messageID.bracketed && normalizedBody(p.text ?? "") == expectedText
                && p.defects.isEmpty && p.maxLine <= 998 && !p.bareCrOrLf
            if !ok {
                mismatches += 1
                if mismatches <= 3 {
                    Issue.record("mismatch: subject \(m.subject.debugDescription) → \(p.subject.debugDescription); name \(m.to[0].name!.debugDescription) → \(p.toNames); defects \(p.defects)")
                }
            }
        }
        #expect(mismatches == 0)
        #expect(parsed.allSatisfy { $0.maxLine <= 998 })
    }

    private func normalizedBody(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if !t.hasSuffix("\n") { t += "\n" }
        return t
    }

    @Test("header injection through any field is refused and names the field", arguments: [
        "\r\nBcc: victim@example.net", "\nX-Injected: 1", "\rX: y", "a\0b", "line\u{2028}sep", "\u{85}next",
    ])
    func injection(payload: String) throws {
        let composer = MessageComposer()
        var m = Sample.message()
        m.subject = "Hello" + payload
        #expect(throws: MessageError(field: "Subject", reason: .controlCharacter)) { try composer.compose(m) }
        m = Sample.message()
        m.to[0].name = "Ana" + payload
        #expect(throws: MessageError(field: "To display name", reason: .controlCharacter)) { try composer.compose(m) }
        m = Sample.message()
        m.from.name = "Brand" + payload
        #expect(throws: MessageError(field: "From display name", reason: .controlCharacter)) { try composer.compose(m) }
        m = Sample.message()
        m.unsubscribeURL = "https://t.example/u/abc" + payload
        #expect(throws: MessageError(field: "List-Unsubscribe", reason: .controlCharacter)) { try composer.compose(m) }
        m = Sample.message()
        m.extraHeaders = [("X-PitchLab-Campaign", "spring" + payload)]
        #expect(throws: MessageError(field: "X-PitchLab-Campaign", reason: .controlCharacter)) { try composer.compose(m) }
    }

    @Test func reservedAndInvalidExtraHeadersAreRefused() {
        var m = Sample.message()
        m.extraHeaders = [("Bcc", "x@example.net")]
        #expect(throws: MessageError(field: "Bcc", reason: .reservedHeader)) { try MessageComposer().compose(m) }
        m.extraHeaders = [("X Bad", "1")]
        #expect(throws: MessageError(field: "extra header", reason: .invalidHeaderName)) { try MessageComposer().compose(m) }
    }

    @Test func plainASCIIMessageIs7BitWithAllHeaders() throws {
        var m = Sample.message(text: "Hi Ana,\n\nOne 30-60 s TikTok within 14 days.\n-- \nMia")
        m.replyTo = Mailbox(address: try MailAddress("replies@glowlab.example"))
        m.unsubscribeURL = "https://t.glowlab.example/u/v1.abc"
        let bytes = try MessageComposer().compose(m)
        let text = String(decoding: bytes, as: UTF8.self)
        for header in ["Date: Wed, 18 Nov 2026 11:06:40 +0000", "From: Glow Lab Partnerships <partners@glowlab.example>",
                       "To: Ana Ruiz <ana@example.org>", "Reply-To: <replies@glowlab.example>",
                       "Subject: Quick collab idea", "Message-ID: <\(m.messageID.value)>", "MIME-Version: 1.0",
                       "List-Unsubscribe: <https://t.glowlab.example/u/v1.abc>",
                       "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
                       "Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 7bit"] {
            #expect(text.contains(header + "\r\n"), "missing \(header)")
        }
        #expect(text.hasSuffix("\r\n\r\nHi Ana,\r\n\r\nOne 30-60 s TikTok within 14 days.\r\n-- \r\nMia\r\n"))
        #expect(m.messageID.value.hasSuffix("@glowlab.example"))
        let parsed = try ParsedMessage.parse([bytes])[0]
        #expect(parsed.listUnsubscribePost == "List-Unsubscribe=One-Click")
        #expect(parsed.defects.isEmpty)
    }

    @Test func everyLineEndsInCRLFEvenWithBareCRAndLFInTheBody() throws {
        let m = Sample.message(text: "a\rb\nc\r\nd\n.\n..\n.x\r\n\r.\r")
        let bytes = try MessageComposer().compose(m)
        for (i, b) in bytes.enumerated() {
            if b == 10 { #expect(i > 0 && bytes[i - 1] == 13) }
            if b == 13 { #expect(i + 1 < bytes.count && bytes[i + 1] == 10) }
        }
        let parsed = try ParsedMessage.parse([bytes])[0]
        #expect(parsed.text == "a\nb\nc\nd\n.\n..\n.x\n\n.\n")
    }

    @Test func longUnicodeBodyIsQuotedPrintableWithShortLines() throws {
        let line = String(repeating: "Salut Zoé, ", count: 200)  // one 2,200-byte line
        let m = Sample.message(text: line + "\n" + String(repeating: "x", count: 1500))
        let bytes = try MessageComposer().compose(m)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        let parsed = try ParsedMessage.parse([bytes])[0]
        #expect(parsed.text == line + "\n" + String(repeating: "x", count: 1500) + "\n")
    }

    @Test func longHeadersFoldWithinLimits() throws {
        let m = Sample.message(subject: String(repeating: "Très longue proposition de collaboration ", count: 30))
        let bytes = try MessageComposer().compose(m)
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(try ParsedMessage.parse([bytes])[0].subject == m.subject)
        let ascii = Sample.message(subject: String(repeating: "word ", count: 100) + "end")
        let asciiBytes = try MessageComposer().compose(ascii)
        #expect(String(decoding: asciiBytes, as: UTF8.self).components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        #expect(try ParsedMessage.parse([asciiBytes])[0].subject == ascii.subject)
    }

    @Test func htmlAlternativeIsMultipart() throws {
        var m = Sample.message(text: "Hi Ana 👋\n")
        m.html = "<p>Hi Ana 👋</p><img src=\"https://t.example/o/abc.gif\" width=\"1\" height=\"1\" alt=\"\">"
        let bytes = try MessageComposer().compose(m)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("Content-Type: multipart/alternative;\r\n boundary=\"=_pitchlab_"))
        let parsed = try ParsedMessage.parse([bytes])[0]
        #expect(parsed.text == "Hi Ana 👋\n")
        #expect(parsed.html == m.html! + "\n")
        #expect(parsed.defects.isEmpty)
    }

    @Test func utf8LocalPartNeedsSMTPUTF8() throws {
        let m = Sample.message(to: "zoé@example.fr")
        #expect(throws: MessageError(field: "To address", reason: .needsSMTPUTF8)) { try MessageComposer().compose(m) }
        let bytes = try MessageComposer(smtpUTF8: true).compose(m)
        #expect(String(decoding: bytes, as: UTF8.self).contains("<zoé@example.fr>"))
    }

    @Test func messageIDsAreUniqueAndOnTheSenderDomain() {
        var rng = SeededGenerator(seed: 1)
        let ids = (0..<10_000).map { _ in MessageID.make(domain: "glowlab.example", date: Sample.date, using: &rng).value }
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasSuffix("@glowlab.example") })
    }

    @Test func dateIsRFC5322() {
        #expect(MessageComposer.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 1 Jan 1970 00:00:00 +0000")
        #expect(MessageComposer.rfc5322Date(Sample.date) == "Wed, 18 Nov 2026 11:06:40 +0000")
    }
}
