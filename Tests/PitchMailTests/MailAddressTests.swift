import Testing
@testable import PitchMail

@Suite("Address validation")
struct MailAddressTests {
    @Test("valid addresses keep the local part and lower-case the domain",
          arguments: [
            ("ana@example.com", "ana@example.com"),
            ("Ana.Ruiz+collab@Example.COM", "Ana.Ruiz+collab@example.com"),
            ("  ana@example.com\t", "ana@example.com"),
            ("\"ana ruiz\"@example.com", "\"ana ruiz\"@example.com"),
            ("o'brien@example.ie", "o'brien@example.ie"),
            ("ana@bücher.example", "ana@xn--bcher-kva.example"),
            ("info@münchen.de", "info@xn--mnchen-3ya.de"),
            ("x@例え.テスト", "x@xn--r8jz45g.xn--zckzah"),
            ("ana@example.com.", "ana@example.com"),
          ])
    func valid(input: String, expected: String) throws {
        #expect(try MailAddress(input).description == expected)
    }

    static let invalidCases: [(String, MailAddressError.Reason)] = [
            ("ana.example.com", .missingAt),
            ("@example.com", .emptyLocalPart),
            ("ana@", .emptyDomain),
            ("ana..ruiz@example.com", .invalidLocalPart),
            (".ana@example.com", .invalidLocalPart),
            ("ana ruiz@example.com", .invalidLocalPart),
            ("ana@exa mple.com", .invalidDomain),
            ("ana@-example.com", .invalidDomain),
            ("ana@example", .invalidDomain),
            ("ana@[127.0.0.1]", .invalidDomain),
            ("ana@example.com\r\nBcc: x@y.z", .controlCharacter),
            ("ana@example.com\0", .controlCharacter),
            ("a\nb@example.com", .controlCharacter),
            (String(repeating: "a", count: 65) + "@example.com", .localPartTooLong),
            ("a@" + String(repeating: "b", count: 64) + ".com", .invalidDomain),
            ("abcdefghij@" + Array(repeating: String(repeating: "d", count: 60), count: 4).joined(separator: ".") + ".com", .tooLong),
          ]

    @Test("invalid addresses are refused with the reason and the field, never the address", arguments: invalidCases)
    func invalid(input: String, reason: MailAddressError.Reason) {
        #expect(throws: MailAddressError(field: "row 7 email", reason: reason)) {
            try MailAddress(input, field: "row 7 email")
        }
        do {
            _ = try MailAddress(input, field: "row 7 email")
        } catch {
            #expect(error.description.contains("row 7 email"))
            if input.contains("@"), let local = input.split(separator: "@").first, local.count > 3 {
                #expect(!error.description.contains(String(local)))
            }
        }
    }

    @Test("UTF-8 local parts are valid but need SMTPUTF8")
    func utf8LocalPart() throws {
        let address = try MailAddress("josé@example.com")
        #expect(address.requiresSMTPUTF8)
        #expect(try !MailAddress("jose@bücher.example").requiresSMTPUTF8)
    }

    @Test("Punycode matches RFC 3492 sample strings")
    func punycode() {
        #expect(Punycode.encode("bücher") == "bcher-kva")
        #expect(Punycode.encode("münchen") == "mnchen-3ya")
        // RFC 3492 §7.1 (B) Chinese (simplified)
        #expect(Punycode.encode("他们为什么不说中文") == "ihqwcrb4cv8a8dqg056pqjye")
        // (L) 3<nen>B<gumi><kinpachi><sensei>
        #expect(Punycode.encode("3年B組金八先生") == "3B-ww4c5e180e575a65lsy2b")
    }

    @Test("duplicates are detected case-insensitively")
    func normalizedKey() throws {
        #expect(try MailAddress("Ana@Example.com").normalizedKey == MailAddress("ana@EXAMPLE.com").normalizedKey)
    }
}
