import PitchMail
import Testing

@testable import PitchKit

@Suite("Send ledger state machine")
struct SendLedgerStateTests {
    static let accepted = SendOutcome.accepted(SMTPReply(code: 250, enhancedCode: nil, text: "ok"))
    static let deferred = SendOutcome.deferred(SMTPReply(code: 451, enhancedCode: "4.3.0", text: "later"), reason: "t")
    static let rejected = SendOutcome.rejected(SMTPReply(code: 554, enhancedCode: "5.7.1", text: "policy"), reason: "p")
    static let noMailbox = SendOutcome.rejected(SMTPReply(code: 550, enhancedCode: "5.1.1", text: "no such user"), reason: "u")
    static let ambiguous = SendOutcome.ambiguous(reason: "lost after the dot")

    static let events: [LedgerEvent] = [
        .claim, .outcome(accepted), .outcome(deferred), .outcome(rejected), .outcome(ambiguous), .interrupted,
        .suppress, .skip, .resolve(sent: true), .resolve(sent: false),
    ]

    /// Every legal (state, event) → state; everything else must be refused.
    static let legal: [String: SendLedgerState] = [
        "planned claim": .sending, "deferred claim": .sending,
        "sending outcome(accepted)": .accepted, "sending outcome(deferred)": .deferred,
        "sending outcome(rejected)": .rejected, "sending outcome(ambiguous)": .ambiguous,
        "sending interrupted": .ambiguous,
        "planned suppress": .suppressed, "deferred suppress": .suppressed,
        "planned skip": .skipped, "deferred skip": .skipped,
        "ambiguous resolve(sent)": .accepted, "ambiguous resolve(not sent)": .planned,
    ]

    @Test("the full table: legal transitions go where they should, all others are refused")
    func table() {
        var legalCount = 0
        for state in SendLedgerState.allCases {
            for event in Self.events {
                let key = "\(state) \(event)"
                switch state.apply(event) {
                case .success(let transition):
                    #expect(Self.legal[key] == transition.to, "\(key)")
                    #expect(transition.from == state && transition.event == event)
                    legalCount += 1
                case .failure(let error):
                    #expect(Self.legal[key] == nil, "\(key) was refused: \(error)")
                    #expect(error.from == state && error.event == event)
                }
            }
        }
        #expect(legalCount == Self.legal.count)
    }

    @Test("final states refuse every event")
    func finals() {
        for state in SendLedgerState.allCases where state.isFinal {
            for event in Self.events {
                #expect((try? state.apply(event).get()) == nil, "\(state) \(event)")
            }
        }
        #expect(Set(SendLedgerState.allCases.filter(\.isFinal)) == [.accepted, .rejected, .suppressed, .skipped])
        #expect(Set(SendLedgerState.allCases.filter(\.isClaimable)) == [.planned, .deferred])
    }

    @Test("an ambiguous send is never claimed again without an explicit resolve")
    func ambiguousNeedsResolve() throws {
        let error = try #require(SendLedgerState.ambiguous.apply(.claim).failureValue)
        #expect(error.description.contains("pitchlab resolve"))
        let resolved = try SendLedgerState.ambiguous.apply(.resolve(sent: false)).get()
        #expect(resolved.to == .planned)
        #expect(try resolved.to.apply(.claim).get().to == .sending)
    }

    @Test("a 5.1.x rejection also suppresses the address; other rejections do not")
    func suppression() throws {
        #expect(try SendLedgerState.sending.apply(.outcome(Self.noMailbox)).get().actions == [.suppressAddress])
        #expect(try SendLedgerState.sending.apply(.outcome(Self.rejected)).get().actions.isEmpty)
        #expect(try SendLedgerState.sending.apply(.outcome(.rejected(nil, reason: "x"))).get().actions.isEmpty)
        #expect(try SendLedgerState.sending.apply(.outcome(Self.deferred)).get().actions.isEmpty)
    }

    @Test("outcomes map to states; raw values match the stored names")
    func mapping() {
        #expect(SendLedgerState.after(Self.accepted) == .accepted)
        #expect(SendLedgerState.after(Self.deferred) == .deferred)
        #expect(SendLedgerState.after(Self.rejected) == .rejected)
        #expect(SendLedgerState.after(Self.ambiguous) == .ambiguous)
        #expect(SendLedgerState.allCases.map(\.rawValue)
            == ["planned", "sending", "accepted", "deferred", "rejected", "ambiguous", "suppressed", "skipped"])
        let refused = SendLedgerState.accepted.apply(.claim)
        #expect(refused.failureValue?.description == "A send ledger row in state accepted cannot take the event claim: accepted is final.")
    }
}

extension Result {
    /// The error, for a failure.
    fileprivate var failureValue: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
