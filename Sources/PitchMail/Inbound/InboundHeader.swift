/// One header field of a received message: its name as written and its unfolded value.
public struct InboundHeader: Sendable, Hashable {
    /// The field name as written (`Subject`, `message-id`).
    public let name: String
    /// The unfolded value with RFC 2047 encoded-words decoded and outer white space removed.
    public let value: String
    /// The unfolded value as received (encoded-words left encoded), outer white space removed.
    public let rawValue: String

    public init(name: String, value: String, rawValue: String) {
        self.name = name
        self.value = value
        self.rawValue = rawValue
    }
}
