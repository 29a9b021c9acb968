/// One message as read from a mailbox file or folder, not yet parsed, with where it came from.
public struct RawInboundMessage: Sendable {
    /// The message bytes (for an mbox: without the `From ` line, `>From ` unescaped).
    public let bytes: [UInt8]
    /// Where it was read from.
    public let source: MessageSource

    public init(bytes: [UInt8], source: MessageSource) {
        self.bytes = bytes
        self.source = source
    }

    /// Parses the bytes.
    public func parse() -> InboundMessage { InboundMessage(bytes: bytes) }
}
