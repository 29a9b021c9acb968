import Foundation

/// Puts replies and rule phrases into one comparable form: lowercase, curly apostrophes and
/// quotes made straight, ligatures spelled out, every run of whitespace one space, and (when asked)
/// diacritics removed, so "Ça m’intéresse" and "ca m'interesse" read the same.
enum ReplyTextNormalizer {
    private static let apostrophes: Set<Unicode.Scalar> = ["\u{2019}", "\u{2018}", "\u{02BC}", "\u{2032}", "\u{00B4}", "\u{FF07}", "`"]
    private static let quotes: Set<Unicode.Scalar> = ["\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}", "\u{201E}"]
    private static let dashes: Set<Unicode.Scalar> = ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}"]

    /// The normalised form of `text`.
    static func normalize(_ text: String, ignoringDiacritics: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar == "\u{200B}" || (scalar.value < 0x20) {
                pendingSpace = !scalars.isEmpty
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            if apostrophes.contains(scalar) {
                scalars.append("'")
            } else if quotes.contains(scalar) {
                scalars.append("\"")
            } else if dashes.contains(scalar) {
                scalars.append("-")
            } else {
                switch scalar {
                case "œ", "Œ": scalars.append(contentsOf: "oe".unicodeScalars)
                case "æ", "Æ": scalars.append(contentsOf: "ae".unicodeScalars)
                default: scalars.append(scalar)
                }
            }
        }
        let lower = String(scalars).lowercased()
        guard ignoringDiacritics else { return lower }
        return lower.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// Normalises a regex pattern: only the characters that normalisation changes in replies, so
    /// escapes such as `\S` or `\p{L}` keep their meaning (the match itself is case-insensitive).
    static func normalizePattern(_ pattern: String, ignoringDiacritics: Bool) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in pattern.unicodeScalars {
            if apostrophes.contains(scalar), scalar != "`" {
                scalars.append("'")
            } else if dashes.contains(scalar) {
                scalars.append("-")
            } else {
                switch scalar {
                case "œ", "Œ": scalars.append(contentsOf: "oe".unicodeScalars)
                case "æ", "Æ": scalars.append(contentsOf: "ae".unicodeScalars)
                default: scalars.append(scalar)
                }
            }
        }
        let text = String(scalars)
        guard ignoringDiacritics else { return text }
        return text.folding(options: [.diacriticInsensitive], locale: nil)
    }

    /// The words of `text`: runs of letters, digits and inner apostrophes.
    static func words(_ text: Substring) -> [Substring] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "'") }
            .map { $0.drop { $0 == "'" } }
            .filter { !$0.isEmpty }
    }
}
