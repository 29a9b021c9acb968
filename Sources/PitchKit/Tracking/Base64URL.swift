/// Base64url without padding (RFC 4648 §5), strict on decoding: only the URL-safe alphabet, no
/// padding, and zero unused trailing bits, so every byte string has exactly one encoding.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = Int8(index) }
        return table
    }()

    /// The unpadded base64url text of `bytes`.
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output += [alphabet[Int(chunk >> 18 & 63)], alphabet[Int(chunk >> 12 & 63)],
                       alphabet[Int(chunk >> 6 & 63)], alphabet[Int(chunk & 63)]]
            index += 3
        }
        switch bytes.count - index {
        case 1:
            let chunk = UInt32(bytes[index]) << 16
            output += [alphabet[Int(chunk >> 18 & 63)], alphabet[Int(chunk >> 12 & 63)]]
        case 2:
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output += [alphabet[Int(chunk >> 18 & 63)], alphabet[Int(chunk >> 12 & 63)], alphabet[Int(chunk >> 6 & 63)]]
        default:
            break
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The bytes of canonical unpadded base64url text, or nil for anything else.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(Array(text.utf8))
    }

    static func decode(_ utf8: [UInt8]) -> [UInt8]? {
        // Leftover bits must be zero: otherwise two texts would decode to the same bytes.
        guard let (bytes, leftover) = decodeBits(utf8), leftover == 0 else { return nil }
        return bytes
    }

    /// Decodes standard or URL-safe base64, with or without padding (for keys typed by people).
    static func decodeLenient(_ text: String) -> [UInt8]? {
        var utf8 = Array(text.utf8)
        while utf8.last == UInt8(ascii: "=") { utf8.removeLast() }
        guard !utf8.isEmpty else { return nil }
        for index in utf8.indices {
            if utf8[index] == UInt8(ascii: "+") { utf8[index] = UInt8(ascii: "-") }
            if utf8[index] == UInt8(ascii: "/") { utf8[index] = UInt8(ascii: "_") }
        }
        return decodeBits(utf8)?.bytes
    }

    /// The bytes of unpadded base64url characters and the bits left over after the last whole
    /// byte; nil for a character outside the alphabet or an impossible length.
    private static func decodeBits(_ utf8: [UInt8]) -> (bytes: [UInt8], leftover: UInt32)? {
        guard utf8.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        for character in utf8 {
            let value = values[Int(character)]
            guard value >= 0 else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return (bytes, accumulator)
    }
}
