import Foundation

/// The one JSON document a `--json` command prints: one line, sorted keys, ISO 8601 dates, UTF-8,
/// and never a bare NaN or infinity (they would not be JSON).
public enum JSONOutput {
    /// Encodes `value` as one line of JSON.
    public static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
