public import PitchMail

/// The state of one send-ledger row (one campaign × recipient × stage).
///
/// ```
/// planned ─claim─► sending ─outcome─► accepted | deferred | rejected | ambiguous
///    │                 └─interrupted─► ambiguous
///    ├─suppress─► suppressed      deferred ─claim─► sending (retry)
///    └─skip─────► skipped         ambiguous ─resolve(sent)─► accepted
///                                 ambiguous ─resolve(not sent)─► planned
/// ```
///
/// `sending` is committed (with its Message-ID) before MAIL FROM. `accepted`, `rejected`, `suppressed`
/// and `skipped` are final; `ambiguous` waits for the user (`pitchlab resolve`) and is never sent
/// again automatically. ``apply(_:)`` is pure: the store persists what it returns.
public enum SendLedgerState: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// Assigned to a variant, not yet claimed.
    case planned
    /// Claimed by the sender; the message may be on the wire.
    case sending
    /// The relay answered 250 after the data.
    case accepted
    /// A temporary failure; retried later.
    case deferred
    /// A permanent failure (5xx); never retried.
    case rejected
    /// The data went out but no final reply came (or the process died while sending); never resent automatically.
    case ambiguous
    /// The address is on the suppression list; not sent.
    case suppressed
    /// Left out on purpose (for example removed from the campaign); not sent.
    case skipped

    /// The state name, as stored and printed.
    public var description: String { rawValue }

    /// True for states no event leaves: accepted, rejected, suppressed, skipped.
    public var isFinal: Bool {
        switch self {
        case .accepted, .rejected, .suppressed, .skipped: true
        case .planned, .sending, .deferred, .ambiguous: false
        }
    }

    /// True for states the sender may claim: planned and deferred.
    public var isClaimable: Bool { self == .planned || self == .deferred }

    /// The state a send outcome leads to.
    public static func after(_ outcome: SendOutcome) -> SendLedgerState {
        switch outcome {
        case .accepted: .accepted
        case .deferred: .deferred
        case .rejected: .rejected
        case .ambiguous: .ambiguous
        }
    }

    /// The transition `event` causes from this state, or an error when the event is illegal here.
    public func apply(_ event: LedgerEvent) -> Result<LedgerTransition, LedgerTransitionError> {
        let target: SendLedgerState? =
            switch (self, event) {
            case (.planned, .claim), (.deferred, .claim): .sending
            case (.sending, .outcome(let outcome)): Self.after(outcome)
            case (.sending, .interrupted): .ambiguous
            case (.planned, .suppress), (.deferred, .suppress): .suppressed
            case (.planned, .skip), (.deferred, .skip): .skipped
            case (.ambiguous, .resolve(let sent)): sent ? .accepted : .planned
            default: nil
            }
        guard let target else { return .failure(LedgerTransitionError(from: self, event: event)) }
        var actions: [LedgerAction] = []
        if case .outcome(.rejected(let reply, _)) = event, reply?.enhancedCode?.hasPrefix("5.1.") == true {
            actions.append(.suppressAddress)
        }
        return .success(LedgerTransition(from: self, to: target, event: event, actions: actions))
    }
}
