import Foundation

/// Classifies the new text of a reply (quoted history already removed) with ``ReplyRules``.
///
/// The text is normalised first (case, curly apostrophes, whitespace, and diacritics unless the
/// rules keep them). Rules are tried from the highest priority down; the first rule with a match
/// that is not negated decides. Defaults give unsubscribe > wrong person > decline > negotiate >
/// positive > other, so "Sounds great, but please remove me" is an unsubscribe (decline, suppress)
/// and "Interested! What's your rate?" is a negotiation.
///
/// ```swift
/// let classifier = ReplyClassifier()                       // built-in English and French rules
/// let verdict = classifier.classify(text: "Merci, mais pas intéressée.")
/// verdict.replyClass                                       // .decline
/// verdict.evidence?.phrase                                 // "pas intéressé"
/// ```
public struct ReplyClassifier: Sendable {
    /// The rules in use.
    public let rules: ReplyRules
    private let negators: Set<String>
    private let trailingNegators: Set<String>

    /// Words that end the clause a negation can reach back into.
    private static let clauseBreakers: Set<String> = ["but", "however", "though", "although", "mais", "cependant", "pourtant", "sinon"]

    /// Creates a classifier; by default with ``ReplyRules/default``.
    public init(rules: ReplyRules = .default) {
        self.rules = rules
        negators = Set(rules.options.negators)
        trailingNegators = Set(rules.options.trailingNegators)
    }

    /// The class of a reply, whether to suppress its sender, and the evidence.
    public func classify(text: String) -> ReplyClassification {
        let normalized = ReplyTextNormalizer.normalize(text, ignoringDiacritics: rules.options.ignoreDiacritics)
        guard !normalized.isEmpty else { return ReplyClassification(replyClass: .other, suppress: false, evidence: nil) }
        let whole = NSRange(normalized.startIndex..., in: normalized)
        for rule in rules.rules {
            for matcher in rule.matchers {
                for match in matcher.expression.matches(in: normalized, range: whole) {
                    guard let range = Range(match.range, in: normalized), !range.isEmpty else { continue }
                    if rule.honoursNegation, isNegated(normalized, range) { continue }
                    let evidence = ReplyClassification.Evidence(
                        rule: rule.name, phrase: matcher.source, isRegex: matcher.isRegex, language: rule.language,
                        matchedText: String(normalized[range]), line: rule.line)
                    return ReplyClassification(replyClass: rule.replyClass, suppress: rule.suppress, evidence: evidence)
                }
            }
        }
        return ReplyClassification(replyClass: .other, suppress: false, evidence: nil)
    }

    /// True when a negator stands in the same clause within the window before the match, or a
    /// trailing negator right after it.
    private func isNegated(_ text: String, _ range: Range<String.Index>) -> Bool {
        let isBreak = { (c: Character) in ".!?;:,()[]\n".contains(c) }
        let before = text[..<range.lowerBound]
        let clauseStart = before.lastIndex(where: isBreak).map { text.index(after: $0) } ?? before.startIndex
        var counted = 0
        for word in ReplyTextNormalizer.words(text[clauseStart..<range.lowerBound]).reversed() {
            guard counted < rules.options.negationWindow, !Self.clauseBreakers.contains(String(word)) else { break }
            if isNegator(word) { return true }
            counted += 1
        }
        let after = text[range.upperBound...]
        let clauseEnd = after.firstIndex(where: isBreak) ?? after.endIndex
        for word in ReplyTextNormalizer.words(text[range.upperBound..<clauseEnd]).prefix(2) {
            if Self.clauseBreakers.contains(String(word)) { break }
            if trailingNegators.contains(String(word)) { return true }
        }
        return false
    }

    private func isNegator(_ word: Substring) -> Bool {
        negators.contains(String(word)) || word.hasSuffix("n't") || (word.hasPrefix("n'") && word.count > 2)
    }
}
