public import Foundation

/// What to do with a send after its outcome: retry it later, stop retrying, or nothing (final).
public enum RetryDecision: Sendable, Hashable {
    /// Try again at `at`. `countsAsAttempt` is false after a throttling reply, which is the
    /// domain's doing and never counts against the recipient.
    case retry(at: Date, countsAsAttempt: Bool)
    /// Stop retrying: the row stays `deferred` and is reported (never dropped silently).
    case giveUp(reason: String)
    /// The outcome is final (accepted, rejected, ambiguous): nothing to retry.
    case noRetry

    /// The retry time, when there is one.
    public var retryAt: Date? {
        if case .retry(let at, _) = self { return at }
        return nil
    }
}
