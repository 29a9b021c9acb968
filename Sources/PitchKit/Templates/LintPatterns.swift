import Foundation

/// The word lists and patterns behind the lint rules, kept in one place so they are easy to review.
enum LintPatterns {
    /// A case-insensitive set of regular expressions, matched with simple word boundaries.
    struct Finder {
        let patterns: [String]

        init(_ patterns: [String]) {
            self.patterns = patterns
        }

        private func regexes() -> [Regex<AnyRegexOutput>] {
            // The patterns are constants of this file, checked by the tests, so compiling cannot fail.
            patterns.map { try! Regex($0).ignoresCase().wordBoundaryKind(.simple) }
        }

        func contains(_ text: String) -> Bool {
            regexes().contains { text.firstMatch(of: $0) != nil }
        }

        /// Every match, in text order, overlapping ones merged into the earliest.
        func matches(in text: String) -> [Range<String.Index>] {
            let ranges = regexes().flatMap { regex in text.matches(of: regex).map(\.range) }
                .filter { !$0.isEmpty }
                .sorted { ($0.lowerBound, $1.upperBound) < ($1.lowerBound, $0.upperBound) }
            var result: [Range<String.Index>] = []
            for range in ranges where result.last.map({ range.lowerBound >= $0.upperBound }) ?? true {
                result.append(range)
            }
            return result
        }
    }

    private static let numberWord = "(?:\\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"

    /// An offer is concrete when it names money, a percentage, or a number of things.
    static let concreteOffer = Finder([
        "[$€£¥₹]\\s?\\d",
        "\\d[\\d,.]*\\s?(?:k|usd|eur|gbp|cad|aud|dollars?|euros?|pounds?)\\b",
        "\\b(?:usd|eur|gbp|cad|aud)\\s?\\d",
        "\\d+(?:[.,]\\d+)?\\s?(?:%|percent\\b|per cent\\b)",
        "\\b\\d+\\b[\\w\\s\\-–]{0,30}?\\b(?:kits?|box(?:es)?|bags?|packs?|bottles?|sets?|products?|pairs?|guitars?|"
            + "instruments?|units?|samples?|cases?|bundles?|crates?|months?|weeks?|days?|vouchers?|credits?|items?|"
            + "loan|tickets?|nights?|cans?|jars?|tubes?|flavou?rs?)\\b",
    ])

    /// Something a creator makes or posts.
    static let deliverable = Finder([
        "\\b(?:videos?|tiktoks?|reels?|shorts|posts?|stor(?:y|ies)|reviews?|(?:live)?streams?|unboxings?|"
            + "tutorials?|carousels?|photos?|episodes?|segments?|integrations?|mentions?|vlogs?|clips?|pins?|"
            + "threads?|articles?|demos?|lives?|uploads?)\\b"
    ])

    private static let weekday = "(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    private static let month =
        "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
        + "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"

    /// A time limit: "within 14 days", "by Friday", "before 30 June", "by the end of the month", a date.
    static let deadline = Finder([
        "\\b(?:within|in|over)\\s+(?:the\\s+(?:next|first)\\s+)?\(numberWord)(?:\\s*-\\s*|\\s+)?"
            + "(?:days?|weeks?|months?|hours?)\\b",
        "\\b\\d+\\s*-?\\s*days?\\s+(?:of|after|from)\\b",
        "\\b(?:by|before|until|no later than|due)\\s+(?:the\\s+)?(?:end\\s+of\\s+(?:the\\s+)?)?"
            + "(?:\(weekday)|\(month)\\b|\\d{1,2}(?:st|nd|rd|th)?\\b|this week|next week|week|month)",
        "\\b\\d{4}-\\d{2}-\\d{2}\\b",
    ])

    /// Attachments, decks and document links.
    static let attachment = Finder([
        "\\battach(?:ed|ment|ments|ing)?\\b",
        "\\b(?:pdfs?|pptx?|docx?|keynote)\\b",
        "\\b(?:slide\\s*)?decks?\\b",
        "\\b(?:media|press)\\s*kits?\\b",
        "\\b(?:brochures?|one-?pagers?)\\b",
        "\\b(?:docs|drive)\\.google\\.com\\b",
        "\\b(?:dropbox\\.com|wetransfer\\.com|we\\.tl|1drv\\.ms|onedrive\\.live\\.com|docsend\\.com|"
            + "notion\\.(?:so|site)|canva\\.com|issuu\\.com|box\\.com)\\b",
    ])

    /// Two or more exclamation marks (or "?!").
    static let exclamations = Finder(["!{2,}", "\\?!|!\\?"])

    /// Words that spam filters and creators read as spam in a subject line.
    static let spamTriggerWords: [String] = [
        "free", "100%", "act now", "apply now", "amazing", "bargain", "best price", "buy now", "cash", "cheap",
        "click here", "congratulations", "dear friend", "discount", "don't miss", "double your", "earn money",
        "exclusive deal", "extra income", "fast cash", "giveaway", "guarantee", "guaranteed", "last chance",
        "limited time", "lowest price", "make money", "no cost", "no obligation", "once in a lifetime",
        "order now", "prize", "risk-free", "risk free", "special promotion", "urgent", "winner", "$$$",
    ]

    static let spamWords = Finder(
        spamTriggerWords.map { word in
            let escaped = word.replacingOccurrences(of: "$", with: "\\$")
            let start = word.first!.isLetter ? "\\b" : ""
            let end = word.last!.isLetter ? "\\b" : ""
            return start + escaped + end
        })

    /// Words of four or more letters written entirely in capitals ("FREE", "URGENT").
    static func capitalWords(in text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var start: String.Index?
        var allCaps = true
        var letters = 0
        var index = text.startIndex
        func close(at end: String.Index) {
            if let start, allCaps, letters >= 4 { result.append(start..<end) }
        }
        while index < text.endIndex {
            let character = text[index]
            if character.isLetter {
                if start == nil {
                    start = index
                    allCaps = true
                    letters = 0
                }
                letters += 1
                if !character.isUppercase { allCaps = false }
            } else {
                close(at: index)
                start = nil
            }
            index = text.index(after: index)
        }
        close(at: text.endIndex)
        return result
    }

    /// True when one of the last lines is a sign-off ("Best,", "Thanks —", "Cheers") followed by a name.
    static func hasSignOff(_ text: String) -> Bool {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let tail = Array(lines.suffix(4))
        let signOffs = [
            "best", "thanks", "thank you", "many thanks", "cheers", "regards", "kind regards", "warmly", "warm regards",
            "sincerely", "talk soon", "speak soon", "all the best", "take care", "with thanks", "xo",
        ]
        for (position, line) in tail.enumerated() {
            let lower = line.lowercased()
            // "— Maya" is a sign-off and a name at once.
            if lower.hasPrefix("—") || lower.hasPrefix("–"), lower.contains(where: \.isLetter) { return true }
            let isSignOff = signOffs.contains { signOff in
                lower.hasPrefix(signOff) && (lower.dropFirst(signOff.count).first.map { !$0.isLetter } ?? true)
            }
            if isSignOff, position < tail.count - 1 { return true }
        }
        return false
    }
}
