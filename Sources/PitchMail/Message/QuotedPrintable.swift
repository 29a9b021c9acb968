/// Quoted-printable body encoding (RFC 2045 §6.7) over CRLF-normalised lines, at most 76
/// characters per encoded line.
enum QuotedPrintable {
    private static let hex = Array("0123456789ABCDEF".utf8)

    /// Encodes the given lines (no line terminators inside) and joins them with CRLF.
    static func encode(lines: [ArraySlice<UInt8>]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(lines.reduce(0) { $0 + $1.count + 2 } * 11 / 10)
        for (index, line) in lines.enumerated() {
            if index > 0 { out += [13, 10] }
            var column = 0
            let lastIndex = line.endIndex - 1
            for i in line.indices {
                let byte = line[i]
                let isTrailingSpace = (byte == 0x20 || byte == 0x09) && i == lastIndex
                let literal = ((byte >= 33 && byte <= 126 && byte != 61) || byte == 0x20 || byte == 0x09) && !isTrailingSpace
                // A line-leading "." stays literal: libcurl dot-stuffs it on the wire.
                let width = literal ? 1 : 3
                // Keep room for a soft break "=" unless this is the last byte of the line.
                let limit = i == lastIndex ? 76 : 75
                if column + width > limit {
                    out += [61, 13, 10]
                    column = 0
                }
                if literal {
                    out.append(byte)
                } else {
                    out += [61, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                }
                column += width
            }
        }
        return out
    }
}
