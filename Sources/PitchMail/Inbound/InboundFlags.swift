/// What was wrong or unusual in a received message. Parsing never fails: it records the problem
/// here and keeps whatever could be read.
public struct InboundFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16

    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A multipart body ended before its closing boundary (the message was cut).
    public static let truncatedMIME = InboundFlags(rawValue: 1 << 0)
    /// A charset named by an encoded-word or a text part is not known (or its bytes are not valid
    /// in it): the encoded-word was kept as written, the text read as UTF-8 or windows-1252.
    public static let unknownCharset = InboundFlags(rawValue: 1 << 1)
    /// A header line was neither a field nor a continuation, or the header section was not ended.
    public static let malformedHeader = InboundFlags(rawValue: 1 << 2)
    /// The message has no Message-ID field, or none that holds an id.
    public static let missingMessageID = InboundFlags(rawValue: 1 << 3)
    /// A base64 or quoted-printable body held invalid data, or the transfer encoding is unknown.
    public static let badTransferEncoding = InboundFlags(rawValue: 1 << 4)
    /// A multipart has no boundary, no delimiter line, or nests too deeply; it was read as text.
    public static let malformedMIME = InboundFlags(rawValue: 1 << 5)

    private static let names: [(InboundFlags, String)] = [
        (.truncatedMIME, "truncatedMIME"), (.unknownCharset, "unknownCharset"),
        (.malformedHeader, "malformedHeader"), (.missingMessageID, "missingMessageID"),
        (.badTransferEncoding, "badTransferEncoding"), (.malformedMIME, "malformedMIME"),
    ]

    /// The flag names, e.g. `[truncatedMIME, unknownCharset]`.
    public var description: String {
        "[" + InboundFlags.names.filter { contains($0.0) }.map(\.1).joined(separator: ", ") + "]"
    }
}
