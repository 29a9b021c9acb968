/// Decoders for Content-Transfer-Encoding (RFC 2045 §6) and RFC 2047 encoded-word text. Each is
/// lenient: it decodes what it can and reports whether the input was clean.
enum TransferDecoding {
    private static let invalid: Int8 = -1, skip: Int8 = -2, pad: Int8 = -3

    private static let base64Table: [Int8] = {
        var table = [Int8](repeating: invalid, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = Int8(i)
        }
        for c in [UInt8(ascii: " "), 9, 10, 13, 11, 12] { table[Int(c)] = skip }
        table[Int(UInt8(ascii: "="))] = pad
        // The URL-safe alphabet, which some broken senders use.
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        return table
    }()

    /// Decodes base64, skipping white space. `clean` is false when invalid characters or an
    /// incomplete final group were met (the bytes that could be read are still returned).
    static func base64<C: Collection<UInt8>>(_ input: C) -> (bytes: [UInt8], clean: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count * 3 / 4)
        var clean = true
        var quantum: UInt32 = 0
        var count = 0
        var padded = false
        for byte in input {
            let v = base64Table[Int(byte)]
            switch v {
            case skip: continue
            case invalid: clean = false
            case pad:
                if count == 2 {
                    out.append(UInt8(truncatingIfNeeded: quantum >> 4))
                } else if count == 3 {
                    out.append(UInt8(truncatingIfNeeded: quantum >> 10))
                    out.append(UInt8(truncatingIfNeeded: quantum >> 2))
                } else if count == 1 || (count == 0 && !padded) {
                    clean = false
                }
                quantum = 0
                count = 0
                padded = true
            default:
                padded = false
                quantum = (quantum << 6) | UInt32(v)
                count += 1
                if count == 4 {
                    out.append(UInt8(truncatingIfNeeded: quantum >> 16))
                    out.append(UInt8(truncatingIfNeeded: quantum >> 8))
                    out.append(UInt8(truncatingIfNeeded: quantum))
                    quantum = 0
                    count = 0
                }
            }
        }
        switch count {
        case 1: clean = false
        case 2:
            clean = false
            out.append(UInt8(truncatingIfNeeded: quantum >> 4))
        case 3:
            clean = false
            out.append(UInt8(truncatingIfNeeded: quantum >> 10))
            out.append(UInt8(truncatingIfNeeded: quantum >> 2))
        default: break
        }
        return (out, clean)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Decodes quoted-printable: `=XX` escapes, soft line breaks, trailing white space dropped.
    /// Line breaks are kept as they were (LF or CRLF). `clean` is false when an `=` starts no valid
    /// escape (the `=` is then kept as is).
    static func quotedPrintable(_ input: ArraySlice<UInt8>) -> (bytes: [UInt8], clean: Bool) {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var clean = true
        var lineStart = input.startIndex
        while lineStart < input.endIndex {
            let newline = input[lineStart...].firstIndex(of: 10)
            var lineEnd = newline ?? input.endIndex
            let hadCR = lineEnd > lineStart && input[lineEnd - 1] == 13
            if hadCR { lineEnd -= 1 }
            // Transport may add trailing white space; it is not part of the data.
            while lineEnd > lineStart, input[lineEnd - 1] == 0x20 || input[lineEnd - 1] == 0x09 { lineEnd -= 1 }
            var soft = false
            var i = lineStart
            while i < lineEnd {
                let byte = input[i]
                if byte == 0x3D {
                    if i + 1 == lineEnd {
                        soft = true
                        i += 1
                        continue
                    }
                    if i + 2 < lineEnd, let hi = hexValue(input[i + 1]), let lo = hexValue(input[i + 2]) {
                        out.append(hi << 4 | lo)
                        i += 3
                        continue
                    }
                    clean = false
                    out.append(byte)
                    i += 1
                    continue
                }
                out.append(byte)
                i += 1
            }
            if let newline {
                if !soft {
                    if hadCR { out.append(13) }
                    out.append(10)
                }
                lineStart = newline + 1
            } else {
                lineStart = input.endIndex
            }
        }
        return (out, clean)
    }

    /// Decodes the text of a Q encoded-word (RFC 2047 §4.2): `_` is a space, `=XX` an octet.
    static func qEncoding<C: Collection<UInt8>>(_ input: C) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(input)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x5F {
                out.append(0x20)
            } else if byte == 0x3D, i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(byte)
            }
            i += 1
        }
        return out
    }
}
