import Foundation

/// The one JSON document a `--json` command prints: sorted keys, no NaN, UTF-8.
public enum JSONOutput {
    /// Encodes `value` as one line of JSON.
    public static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
