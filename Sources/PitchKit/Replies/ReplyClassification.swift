/// The verdict on one reply: its class, whether to suppress the address, and the rule and words
/// that decided it.
public struct ReplyClassification: Sendable, Hashable {
    /// Which rule matched and where.
    public struct Evidence: Sendable, Hashable {
        /// The rule's name (or position, such as `rules[3]`).
        public let rule: String
        /// The phrase or regex that matched, as written in the rules.
        public let phrase: String
        /// True when ``phrase`` is a regular expression.
        public let isRegex: Bool
        /// The rule's language tag, when it has one.
        public let language: String?
        /// The matched words of the normalised reply (lowercased, and without diacritics when
        /// the rules ignore them).
        public let matchedText: String
        /// The line of the rules file that starts the rule, when known.
        public let line: Int?

        /// Creates evidence.
        public init(rule: String, phrase: String, isRegex: Bool, language: String?, matchedText: String, line: Int?) {
            self.rule = rule
            self.phrase = phrase
            self.isRegex = isRegex
            self.language = language
            self.matchedText = matchedText
            self.line = line
        }
    }

    /// The class of the reply; ``ReplyClass/other`` when no rule matched.
    public let replyClass: ReplyClass
    /// True when the reply asks to stop (unsubscribe): suppress the address everywhere.
    public let suppress: Bool
    /// The deciding match; nil for ``ReplyClass/other``.
    public let evidence: Evidence?

    /// Creates a classification.
    public init(replyClass: ReplyClass, suppress: Bool, evidence: Evidence?) {
        self.replyClass = replyClass
        self.suppress = suppress
        self.evidence = evidence
    }
}
