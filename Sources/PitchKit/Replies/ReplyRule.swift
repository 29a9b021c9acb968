import Foundation

/// One rule of a reply rules file: phrases or regular expressions that, when found in a reply,
/// give it a class (and, for unsubscribe rules, suppress the address).
///
/// Phrases match whole words, after the same normalisation as the reply (case, optionally
/// diacritics, curly apostrophes, whitespace). Regexes are ICU patterns matched case-insensitively
/// on the normalised reply. With ``honoursNegation``, a match preceded in the same clause by a
/// negator ("not", "never", "pas", "ne", "n'…") or followed by "pas", "plus", "jamais" is ignored,
/// so "not interested" never counts as the positive "interested".
public struct ReplyRule: Sendable {
    /// The rule's name from the file, or its position such as `rules[3]`.
    public let name: String
    /// The class a match gives.
    public let replyClass: ReplyClass
    /// True for unsubscribe requests: the sender must suppress the address.
    public let suppress: Bool
    /// The language tag from the file (`en`, `fr`…), for display; nil when absent.
    public let language: String?
    /// Higher wins; ties go to the class precedence (wrong person > decline > negotiate >
    /// positive), then to the rule that comes first.
    public let priority: Int
    /// The phrases, as written in the file.
    public let phrases: [String]
    /// The regular expressions, as written in the file.
    public let regexes: [String]
    /// Whether a negated match is ignored.
    public let honoursNegation: Bool
    /// The line of the file that starts the rule, when it came from a file.
    public let line: Int?

    /// One compiled phrase or regex, with the text it came from.
    struct Matcher: Sendable {
        let source: String
        let isRegex: Bool
        let expression: NSRegularExpression
    }

    /// Phrases first, then regexes, in file order.
    let matchers: [Matcher]

    init(
        name: String, replyClass: ReplyClass, suppress: Bool, language: String?, priority: Int, phrases: [String],
        regexes: [String], honoursNegation: Bool, line: Int?, matchers: [Matcher]
    ) {
        self.name = name
        self.replyClass = replyClass
        self.suppress = suppress
        self.language = language
        self.priority = priority
        self.phrases = phrases
        self.regexes = regexes
        self.honoursNegation = honoursNegation
        self.line = line
        self.matchers = matchers
    }
}
