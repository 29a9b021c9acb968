/// Why a message could not be composed. Its description is one sentence naming the field.
public struct MessageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the field.
    public enum Reason: Sendable, Equatable {
        case controlCharacter
        case empty
        case tooLong
        case needsSMTPUTF8
        case invalidURL
        case invalidMessageID
        case invalidHeaderName
        case reservedHeader
        case invalidAddress(MailAddressError)
    }

    /// The header or part that is wrong (e.g. "Subject", "To display name", "List-Unsubscribe").
    public let field: String
    /// What is wrong.
    public let reason: Reason

    public init(field: String, reason: Reason) {
        self.field = field
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .controlCharacter:
            return "The \(field) contains a CR, LF, NUL or other control character, which could inject a header; remove it."
        case .empty: return "The \(field) is empty; give it a value."
        case .tooLong: return "The \(field) is too long to fit in a header line of 998 octets; shorten it."
        case .needsSMTPUTF8:
            return "The \(field) has a non-ASCII local part, which needs a server that offers SMTPUTF8; use an ASCII address or an SMTPUTF8 relay."
        case .invalidURL: return "The \(field) is not an https, http or mailto URL without spaces or angle brackets; fix the URL."
        case .invalidMessageID: return "The Message-ID must be left@domain in printable ASCII without angle brackets; fix the sender domain."
        case .invalidHeaderName: return "The header name \(field) is not a valid RFC 5322 field name; use letters, digits and hyphens."
        case .reservedHeader: return "The header \(field) is set by the composer and cannot be given as an extra header."
        case .invalidAddress(let error): return error.description
        }
    }
}
