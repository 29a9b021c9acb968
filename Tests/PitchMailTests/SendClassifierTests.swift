import Testing
@testable import PitchMail

/// The failure table measured on libcurl 7.88 (reference libcurl.md §2.5), as reports → outcomes.
@Suite("Send classification")
struct SendClassifierTests {
    private func report(_ code: Int, _ response: Int, saw354: Bool = false, uploaded: Int = 0, size: Int = 1000,
                        lines: [String] = [], error: String = "") -> TransferReport {
        TransferReport(curlCode: code, responseCode: response, saw354: saw354, uploaded: uploaded, size: size,
                       replyLines: lines, errorText: error, curlMessage: "curl message")
    }

    private func outcome(_ r: TransferReport) -> SendOutcome? {
        if case .outcome(let o) = SendClassifier.classify(r) { return o }
        return nil
    }

    private func configuration(_ r: TransferReport) -> TransportError.Code? {
        if case .configuration(let e) = SendClassifier.classify(r) { return e.code }
        return nil
    }

    @Test func acceptedKeepsTheQueueID() {
        let o = outcome(report(0, 250, saw354: true, uploaded: 1000, lines: ["220 hi\r\n", "354 go\r\n", "250 2.0.0 Ok: queued as ABC\r\n", "221 bye\r\n"]))
        #expect(o == .accepted(SMTPReply(code: 250, enhancedCode: "2.0.0", text: "Ok: queued as ABC")))
    }

    @Test("envelope failures before DATA", arguments: [
        (450, "deferred"), (451, "deferred"), (421, "deferred"), (500, "rejected"), (550, "rejected"), (554, "rejected"),
    ])
    func beforeData(response: Int, label: String) {
        let o = outcome(report(55, response, lines: ["\(response) 4.3.0 Error\r\n", "221 Bye\r\n"]))
        #expect(o?.label == label)
        #expect(o?.reply?.code == response)
    }

    @Test func rejectedAfterDataIsDefinite() {
        #expect(outcome(report(8, 550, saw354: true, uploaded: 1000))?.label == "rejected")
        #expect(outcome(report(8, 450, saw354: true, uploaded: 1000))?.label == "deferred")
        #expect(outcome(report(8, 421, saw354: true, uploaded: 1000))?.label == "deferred")
    }

    @Test("a lost or timed-out final reply after the whole body is ambiguous", arguments: [56, 28, 55])
    func ambiguous(code: Int) {
        #expect(outcome(report(code, 354, saw354: true, uploaded: 1000, error: "response reading failed"))?.label == "ambiguous")
    }

    @Test func lostMidBodyIsSafeToRetry() {
        #expect(outcome(report(55, 354, saw354: true, uploaded: 400))?.label == "deferred")
    }

    @Test("network failures before DATA are safe to retry", arguments: [(7, 0), (6, 0), (56, 250), (28, 250), (52, 0)])
    func network(code: Int, response: Int) {
        #expect(outcome(report(code, response))?.label == "deferred")
    }

    @Test func configurationErrorsAreDistinct() {
        #expect(configuration(report(67, 535)) == .loginRefused)
        #expect(configuration(report(64, 250, error: "STARTTLS not supported.")) == .startTLSNotOffered)
        #expect(configuration(report(60, 220)) == .tlsFailed)
        #expect(configuration(report(35, 0)) == .tlsFailed)
        #expect(configuration(report(3, 0)) == .badURL)
        #expect(configuration(report(55, 530, lines: ["530 5.7.0 Must issue a STARTTLS command first\r\n"])) == .relayRefusedSession)
    }

    @Test func replyTextSkipsTheQuitAnswer() {
        let lines = ["220 x\r\n", "250 ok\r\n", "550 5.1.1 <a@b.c>: no such user\r\n", "221 2.0.0 Bye\r\n"]
        #expect(SendClassifier.lastReply(code: 550, in: lines)?.enhancedCode == "5.1.1")
    }
}
