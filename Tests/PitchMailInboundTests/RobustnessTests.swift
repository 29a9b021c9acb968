import Foundation
import Testing
@testable import PitchMail

@Suite("Robustness")
struct RobustnessTests {
    /// Runs every reader on `bytes`; the test passes when nothing traps.
    private func exercise(_ bytes: [UInt8]) {
        let message = InboundMessage(bytes: bytes)
        #expect(message.raw == bytes)
        _ = BounceReport(message)
        _ = InboundClassifier().classify(message)
        _ = QuotedTextStripper().newText(of: message.textBody ?? "")
        _ = message.htmlBody.map(HTMLTextExtractor.text(fromHTML:))
        _ = message.baseSubject
        let text = String(decoding: bytes.prefix(300), as: UTF8.self)
        _ = MailDateParser.parse(text)
        _ = InboundAddress.parseList(text)
        _ = MessageIDList.parse(text)
        _ = HeaderParameters.parse(text)
        _ = MailboxFileReader.splitMbox(bytes, path: "fuzz.mbox")
    }

    /// 2,000 cases by default; set `PITCHLAB_FUZZ_ITERATIONS` and `PITCHLAB_FUZZ_SEED` for longer runs.
    @Test func twoThousandMutatedMessagesParseWithoutTrapping() throws {
        var seeds = try Fixture.emlNames().map { try Fixture.bytes($0) }
        seeds.append(try Fixture.bytes("three.mbox"))
        let environment = ProcessInfo.processInfo.environment
        let iterations = environment["PITCHLAB_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 2_000
        var rng = SplitMix64(seed: environment["PITCHLAB_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_2024)
        let boundaryMarker = Array("--".utf8)
        let interesting: [[UInt8]] = ["=?", "?=", "--", "\r\n", "\n\n", ":", "<", ">", "=", "&#", "<br>", "From ", ";",
                                      "boundary=", "base64", "=?utf-8?B?", "\"", "(", ")", "\u{0}"].map { Array($0.utf8) }
        for _ in 0..<iterations {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                switch Int.random(in: 0..<8, using: &rng) {
                case 0 where !bytes.isEmpty:  // truncate
                    bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
                case 1 where !bytes.isEmpty:  // flip bytes
                    for _ in 0..<Int.random(in: 1...24, using: &rng) {
                        bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                    }
                case 2:  // delete every boundary delimiter line
                    var out: [UInt8] = []
                    var lineStart = true
                    var skipping = false
                    for byte in bytes {
                        if lineStart { skipping = byte == boundaryMarker[0] && Bool.random(using: &rng) }
                        if !skipping { out.append(byte) }
                        lineStart = byte == 10
                    }
                    bytes = out
                case 3 where !bytes.isEmpty:  // insert syntax-looking fragments
                    for _ in 0..<Int.random(in: 1...10, using: &rng) {
                        let at = Int.random(in: 0...bytes.count, using: &rng)
                        bytes.insert(contentsOf: interesting[Int.random(in: 0..<interesting.count, using: &rng)], at: at)
                    }
                case 4 where bytes.count > 2:  // duplicate a slice
                    let a = Int.random(in: 0..<bytes.count, using: &rng)
                    let b = Int.random(in: a...min(bytes.count, a + 400), using: &rng)
                    bytes.insert(contentsOf: bytes[a..<b], at: Int.random(in: 0...bytes.count, using: &rng))
                case 5:  // CRLF to LF or bare CR
                    let replacement: [UInt8] = Bool.random(using: &rng) ? [10] : [13]
                    var out: [UInt8] = []
                    for byte in bytes where byte != 13 { if byte == 10 { out += replacement } else { out.append(byte) } }
                    bytes = out
                case 6:  // random garbage
                    bytes = (0..<Int.random(in: 0...600, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                default:  // delete a range
                    if bytes.count > 1 {
                        let a = Int.random(in: 0..<bytes.count, using: &rng)
                        let b = Int.random(in: a...min(bytes.count, a + 200), using: &rng)
                        bytes.removeSubrange(a..<b)
                    }
                }
            }
            exercise(bytes)
        }
    }

    @Test func deepNestingAndManyPartsAreBounded() {
        var text = "Message-ID: <deep@x>\r\n"
        for level in 0..<200 {
            text += "Content-Type: multipart/mixed; boundary=b\(level)\r\n\r\n--b\(level)\r\n"
        }
        text += "Content-Type: text/plain\r\n\r\ndeep\r\n"
        let message = InboundMessage(bytes: Array(text.utf8))
        #expect(message.flags.contains(.malformedMIME))
        #expect(message.flags.contains(.truncatedMIME))

        var many = "Message-ID: <many@x>\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
        for _ in 0..<5_000 { many += "--z\r\n\r\nx\r\n" }
        let wide = InboundMessage(bytes: Array(many.utf8))
        #expect(wide.root.parts.count < 2_000)
        #expect(wide.flags.contains(.malformedMIME))
    }

    @Test func emptyAndTinyInputs() {
        for input in ["", "\n", "\r\n\r\n", ":", "From ", "=?", "--", "Content-Type: multipart/mixed; boundary=\"\"\n\n--\n"] {
            exercise(Array(input.utf8))
        }
        #expect(InboundMessage(bytes: []).flags == [.missingMessageID])
    }

    @Test func publicTypesAreSendable() {
        func requireSendable<T: Sendable>(_: T.Type) {}
        requireSendable(InboundMessage.self)
        requireSendable(InboundHeaders.self)
        requireSendable(MIMEPart.self)
        requireSendable(BounceReport.self)
        requireSendable(AutoReply.self)
        requireSendable(InboundKind.self)
        requireSendable(RawInboundMessage.self)
        requireSendable(MailboxReadError.self)
        requireSendable(MailboxFileReader.self)
        requireSendable(QuotedTextStripper.self)
    }
}
