/// What a received message is, for the reply ledger: a bounce, an automatic reply, or a message
/// written by a person.
public enum InboundKind: Sendable, Equatable {
    /// A delivery failure or delay notice.
    case bounce(BounceReport)
    /// An out-of-office, vacation or autoresponder message.
    case autoReply(AutoReply)
    /// A message written by a person.
    case human
}

/// Sorts received messages into ``InboundKind``: bounces first (a bounce often carries
/// `Auto-Submitted` too, but it is not an auto-reply), then auto-replies, else human.
public struct InboundClassifier: Sendable {
    private let autoReplies = AutoReplyDetector()

    public init() {}

    /// The kind of `message`.
    public func classify(_ message: InboundMessage) -> InboundKind {
        if let bounce = BounceReport(message) { return .bounce(bounce) }
        if let auto = autoReplies.evidence(in: message) { return .autoReply(auto) }
        return .human
    }
}
