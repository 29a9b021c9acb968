import Foundation
import Testing
@testable import PitchMail

@Suite("Mailbox readers")
struct MailboxFileReaderTests {
    let reader = MailboxFileReader()

    @Test func singleEmlFile() throws {
        let path = Fixture.path("outlook-ooo.eml")
        #expect(try reader.detectFormat(at: path) == .eml)
        let messages = try reader.read(at: path)
        #expect(messages.count == 1)
        #expect(messages[0].source == MessageSource(path: path))
        #expect(messages[0].source.description == path)
        #expect(messages[0].bytes == (try Fixture.bytes("outlook-ooo.eml")))
    }

    @Test func mboxWithEscapesAndSources() throws {
        let path = Fixture.path("three.mbox")
        #expect(try reader.detectFormat(at: path) == .mbox)
        let raws = try reader.read(at: path)
        #expect(raws.count == 3)
        #expect(raws.map(\.source.index) == [0, 1, 2])
        #expect(raws.map(\.source.line) == [1, 11, 24])
        #expect(raws[2].source.description == "\(path), message 3 (line 24)")
        let messages = raws.map { $0.parse() }
        #expect(messages.map(\.messageID) == ["mbox.one@example-corp.com", "mbox.two@smtp.hosting-uk.net", "mbox.three@example.org"])
        #expect(messages[0].textBody == "First message.\n")
        #expect(messages[1].textBody == "This message was created automatically by mail delivery software.\n\nFrom the archive: this line was escaped.\nIt also mentions From in the middle.\n")
        #expect(messages[2].textBody == "From the team at Example: a paragraph that starts with From.\n\n>From quoted twice.\nLast line.\n")
        #expect(messages[1].returnPath == "")
        #expect(messages.allSatisfy { $0.flags.isEmpty })
    }

    @Test func mboxWithCRLFLineEnds() {
        let text = "From a@b Mon Jun  3 10:20:00 2024\r\nSubject: one\r\n\r\nbody 1\r\n\r\nFrom c@d Mon Jun  3 10:21:00 2024\r\nSubject: two\r\n\r\n>From x\r\n"
        let raws = MailboxFileReader.splitMbox(Array(text.utf8), path: "x.mbox")
        #expect(raws.count == 2)
        #expect(raws[0].bytes == Array("Subject: one\r\n\r\nbody 1\r\n".utf8))
        #expect(raws[1].bytes == Array("Subject: two\r\n\r\nFrom x\r\n".utf8))
    }

    @Test func maildirReadsCurAndNewAndSkipsTmp() throws {
        let path = Fixture.path("Maildir")
        #expect(try reader.detectFormat(at: path) == .maildir)
        let raws = try reader.read(at: path)
        #expect(raws.count == 2)
        #expect(raws.map { ($0.source.path as NSString).lastPathComponent } == [
            "1717400000.M101P2001.mx1,S=412:2,S", "1717500000.M202P2002.mx1,S=398",
        ])
        #expect(raws.map { $0.parse().messageID } == ["md.cur@alpha.example", "md.new@beta.example"])
        #expect(raws[1].parse().textBody == "Unseen message in new.\n")
        #expect(raws.allSatisfy { $0.source.index == nil })
    }

    @Test func directoryOfEmlFiles() throws {
        #expect(try reader.detectFormat(at: Fixture.directory) == .emlDirectory)
        let raws = try reader.read(at: Fixture.directory)
        #expect(raws.map { ($0.source.path as NSString).lastPathComponent } == (try Fixture.emlNames()))
    }

    @Test func errorsNameThePathAndNeverAnAddress() throws {
        let missing = "/nonexistent/pitchlab/inbox.mbox"
        #expect(throws: MailboxReadError(.notFound, path: missing)) { try reader.read(at: missing) }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-inbound-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: MailboxReadError(.unknownFormat, path: folder.path)) { try reader.read(at: folder.path) }

        let binary = folder.appendingPathComponent("photo.jpg")
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]).write(to: binary)
        #expect(throws: MailboxReadError(.unknownFormat, path: binary.path)) { try reader.read(at: binary.path) }

        let empty = folder.appendingPathComponent("empty.eml")
        try Data().write(to: empty)
        #expect(throws: MailboxReadError(.empty, path: empty.path)) { try reader.read(at: empty.path) }

        let emptyMbox = folder.appendingPathComponent("empty.mbox")
        try Data().write(to: emptyMbox)
        #expect(try reader.read(at: emptyMbox.path).isEmpty)

        for code in [MailboxReadError.Code.notFound, .unreadable, .empty, .unknownFormat] {
            let error = MailboxReadError(code, path: missing)
            #expect(error.description.contains(missing))
            #expect(error.description.hasSuffix("."))
            #expect(!error.description.contains("@"))
        }
    }
}
