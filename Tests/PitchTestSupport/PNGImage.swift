import Foundation

/// A decoded PNG (8-bit RGB or RGBA, not interlaced: what headless Chromium writes), for tests that
/// check a screenshot was rendered. Includes a small inflate (RFC 1950/1951) because Foundation on
/// Linux has none.
public struct PNGImage: Sendable {
    /// Why a file could not be decoded.
    public struct DecodeError: Error, CustomStringConvertible {
        /// What is wrong.
        public let description: String
    }

    /// Width in pixels (from IHDR).
    public let width: Int
    /// Height in pixels (from IHDR).
    public let height: Int
    /// Bytes per pixel: 3 (RGB) or 4 (RGBA).
    public let channels: Int
    /// Unfiltered pixel rows, `width * channels` bytes each.
    public let pixels: [UInt8]

    /// Only the IHDR's width and height, without decoding the image data.
    public static func dimensions(of data: Data) throws -> (width: Int, height: Int) {
        let bytes = [UInt8](data.prefix(24))
        guard bytes.count == 24, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR"
        else { throw DecodeError(description: "not a PNG file (no signature and IHDR)") }
        return (Int(be32(bytes, 16)), Int(be32(bytes, 20)))
    }

    /// Decodes `data`.
    public init(data: Data) throws {
        let bytes = [UInt8](data)
        (width, height) = try Self.dimensions(of: data)
        let bitDepth = bytes[24], colorType = bytes[25], interlace = bytes[28]
        guard bitDepth == 8, colorType == 2 || colorType == 6, interlace == 0 else {
            throw DecodeError(description: "unsupported PNG (bit depth \(bitDepth), colour type \(colorType), interlace \(interlace))")
        }
        channels = colorType == 2 ? 3 : 4
        var idat: [UInt8] = []
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = Int(Self.be32(bytes, offset))
            let type = String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self)
            guard offset + 12 + length <= bytes.count else { throw DecodeError(description: "truncated \(type) chunk") }
            if type == "IDAT" { idat += bytes[(offset + 8)..<(offset + 8 + length)] }
            if type == "IEND" { break }
            offset += 12 + length
        }
        let stride = width * channels
        var inflater = try Inflater(zlib: idat)
        let raw = try inflater.inflate(expected: (stride + 1) * height)
        guard raw.count >= (stride + 1) * height else { throw DecodeError(description: "image data too short") }
        var out = [UInt8](repeating: 0, count: stride * height)
        for row in 0..<height {
            let filter = raw[row * (stride + 1)]
            let src = row * (stride + 1) + 1
            let dst = row * stride
            for i in 0..<stride {
                let x = Int(raw[src + i])
                let a = i >= channels ? Int(out[dst + i - channels]) : 0
                let b = row > 0 ? Int(out[dst - stride + i]) : 0
                let c = (row > 0 && i >= channels) ? Int(out[dst - stride + i - channels]) : 0
                let value: Int
                switch filter {
                case 0: value = x
                case 1: value = x + a
                case 2: value = x + b
                case 3: value = x + (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    value = x + (pa <= pb && pa <= pc ? a : (pb <= pc ? b : c))
                default: throw DecodeError(description: "unknown filter \(filter) in row \(row)")
                }
                out[dst + i] = UInt8(truncatingIfNeeded: value)
            }
        }
        pixels = out
    }

    /// The RGB colour at (x, y) as 0xRRGGBB.
    public func rgb(x: Int, y: Int) -> UInt32 {
        let i = (y * width + x) * channels
        return UInt32(pixels[i]) << 16 | UInt32(pixels[i + 1]) << 8 | UInt32(pixels[i + 2])
    }

    /// How many pixels have each colour.
    public func histogram() -> [UInt32: Int] {
        var counts: [UInt32: Int] = [:]
        for y in 0..<height { for x in 0..<width { counts[rgb(x: x, y: y), default: 0] += 1 } }
        return counts
    }

    static func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}

/// zlib/deflate decompression after Mark Adler's puff.c: stored, fixed and dynamic Huffman blocks.
struct Inflater {
    private let input: [UInt8]
    private var position = 0
    private var bitBuffer = 0
    private var bitCount = 0
    private var output: [UInt8] = []

