public import PitchMail

/// Something that happens to a send-ledger row; ``SendLedgerState/apply(_:)`` says where it leads.
public enum LedgerEvent: Sendable, Equatable, CustomStringConvertible {
    /// The sender takes a planned or deferred row (committed before MAIL FROM).
    case claim
    /// The relay's answer (or its absence) for the message in flight.
    case outcome(SendOutcome)
    /// The process died or stopped while the row was `sending` (found at startup).
    case interrupted
    /// The address is on the suppression list when the row is claimed.
    case suppress
    /// The row is left out on purpose.
    case skip
    /// The user settled an ambiguous send: `sent` true when it was delivered, false to send it again.
    case resolve(sent: Bool)

    /// `claim`, `outcome(deferred)`, `resolve(sent)`…
    public var description: String {
        switch self {
        case .claim: "claim"
        case .outcome(let outcome): "outcome(\(outcome.label))"
        case .interrupted: "interrupted"
        case .suppress: "suppress"
        case .skip: "skip"
        case .resolve(let sent): sent ? "resolve(sent)" : "resolve(not sent)"
        }
    }
}
