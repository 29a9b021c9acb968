import Foundation

/// The text encoding of a recipients file: UTF-8 (with or without a byte order mark) unless the
/// user says otherwise with `--encoding`.
public enum RecipientFileEncoding: String, Sendable, Hashable, CaseIterable {
    /// UTF-8, the default; a byte order mark is skipped.
    case utf8 = "utf-8"
    /// Windows-1252 ("ANSI"), what Excel on Windows saves as plain "CSV".
    case windows1252 = "windows-1252"

    /// Parses a name given on the command line (`utf-8`, `utf8`, `windows-1252`, `cp1252`…); nil when unknown.
    public init?(name: String) {
        switch name.lowercased().filter({ $0.isLetter || $0.isNumber }) {
        case "utf8": self = .utf8
        case "windows1252", "cp1252", "win1252", "ansi": self = .windows1252
        default: return nil
        }
    }

    /// The names accepted by ``init(name:)``, for help and errors.
    public static let acceptedNames = "utf-8, windows-1252"

    /// Windows-1252 bytes 0x80–0x9F (the rest equal Latin-1); 0 marks the five undefined bytes.
    private static let high: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Converts Windows-1252 bytes to UTF-8; the five undefined bytes become U+FFFD.
    static func utf8(fromWindows1252 data: Data) -> Data {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(data.count)
        for byte in data {
            if byte >= 0x80, byte <= 0x9F {
                let value = high[Int(byte) - 0x80]
                scalars.append(Unicode.Scalar(value == 0 ? 0xFFFD : value) ?? "\u{FFFD}")
            } else {
                scalars.append(Unicode.Scalar(byte))
            }
        }
        return Data(String(scalars).utf8)
    }

    /// The 1-based line of the first byte sequence that is not UTF-8, or nil when all of `data` is UTF-8.
    static func firstInvalidUTF8Line(in data: Data) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            let bytes = raw.bindMemory(to: UInt8.self)
            if String(validating: bytes, as: UTF8.self) != nil { return nil }
            // A line feed never occurs inside a multi-byte sequence, so lines can be checked one by one.
            var line = 1
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
                if String(validating: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self) == nil {
                    return line
                }
                line += 1
                start = index + 1
            }
            return line
        }
    }
}