    init(zlib data: [UInt8]) throws {
        guard data.count >= 2, data[0] & 0x0F == 8, (Int(data[0]) << 8 | Int(data[1])) % 31 == 0 else {
            throw PNGImage.DecodeError(description: "bad zlib header")
        }
        input = Array(data.dropFirst(2))
    }

    private struct Huffman {
        var count = [Int](repeating: 0, count: 16)
        var symbol: [Int]

        init(lengths: [Int]) {
            symbol = [Int](repeating: 0, count: lengths.count)
            for length in lengths { count[length] += 1 }
            var offsets = [Int](repeating: 0, count: 16)
            for length in 1..<15 { offsets[length + 1] = offsets[length] + count[length] }
            for (value, length) in lengths.enumerated() where length != 0 {
                symbol[offsets[length]] = value
                offsets[length] += 1
            }
        }
    }

    private mutating func bits(_ need: Int) throws -> Int {
        while bitCount < need {
            guard position < input.count else { throw PNGImage.DecodeError(description: "deflate data ran out") }
            bitBuffer |= Int(input[position]) << bitCount
            position += 1
            bitCount += 8
        }
        let value = bitBuffer & ((1 << need) - 1)
        bitBuffer >>= need
        bitCount -= need
        return value
    }

    private mutating func decode(_ h: Huffman) throws -> Int {
        var code = 0, first = 0, index = 0
        for length in 1..<16 {
            code |= try bits(1)
            let count = h.count[length]
            if code - count < first { return h.symbol[index + (code - first)] }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw PNGImage.DecodeError(description: "bad Huffman code")
    }

    private static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
        8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws {
        while true {
            let symbol = try decode(lengths)
            if symbol < 256 {
                output.append(UInt8(symbol))
            } else if symbol == 256 {
                return
            } else {
                let s = symbol - 257
                guard s < 29 else { throw PNGImage.DecodeError(description: "bad length symbol") }
                let length = Self.lengthBase[s] + (try bits(Self.lengthExtra[s]))
                let d = try decode(distances)
                guard d < 30 else { throw PNGImage.DecodeError(description: "bad distance symbol") }
                let distance = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
                guard distance <= output.count else { throw PNGImage.DecodeError(description: "distance too far back") }
                let start = output.count - distance
                for i in 0..<length { output.append(output[start + i]) }
            }
        }
    }

    /// Inflates the whole stream.
    mutating func inflate(expected: Int) throws -> [UInt8] {
        output.reserveCapacity(expected)
        var last = 0
        repeat {
            last = try bits(1)
            switch try bits(2) {
            case 0:
                bitBuffer = 0
                bitCount = 0
                guard position + 4 <= input.count else { throw PNGImage.DecodeError(description: "truncated stored block") }
                let length = Int(input[position]) | Int(input[position + 1]) << 8
                position += 4
                guard position + length <= input.count else { throw PNGImage.DecodeError(description: "truncated stored block") }
                output += input[position..<(position + length)]
                position += length
            case 1:
                let lengths = Huffman(lengths: (0..<288).map { $0 < 144 ? 8 : $0 < 256 ? 9 : $0 < 280 ? 7 : 8 })
                try codes(lengths, Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2:
                let nlen = try bits(5) + 257, ndist = try bits(5) + 1, ncode = try bits(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var codeLengths = [Int](repeating: 0, count: 19)
                for i in 0..<ncode { codeLengths[order[i]] = try bits(3) }
                let lencode = Huffman(lengths: codeLengths)
                var lengths: [Int] = []
                while lengths.count < nlen + ndist {
                    let symbol = try decode(lencode)
                    switch symbol {
                    case 0..<16: lengths.append(symbol)
                    case 16:
                        guard let previous = lengths.last else { throw PNGImage.DecodeError(description: "repeat with no length") }
                        lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
                    }
                }
                try codes(Huffman(lengths: Array(lengths[0..<nlen])), Huffman(lengths: Array(lengths[nlen..<(nlen + ndist)])))
            default:
                throw PNGImage.DecodeError(description: "invalid deflate block type")
            }
        } while last == 0
        return output
    }
}
