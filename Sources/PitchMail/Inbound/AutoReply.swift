/// Why a message was taken as an automatic reply (RFC 3834 and the habits of common clients).
public enum AutoReplyReason: Sendable, Hashable, CustomStringConvertible {
    /// `Auto-Submitted` with a value other than `no` (the value, lower-cased).
    case autoSubmitted(String)
    /// A non-standard auto-reply field such as `X-Autoreply` or `X-Autorespond` (its name).
    case autoReplyHeader(String)
    /// `X-Auto-Response-Suppress` together with an out-of-office subject or body.
    case autoResponseSuppress
    /// `Precedence: bulk`, `junk`, `list` or `auto_reply` (the value, lower-cased).
    case precedence(String)
    /// An auto-reply subject prefix (the prefix, folded).
    case subject(String)
    /// An out-of-office or auto-reply phrase in the new text of the body (the phrase, folded).
    case bodyPhrase(String)

    public var description: String {
        switch self {
        case .autoSubmitted(let value): return "Auto-Submitted: \(value)"
        case .autoReplyHeader(let name): return "\(name) header"
        case .autoResponseSuppress: return "X-Auto-Response-Suppress with an out-of-office hint"
        case .precedence(let value): return "Precedence: \(value)"
        case .subject(let prefix): return "subject starts with \"\(prefix)\""
        case .bodyPhrase(let phrase): return "body says \"\(phrase)\""
        }
    }
}

/// A message found to be an automatic reply (out-of-office, vacation, autoresponder), with the
/// reasons. Bounces are never auto-replies: they are read by ``BounceReport``.
public struct AutoReply: Sendable, Equatable {
    /// Every reason found, headers first.
    public let reasons: [AutoReplyReason]
    /// True when the subject or body says the person is away (not just "we got your message").
    public let isOutOfOffice: Bool

    public init(reasons: [AutoReplyReason], isOutOfOffice: Bool) {
        self.reasons = reasons
        self.isOutOfOffice = isOutOfOffice
    }
}
