/// Unsigned LEB128 varints (7 bits per byte, low group first), strict on decoding: at most 10
/// bytes, no overlong forms, no overflow, so every value has exactly one encoding.
enum Varint {
    /// Appends `value` to `bytes`.
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Reads one varint at `index` and advances it; nil when missing, overlong or too large.
    static func read(_ bytes: [UInt8], at index: inout Int, end: Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var position = index
        while position < end {
            let byte = bytes[position]
            position += 1
            let group = UInt64(byte & 0x7F)
            if shift == 63, group > 1 { return nil }
            value |= group << shift
            if byte & 0x80 == 0 {
                // Overlong: a final zero group after the first byte adds nothing.
                if group == 0, position - index > 1 { return nil }
                index = position
                return value
            }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }
}
