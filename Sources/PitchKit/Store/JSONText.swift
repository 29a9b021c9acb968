/// Writes JSON string literals straight into a byte buffer, for the few statements that pass a
/// batch to SQLite as one JSON array (cheaper than an encoder per row).
enum JSONText {
    /// Appends `text` as a JSON string, or `null`.
    static func append(_ text: String?, to out: inout [UInt8]) {
        guard let text else {
            out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
            return
        }
        out.append(0x22)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
