/// A validated RFC 5322 addr-spec (`local@domain`), normalised for sending.
///
/// The domain is stored in ASCII: internationalised labels become A-labels (`xn--…`) and the
/// domain is lower-cased. The local part is kept as written. A local part with non-ASCII
/// characters is valid only on servers that offer SMTPUTF8 (RFC 6531); ``requiresSMTPUTF8`` says so.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    /// The local part, exactly as given (dot-atom or quoted-string).
    public let localPart: String
    /// The domain in ASCII (A-labels), lower-cased.
    public let domain: String

    /// Parses and validates `text`; `field` names the value in the error (e.g. "To", "recipients.csv row 4 email").
    public init(_ text: String, field: String = "address") throws(MailAddressError) {
        let trimmed = text.trimmingSpaces()
        if trimmed.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw MailAddressError(field: field, reason: .controlCharacter)
        }
        guard let at = trimmed.lastIndex(of: "@") else { throw MailAddressError(field: field, reason: .missingAt) }
        let local = String(trimmed[..<at])
        let rawDomain = String(trimmed[trimmed.index(after: at)...])
        guard !local.isEmpty else { throw MailAddressError(field: field, reason: .emptyLocalPart) }
        guard local.utf8.count <= 64 else { throw MailAddressError(field: field, reason: .localPartTooLong) }
        guard MailAddress.isValidLocalPart(local) else { throw MailAddressError(field: field, reason: .invalidLocalPart) }
        let domain = try MailAddress.asciiDomain(rawDomain, field: field)
        guard local.utf8.count + 1 + domain.utf8.count <= 254 else {
            throw MailAddressError(field: field, reason: .tooLong)
        }
        self.localPart = local
        self.domain = domain
    }

    /// The address as it goes into `MAIL FROM`/`RCPT TO` and headers.
    public var description: String { "\(localPart)@\(domain)" }

    /// True when the local part holds non-ASCII characters, which needs the server's SMTPUTF8.
    public var requiresSMTPUTF8: Bool { localPart.unicodeScalars.contains { !$0.isASCII } }

    /// The form used to detect duplicates: the whole address lower-cased.
    public var normalizedKey: String { description.lowercased() }

    // RFC 5322 atext, plus UTF-8 (RFC 6532) characters.
    private static let atextSpecials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    static func isAtext(_ s: Unicode.Scalar) -> Bool {
        if !s.isASCII { return s.value >= 0xA0 }
        let v = s.value
        return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
            || atextSpecials.contains(s)
    }

    private static func isValidLocalPart(_ local: String) -> Bool {
        let scalars = Array(local.unicodeScalars)
        if scalars.first == "\"" {
            // quoted-string: printable ASCII except \ and " unless escaped, or UTF-8.
            guard scalars.count >= 2, scalars.last == "\"" else { return false }
            var i = 1
            while i < scalars.count - 1 {
                let c = scalars[i]
                if c == "\\" {
                    i += 1
                    guard i < scalars.count - 1 else { return false }
                } else if c == "\"" {
                    return false
                }
                i += 1
            }
            return true
        }
        // dot-atom: atoms separated by single dots, no leading/trailing dot.
        return local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.unicodeScalars.allSatisfy(isAtext)
        }
    }

    /// Letters, digits and hyphen: the only characters of an ASCII domain label.
    private static func isLDHCharacter(_ s: Unicode.Scalar) -> Bool {
        (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x30 && s.value <= 0x39) || s == "-"
    }

    private static func asciiDomain(_ raw: String, field: String) throws(MailAddressError) -> String {
        var domain = raw
        if domain.hasSuffix(".") { domain.removeLast() }
        guard !domain.isEmpty else { throw MailAddressError(field: field, reason: .emptyDomain) }
        if domain.hasPrefix("[") {
            // Address literals are valid RFC 5321 but never what a creator's email column means.
            throw MailAddressError(field: field, reason: .invalidDomain)
        }
        var labels: [String] = []
        for label in domain.split(separator: ".", omittingEmptySubsequences: false) {
            let lower = String(label).lowercased()
            var ascii = lower
            if lower.unicodeScalars.contains(where: { !$0.isASCII }) {
                guard let encoded = Punycode.encode(lower) else {
                    throw MailAddressError(field: field, reason: .invalidDomain)
                }
                ascii = "xn--" + encoded
            }
            guard !ascii.isEmpty, ascii.utf8.count <= 63,
                  ascii.first != "-", ascii.last != "-",
                  ascii.unicodeScalars.allSatisfy(isLDHCharacter)
            else { throw MailAddressError(field: field, reason: .invalidDomain) }
            labels.append(ascii)
        }
        guard labels.count >= 2 || labels == ["localhost"] else {
            throw MailAddressError(field: field, reason: .invalidDomain)
        }
        let joined = labels.joined(separator: ".")
        guard joined.utf8.count <= 253 else { throw MailAddressError(field: field, reason: .invalidDomain) }
        return joined
    }
}

/// A mailbox: an address with an optional display name (`"Ana Ruiz" <ana@example.com>`).
public struct Mailbox: Sendable, Hashable {
    /// The display name, any Unicode text without control characters.
    public var name: String?
    /// The address.
    public var address: MailAddress

    /// Creates a mailbox from a display name and an address.
    public init(name: String? = nil, address: MailAddress) {
        self.name = name
        self.address = address
    }
}

/// Why an address was refused. Its description is one sentence naming the field, never the address.
public struct MailAddressError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the address.
    public enum Reason: Sendable, Equatable {
        case controlCharacter, missingAt, emptyLocalPart, localPartTooLong, invalidLocalPart
        case emptyDomain, invalidDomain, tooLong
    }

    /// The field that held the address.
    public let field: String
    /// What is wrong.
    public let reason: Reason

    public var description: String { "The address in \(field) \(problem); fix the address." }

    /// What is wrong, as a phrase ("has no @").
    public var problem: String {
        switch reason {
        case .controlCharacter: "contains a control character (CR, LF, NUL or similar), which could inject SMTP commands or headers"
        case .missingAt: "has no @"
        case .emptyLocalPart: "has nothing before the @"
        case .localPartTooLong: "has a local part longer than 64 octets"
        case .invalidLocalPart: "has a local part that is not a valid RFC 5322 dot-atom or quoted string"
        case .emptyDomain: "has no domain after the @"
        case .invalidDomain: "has an invalid domain"
        case .tooLong: "is longer than 254 octets"
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
