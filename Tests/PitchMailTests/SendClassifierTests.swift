import Testing
@testable import PitchMail

/// How the session set-up's failures map to outcomes (reference libcurl.md §2.5, measured on 7.88).
/// Failures during the mail transaction itself are tested against real servers in SMTPTransportTests.
@Suite("Session set-up classification")
struct SendClassifierTests {
    private func report(_ code: Int, _ response: Int, lines: [String] = [], error: String = "") -> TransferReport {
        TransferReport(curlCode: code, responseCode: response, replyLines: lines, errorText: error, curlMessage: "curl message")
    }

    private func outcome(_ r: TransferReport) -> SendOutcome? {
        if case .outcome(let o) = SendClassifier.classify(r) { return o }
        return nil
    }

    private func configuration(_ r: TransferReport) -> TransportError.Code? {
        if case .configuration(let e) = SendClassifier.classify(r) { return e.code }
        return nil
    }

    @Test("a refused session decides by its reply code", arguments: [
        (421, "deferred"), (450, "deferred"), (554, "rejected"), (500, "rejected"),
    ])
    func refusedSession(response: Int, label: String) {
        let o = outcome(report(8, response, lines: ["\(response) 4.3.0 Error\r\n", "221 Bye\r\n"]))
        #expect(o?.label == label)
        #expect(o?.reply?.code == response)
    }

    @Test("network failures are safe to retry", arguments: [(7, 0), (6, 0), (56, 220), (28, 220), (52, 0), (55, 0)])
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

    @Test func loginErrorNeverHoldsTheSecretAndNamesTheReply() {
        guard case .configuration(let e) = SendClassifier.classify(report(67, 535, lines: ["535 5.7.8 Authentication credentials invalid\r\n"])) else {
            Issue.record("not a configuration error")
            return
        }
        #expect(e.description.contains("535 5.7.8"))
    }

    @Test func replyTextSkipsTheQuitAnswer() {
        let lines = ["220 x\r\n", "250 ok\r\n", "550 5.1.1 <a@b.c>: no such user\r\n", "221 2.0.0 Bye\r\n"]
        #expect(SendClassifier.lastReply(code: 550, in: lines)?.enhancedCode == "5.1.1")
    }
}
