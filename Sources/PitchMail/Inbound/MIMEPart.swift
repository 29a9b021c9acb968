/// One node of a received message's MIME tree (RFC 2045, RFC 2046): a multipart with child
/// parts, or a leaf with its content decoded from its transfer encoding.
///
/// The message itself is the root part. A `message/rfc822` part is a leaf whose ``body`` is the
/// enclosed message; read it with ``InboundMessage/init(bytes:)`` when needed.
public struct MIMEPart: Sendable {
    /// The part's own header fields (for the root: the message's).
    public let headers: InboundHeaders
    /// The media type, lower-cased (`text/plain`, `multipart/mixed`). Defaults as RFC 2046 says
    /// when the field is missing or unusable.
    public let contentType: String
    /// The Content-Type parameters by lower-cased name (`charset`, `boundary`, `report-type`).
    public let parameters: [String: String]
    /// The Content-Transfer-Encoding, lower-cased (`7bit` when missing).
    public let transferEncoding: String
    /// The Content-Disposition value, lower-cased (`inline`, `attachment`), or nil.
    public let disposition: String?
    /// The file name from Content-Disposition or the Content-Type `name` parameter, or nil.
    public let filename: String?
    /// The content after transfer decoding (leaves only; empty for a multipart).
    public let body: [UInt8]
    /// The text of a `text/*` leaf in its charset, line breaks as LF; nil for other parts.
    public let text: String?
    /// The child parts of a multipart, in order.
    public let parts: [MIMEPart]
    /// The bytes of a multipart before its first delimiter line.
    public let preamble: [UInt8]
    /// The bytes of a multipart after its closing delimiter line.
    public let epilogue: [UInt8]

    public init(
        headers: InboundHeaders, contentType: String, parameters: [String: String], transferEncoding: String,
        disposition: String?, filename: String?, body: [UInt8], text: String?, parts: [MIMEPart],
        preamble: [UInt8] = [], epilogue: [UInt8] = []
    ) {
        self.headers = headers
        self.contentType = contentType
        self.parameters = parameters
        self.transferEncoding = transferEncoding
        self.disposition = disposition
        self.filename = filename
        self.body = body
        self.text = text
        self.parts = parts
        self.preamble = preamble
        self.epilogue = epilogue
    }

    /// True for `multipart/*`.
    public var isMultipart: Bool { contentType.hasPrefix("multipart/") }
    /// The `charset` parameter, or nil.
    public var charset: String? { parameters["charset"] }
    /// True when the part is marked as an attachment.
    public var isAttachment: Bool { disposition == "attachment" }

    /// This part and every part below it, depth first (the order they appear in the message).
    public var allParts: [MIMEPart] {
        var out: [MIMEPart] = []
        func walk(_ part: MIMEPart) {
            out.append(part)
            part.parts.forEach(walk)
        }
        walk(self)
        return out
    }

    /// The first part (this one included), depth first, whose content type is `type`.
    public func firstPart(ofType type: String) -> MIMEPart? {
        let key = type.lowercased()
        if contentType == key { return self }
        for part in parts {
            if let found = part.firstPart(ofType: key) { return found }
        }
        return nil
    }
}
