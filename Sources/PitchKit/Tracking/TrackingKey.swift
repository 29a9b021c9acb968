import Crypto
import Foundation

/// The secret that signs tracking tokens: at least 32 random bytes, read from an environment
/// variable (``defaultVariable`` unless configured), written as hex or base64.
///
/// The key never appears in `description`, `debugDescription`, reflection or errors:
///
/// ```swift
/// let key = try TrackingKey.fromEnvironment()             // PITCHLAB_TRACKING_KEY
/// let codec = TrackingTokenCodec(key: key)
/// print(key)                                              // TrackingKey(redacted)
/// ```
///
/// Generate one with `openssl rand -hex 32` or ``generateEncoded()``.
public struct TrackingKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The environment variable read by default: `PITCHLAB_TRACKING_KEY`.
    public static let defaultVariable = "PITCHLAB_TRACKING_KEY"
    /// The fewest key bytes accepted (256 bits).
    public static let minimumByteCount = 32

    /// The key material (kept as bytes: `SymmetricKey` is not `Sendable` on every platform).
    private let bytes: [UInt8]

    /// The key for HMAC.
    var symmetricKey: SymmetricKey { SymmetricKey(data: bytes) }

    /// Wraps raw key bytes.
    ///
    /// - Parameters:
    ///   - bytes: The secret, at least ``minimumByteCount`` bytes.
    ///   - variable: Where the bytes came from, named in the error.
    /// - Throws: ``TrackingKeyError/Kind/tooShort`` when there are too few bytes.
    public init(bytes: some Collection<UInt8>, variable: String = TrackingKey.defaultVariable) throws(TrackingKeyError) {
        guard bytes.count >= Self.minimumByteCount else {
            throw TrackingKeyError(
                .tooShort, variable: variable,
                "\(variable) holds \(bytes.count) bytes, fewer than the \(Self.minimumByteCount) required; generate a new key, e.g. with openssl rand -hex 32.")
        }
        self.bytes = Array(bytes)
    }

    /// Decodes a key written as hex (64 or more hex digits) or base64 (standard or URL-safe,
    /// padding optional). A value made only of hex digits is read as hex.
    ///
    /// - Parameters:
    ///   - encoded: The hex or base64 text; surrounding whitespace is ignored.
    ///   - variable: Where the text came from, named in errors.
    /// - Throws: ``TrackingKeyError`` (``TrackingKeyError/Kind/missing``, ``TrackingKeyError/Kind/malformed``
    ///   or ``TrackingKeyError/Kind/tooShort``); the error never contains the text.
    public init(encoded: String, variable: String = TrackingKey.defaultVariable) throws(TrackingKeyError) {
        let text = encoded.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw TrackingKeyError(
                .missing, variable: variable,
                "\(variable) is empty; export at least 32 random bytes as hex, e.g. export \(variable)=$(openssl rand -hex 32).")
        }
        let bytes: [UInt8]
        if let hex = Self.decodeHex(text) {
            bytes = hex
        } else if let base64 = Base64URL.decodeLenient(text) {
            bytes = base64
        } else {
            throw TrackingKeyError(
                .malformed, variable: variable,
                "\(variable) is neither hex nor base64; set it to at least 32 random bytes as hex, e.g. with openssl rand -hex 32.")
        }
        try self.init(bytes: bytes, variable: variable)
    }

    /// Reads the key from the environment.
    ///
    /// - Parameters:
    ///   - environment: The variables to read, by default the process environment.
    ///   - variable: The variable's name; ``defaultVariable`` by default.
    /// - Throws: ``TrackingKeyError`` when the variable is unset, malformed or too short.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        variable: String = TrackingKey.defaultVariable
    ) throws(TrackingKeyError) -> TrackingKey {
        guard let value = environment[variable] else {
            throw TrackingKeyError(
                .missing, variable: variable,
                "\(variable) is not set; export at least 32 random bytes as hex, e.g. export \(variable)=$(openssl rand -hex 32).")
        }
        return try TrackingKey(encoded: value, variable: variable)
    }

    /// A fresh random key of 32 bytes as 64 lowercase hex digits, for `export` lines and secrets files.
    public static func generateEncoded() -> String {
        let key = SymmetricKey(size: .bits256)
        return key.withUnsafeBytes { buffer in
            buffer.map { byte in
                let digits = Array("0123456789abcdef")
                return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
            }.joined()
        }
    }

    /// Always `TrackingKey(redacted)`.
    public var description: String { "TrackingKey(redacted)" }
    /// Always `TrackingKey(redacted)`.
    public var debugDescription: String { description }
    /// A mirror with no children, so `dump` and string interpolation cannot reveal the key.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// The bytes of an even-length string of hex digits, or nil.
    static func decodeHex(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard !utf8.isEmpty, utf8.count.isMultiple(of: 2) else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
