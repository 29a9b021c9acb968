import Foundation

/// Turns bytes in a MIME charset into a String. UTF-8, US-ASCII, ISO-8859-1, ISO-8859-15 and
/// windows-1252 are decoded here (so they behave the same on every platform); a few more go
/// through Foundation's `String.Encoding`.
///
/// As in browsers (WHATWG Encoding), ISO-8859-1 is read as windows-1252, whose printable
/// characters in 0x80–0x9F (€, curly quotes, dashes) are what mislabelled mail really holds, and
/// US-ASCII text with 8-bit bytes is read as UTF-8 when valid and windows-1252 otherwise.
enum InboundCharset {
    private enum Known {
        case utf8, ascii, windows1252, latin9
        case foundation(String.Encoding)
    }

    /// The normalised label: lower-cased, without quotes, spaces or an RFC 2231 language suffix.
    static func normalise(_ label: String) -> String {
        var name = label.lowercased()
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        return String(name.unicodeScalars.filter { $0 != "\"" && $0 != "'" && $0 != " " && $0 != "\t" })
    }

    private static func known(_ label: String) -> Known? {
        switch normalise(label) {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode-2-0-utf-8":
            return .utf8
        case "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "cp367", "ibm367", "csascii", "":
            return .ascii
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "latin1", "latin-1", "l1", "cp819",
             "ibm819", "iso-ir-100", "csisolatin1", "windows-1252", "cp1252", "x-cp1252", "cp-1252", "win-1252",
             "ms-ansi", "iso88591":
            return .windows1252
        case "iso-8859-15", "iso8859-15", "iso_8859-15", "latin-9", "latin9", "l9", "csisolatin9", "iso885915":
            return .latin9
        case "iso-8859-2", "iso8859-2", "iso_8859-2", "latin2", "latin-2", "l2": return .foundation(.isoLatin2)
        case "windows-1250", "cp1250", "x-cp1250": return .foundation(.windowsCP1250)
        case "windows-1251", "cp1251", "x-cp1251": return .foundation(.windowsCP1251)
        case "windows-1253", "cp1253": return .foundation(.windowsCP1253)
        case "windows-1254", "cp1254": return .foundation(.windowsCP1254)
        case "utf-16": return .foundation(.utf16)
        case "utf-16be", "unicodefffe": return .foundation(.utf16BigEndian)
        case "utf-16le": return .foundation(.utf16LittleEndian)
        case "utf-32": return .foundation(.utf32)
        case "utf-32be": return .foundation(.utf32BigEndian)
        case "utf-32le": return .foundation(.utf32LittleEndian)
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "cp932", "windows-31j": return .foundation(.shiftJIS)
        case "iso-2022-jp", "csiso2022jp": return .foundation(.iso2022JP)
        case "euc-jp", "x-euc-jp": return .foundation(.japaneseEUC)
        default: return nil
        }
    }

    /// True when `label` names a charset this decoder knows.
    static func isKnown(_ label: String) -> Bool { known(label) != nil }

    /// The text of `bytes` in `charset`, or nil when the charset is unknown or the bytes cannot be
    /// read in it.
    static func decode<C: Collection<UInt8>>(_ bytes: C, charset: String) -> String? {
        guard let kind = known(charset) else { return nil }
        switch kind {
        case .utf8: return String(decoding: bytes, as: UTF8.self)
        case .ascii: return lenient(bytes)
        case .windows1252: return singleByte(bytes, high: windows1252High)
        case .latin9: return latin9(bytes)
        case .foundation(let encoding): return String(data: Data(bytes), encoding: encoding)
        }
    }

    /// UTF-8 when the bytes are valid UTF-8, windows-1252 otherwise. Never fails.
    static func lenient<C: Collection<UInt8>>(_ bytes: C) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) || isValidUTF8(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return singleByte(bytes, high: windows1252High)
    }

    static func isValidUTF8<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// windows-1252 0x80–0x9F (WHATWG: the five undefined bytes map to the C1 controls).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    private static func singleByte<C: Collection<UInt8>>(_ bytes: C, high: [UInt32]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value = byte >= 0x80 && byte <= 0x9F ? high[Int(byte - 0x80)] : UInt32(byte)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }

    private static func latin9<C: Collection<UInt8>>(_ bytes: C) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value: UInt32
            switch byte {
            case 0xA4: value = 0x20AC
            case 0xA6: value = 0x0160
            case 0xA8: value = 0x0161
            case 0xB4: value = 0x017D
            case 0xB8: value = 0x017E
            case 0xBC: value = 0x0152
            case 0xBD: value = 0x0153
            case 0xBE: value = 0x0178
            default: value = UInt32(byte)
            }
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}
