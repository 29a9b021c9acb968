/// A legal move of a send-ledger row, with the side effects the store must carry out in the same
/// transaction.
public struct LedgerTransition: Sendable, Equatable {
    /// The state before.
    public let from: SendLedgerState
    /// The state after.
    public let to: SendLedgerState
    /// The event that caused it.
    public let event: LedgerEvent
    /// Side effects, e.g. suppress the address after a 5.1.x rejection.
    public let actions: [LedgerAction]
}

/// A side effect of a ledger transition.
public enum LedgerAction: Sendable, Hashable {
    /// Add the recipient's address to the workspace's suppression list (a 5.1.x rejection:
    /// the mailbox does not exist).
    case suppressAddress
}

/// An event that is illegal in the row's current state, e.g. claiming an `ambiguous` row without
/// resolving it first, or any event on an `accepted` row.
public struct LedgerTransitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The row's state.
    public let from: SendLedgerState
    /// The refused event.
    public let event: LedgerEvent

    /// One sentence saying why and what to do.
    public var description: String {
        let advice: String =
            switch from {
            case .ambiguous: "an ambiguous send may have been delivered; settle it with 'pitchlab resolve MESSAGE-ID --sent|--not-sent' first"
            case .sending: "the row is in flight; wait for its outcome, or mark it interrupted at startup"
            default:
                from.isFinal ? "\(from) is final" : "only \(Self.allowed(from)) may follow \(from)"
            }
        return "A send ledger row in state \(from) cannot take the event \(event): \(advice)."
    }

    private static func allowed(_ state: SendLedgerState) -> String {
        switch state {
        case .planned, .deferred: "claim, suppress or skip"
        case .sending: "an outcome or interrupted"
        case .ambiguous: "resolve"
        default: "nothing"
        }
    }
}
