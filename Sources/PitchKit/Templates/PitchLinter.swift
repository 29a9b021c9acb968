public import Foundation

/// Checks a pitch template against the rules of a good first pitch: short, personal, an explicit value
/// exchange (a concrete offer and a concrete ask with a deadline, both in the body), no attachments,
/// a calm subject, a signature, and variables that every recipient can fill.
///
/// ```swift
/// let findings = try PitchLinter().lint(contentsOf: URL(filePath: "Templates/glow.pitch"),
///                                       displayPath: "Templates/glow.pitch")
/// for finding in findings { print(finding) }   // file:line:column: error: … [rule]; hint: …
/// ```
///
/// Findings come in file order (line, then column, then the order of ``LintRule/all``), and the same
/// input always gives the same output. See ``LintRule`` for the rules and their severities.
public struct PitchLinter: Sendable {
    /// The recipient columns of the standard recipients file (see DESIGN.md).
    public static let standardColumns: [String] = [
        "email", "name", "handle", "platform", "followers", "avg_views", "relevance", "cost", "persona", "type",
        "timezone",
    ]

    /// Recipient columns a variable may use without a default.
    public let knownColumns: Set<String>
    /// The subject length above which ``LintRule/subjectLength`` fires.
    public let subjectCharacterLimit = 60
    /// The length assumed for a variable without a default when measuring a subject.
    public let assumedVariableLength = 10

    /// Creates a linter.
    ///
    /// - Parameter knownColumns: The recipient columns every row has; defaults to ``standardColumns``.
    ///   Names are compared lowercased.
    public init(knownColumns: some Sequence<String> = PitchLinter.standardColumns) {
        self.knownColumns = Set(knownColumns.map { $0.lowercased() })
    }

    /// Lints a template file. Syntax errors become ``LintRule/syntax`` findings.
    ///
    /// - Throws: ``TemplateError`` only when the file cannot be read.
    public func lint(contentsOf url: URL, displayPath: String? = nil) throws -> [LintDiagnostic] {
        do {
            return lint(try PitchTemplate.load(contentsOf: url, displayPath: displayPath))
        } catch let error as TemplateError where error.kind != .unreadableFile {
            return [Self.diagnostic(for: error)]
        }
    }

    /// Lints template text. Syntax errors become ``LintRule/syntax`` findings.
    public func lint(source: String, file: String) -> [LintDiagnostic] {
        do {
            return lint(try PitchTemplate.parse(source, file: file))
        } catch let error as TemplateError {
            return [Self.diagnostic(for: error)]
        } catch {
            return [LintDiagnostic(.syntax, at: TemplateLocation(file: file, line: 1, column: 1), "\(error)", hint: "fix the file")]
        }
    }

    /// Lints a parsed template.
    public func lint(_ template: PitchTemplate) -> [LintDiagnostic] {
        var check = Check(template: template, linter: self)
        check.run()
        let order = Dictionary(uniqueKeysWithValues: LintRule.all.enumerated().map { ($1.id, $0) })
        return check.findings.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element, rhs.element)
            if a.location != b.location { return a.location < b.location }
            if a.rule != b.rule { return order[a.rule, default: .max] < order[b.rule, default: .max] }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Turns a parse error into a ``LintRule/syntax`` finding, splitting its "what; fix" message.
    static func diagnostic(for error: TemplateError) -> LintDiagnostic {
        let location = error.location ?? TemplateLocation(file: error.file ?? "", line: 1, column: 1)
        if let split = error.message.range(of: "; ", options: .backwards) {
            return LintDiagnostic(
                .syntax, at: location, String(error.message[..<split.lowerBound]),
                hint: String(error.message[split.upperBound...]))
        }
        return LintDiagnostic(.syntax, at: location, error.message, hint: "fix the template at this line")
    }
}

// MARK: - The checks

extension PitchLinter {
    /// One lint run over one template.
    private struct Check {
        let template: PitchTemplate
        let linter: PitchLinter
        var findings: [LintDiagnostic] = []

        init(template: PitchTemplate, linter: PitchLinter) {
            self.template = template
            self.linter = linter
        }

        mutating func report(_ rule: LintRule, at location: TemplateLocation, _ message: String, hint: String) {
            findings.append(LintDiagnostic(rule, at: location, message, hint: hint))
        }

        private func fieldLocation(_ key: String) -> TemplateLocation {
            template.fieldLocations[key] ?? template.fileStart
        }

        mutating func run() {
            checkParts()
            checkOffers()
            checkAsk()
            checkBodies()
            checkAttachments()
            checkSubjects()
            checkVariables()
            checkPersonalisation()
            checkUnknownFields()
        }

        // MARK: Parts

        mutating func checkParts() {
            if template.subjects.isEmpty {
                report(
                    .missingSubject, at: fieldLocation("subjects"), "the template has no subject line",
                    hint: "add subjects with at least one {id, text}, ideally two to test against each other")
            }
            if template.messages.isEmpty {
                report(
                    .missingBody, at: template.fileStart, "the template has no message body",
                    hint: "write the pitch after the closing --- line")
            }
            if template.offers.isEmpty {
                report(
                    .missingOffer, at: fieldLocation("offers"), "the template has no offer: the creator cannot see what they get",
                    hint: "add offers with at least one concrete offer, e.g. 'a $300 fee plus a 3-product kit (worth $90)'")
            }
            if template.ask == nil {
                report(
                    .missingAsk, at: fieldLocation("ask"), "the template has no ask: the creator cannot see what to do",
                    hint: "add ask: with one deliverable and a deadline, e.g. 'one 30–60 s TikTok within 14 days'")
            }
        }

        mutating func checkOffers() {
            for offer in template.offers where !LintPatterns.concreteOffer.contains(offer.compiled.literalText) {
                report(
                    .vagueOffer, at: offer.location,
                    "offer '\(offer.id)' names no amount, percentage or quantity, so the value is unclear",
                    hint: "say exactly what the creator gets, e.g. 'a $300 fee plus a 3-product kit (worth $90)' or '15% commission for 60 days'")
            }
        }

        mutating func checkAsk() {
            guard let ask = template.ask else { return }
            let text = ask.compiled.literalText
            var missing: [String] = []
            if !LintPatterns.deliverable.contains(text) { missing.append("deliverable (what to post)") }
            if !LintPatterns.deadline.contains(text) { missing.append("deadline (by when)") }
            guard !missing.isEmpty else { return }
            report(
                .vagueAsk, at: ask.location, "the ask names no \(missing.joined(separator: " and no "))",
                hint: "ask for one concrete deliverable by a date, e.g. 'one 30–60 s TikTok within 14 days, code in the caption'")
        }

        // MARK: Bodies

        mutating func checkBodies() {
            let offerWords = template.offers.map { Self.wordCount($0.compiled.nodes, builtin: { _ in 0 }) }.max() ?? 0
            let askWords = template.ask.map { Self.wordCount($0.compiled.nodes, builtin: { _ in 0 }) } ?? 0
            let brandWords = template.brand.map { Self.words(in: $0) } ?? 0
            for message in template.messages {
                let names = Set(message.compiled.referencedNames)
                let label = template.messages.count == 1 ? "the body" : "message '\(message.id)'"
                let words = Self.wordCount(message.compiled.nodes) { builtin in
                    switch builtin {
                    case .offer: offerWords
                    case .ask: askWords
                    case .brand: brandWords
                    case .signature: 0
                    }
                }
                if words > template.wordLimit {
                    report(
                        .wordLimit, at: message.location,
                        "\(label) is about \(words) words with the longest offer, over the limit of \(template.wordLimit): long pitches go unread",
                        hint: "cut it to who you are, why them, what you give, what you ask and by when (short pitch)")
                }
                if !template.offers.isEmpty, !names.contains(TemplateBuiltin.offer.rawValue) {
                    report(
                        .offerNotInBody, at: message.location, "\(label) never says the offer",
                        hint: "put {{offer}} in the body so the value exchange is explicit")
                }
                if template.ask != nil, !names.contains(TemplateBuiltin.ask.rawValue) {
                    report(
                        .askNotInBody, at: message.location, "\(label) never says the ask",
                        hint: "put {{ask}} in the body so the creator knows what to do and by when")
                }
                if names.contains(TemplateBuiltin.signature.rawValue) {
                    if template.signature == nil, let tag = message.compiled.tags.first(where: { $0.name == "signature" }) {
                        report(
                            .unknownVariable, at: tag.location,
                            "\(label) uses {{signature}} but the front matter has no signature",
                            hint: "add 'signature: |' with the sender's name and role on the lines below it")
                    }
                } else if !LintPatterns.hasSignOff(message.compiled.literalText) {
                    report(
                        .missingSignature, at: message.location, "\(label) ends without a sender signature",
                        hint: "add a signature field and end the body with {{signature}}, so the creator sees who is writing")
                }
            }
        }

        /// Words of rendered text, counting a variable as one word and a built-in by `builtin`.
        static func wordCount(_ nodes: [CompiledText.Node], builtin: (TemplateBuiltin) -> Int) -> Int {
            var count = 0
            for node in nodes {
                switch node {
                case .text(let text): count += words(in: text)
                case .variable(.builtin(let value), _): count += builtin(value)
                case .variable(.column, _), .current: count += 1
                case .section(_, _, let children): count += wordCount(children, builtin: builtin)
                }
            }
            return count
        }

        static func words(in text: String) -> Int {
            text.split(whereSeparator: { $0.isWhitespace }).count { word in
                word.contains { $0.isLetter || $0.isNumber }
            }
        }

        // MARK: Attachments

        mutating func checkAttachments() {
            for (role, variant) in template.allTexts {
                let text = variant.compiled.literalText
                let matches = LintPatterns.attachment.matches(in: text)
                guard let first = matches.first else { continue }
                let terms = matches.map { "'\(text[$0])'" }
                var unique: [String] = []
                for term in terms where !unique.contains(term) { unique.append(term) }
                report(
                    .attachment, at: variant.compiled.origin.location(of: first.lowerBound, in: text),
                    "the \(label(role, variant)) mentions an attachment, deck or document (\(unique.joined(separator: ", "))), which first pitches should not carry",
                    hint: "put the essentials in the text and offer details once the creator replies")
            }
        }

        func label(_ role: TemplateTextRole, _ variant: PitchVariant) -> String {
            switch role {
            case .ask: "ask"
            case .signature: "signature"
            case .message where template.messages.count == 1: "body"
            default: "\(role.noun) '\(variant.id)'"
            }
        }

        // MARK: Subjects

        mutating func checkSubjects() {
            for subject in template.subjects {
                let text = subject.compiled.literalText
                let length = estimatedLength(subject.compiled.nodes)
                if length > linter.subjectCharacterLimit {
                    report(
                        .subjectLength, at: subject.location,
                        "subject '\(subject.id)' is about \(length) characters, over \(linter.subjectCharacterLimit) (counting \(linter.assumedVariableLength) per variable without a default)",
                        hint: "shorten it so it shows in full on a phone; lead with the creator and the idea")
                }
                var shouting: [Range<String.Index>] = LintPatterns.capitalWords(in: text)
                shouting += LintPatterns.exclamations.matches(in: text)
                if let first = shouting.min(by: { $0.lowerBound < $1.lowerBound }) {
                    report(
                        .subjectShouting, at: subject.compiled.origin.location(of: first.lowerBound, in: text),
                        "subject '\(subject.id)' shouts ('\(text[first])')",
                        hint: "write it in sentence case with at most one '!'; calm subjects get opened")
                }
                let spam = LintPatterns.spamWords.matches(in: text)
                if let first = spam.first {
                    var words: [String] = []
                    for range in spam where !words.contains(text[range].lowercased()) { words.append(text[range].lowercased()) }
                    report(
                        .subjectSpamWords, at: subject.compiled.origin.location(of: first.lowerBound, in: text),
                        "subject '\(subject.id)' uses spam trigger words (\(words.map { "'\($0)'" }.joined(separator: ", ")))",
                        hint: "name the idea instead; spam filters and creators both skip these words")
                }
            }
        }

        /// The subject's rendered length with defaults in place and a typical length for other variables.
        func estimatedLength(_ nodes: [CompiledText.Node]) -> Int {
            var length = 0
            for node in nodes {
                switch node {
                case .text(let text): length += text.count
                case .variable(.builtin(.brand), _): length += template.brand?.count ?? linter.assumedVariableLength
                case .variable(.column(let name), _):
                    length += template.defaults[name]?.count ?? linter.assumedVariableLength
                case .variable(.builtin, _), .current: length += linter.assumedVariableLength
                case .section(_, _, let children): length += estimatedLength(children)
                }
            }
            return length
        }

        // MARK: Variables

        mutating func checkVariables() {
            var known = linter.knownColumns.union(template.columns).union(template.defaults.keys)
            known.insert(TemplateBuiltin.offer.rawValue)
            known.insert(TemplateBuiltin.ask.rawValue)
            known.insert(TemplateBuiltin.signature.rawValue)
            if template.brand != nil { known.insert(TemplateBuiltin.brand.rawValue) }
            var used: Set<String> = []
            for (_, variant) in template.allTexts {
                for tag in variant.compiled.tags where tag.kind != .comment && tag.kind != .closeSection && tag.name != "." {
                    used.insert(tag.name)
                    guard !known.contains(tag.name) else { continue }
                    var hint = "add \(tag.name) to defaults, or list it under columns if every recipient row has it"
                    if let guess = Self.closest(to: tag.name, in: known) { hint = "did you mean {{\(guess)}}? Otherwise " + hint }
                    report(
                        .unknownVariable, at: tag.location,
                        "{{\(tag.name)}} is not a recipient column and has no default, so no recipient can fill it",
                        hint: hint)
                }
            }
            for (name, location) in template.defaultLocations where !used.contains(name) {
                report(
                    .unusedDefault, at: location, "the default for \(name) is never used",
                    hint: "remove it, or use {{\(name)}} in a subject or the body")
            }
        }

        static func closest(to name: String, in candidates: Set<String>) -> String? {
            let limit = name.count <= 3 ? 1 : 2
            let scored = candidates.map { ($0, editDistance(name, $0)) }.filter { $0.1 <= limit }
            return scored.min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
        }

        /// Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.
        static func editDistance(_ a: String, _ b: String) -> Int {
            let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
            if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
            var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
            for i in 0...a.count { table[i][0] = i }
            for j in 0...b.count { table[0][j] = j }
            for i in 1...a.count {
                for j in 1...b.count {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                        table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                    }
                }
            }
            return table[a.count][b.count]
        }

        // MARK: Personalisation

        mutating func checkPersonalisation() {
            guard !template.messages.isEmpty else { return }
            let personal = Set(["name", "handle"]).union(template.columns)
            let texts = template.subjects + template.messages
            let isPersonal = texts.contains { variant in variant.compiled.referencedNames.contains(where: personal.contains) }
            guard !isPersonal else { return }
            report(
                .noPersonalisation, at: template.messages[0].location,
                "neither the subjects nor the body use the creator's name, handle or a column of your own",
                hint: "greet them with {{name}} and mention their work via {{handle}} or a declared column such as a recent video")
        }

        // MARK: Fields

        mutating func checkUnknownFields() {
            let known = Set(FrontMatterParser.knownFields)
            for (key, location) in template.unknownFields {
                var hint = "remove it; known fields are \(FrontMatterParser.knownFields.joined(separator: ", "))"
                if let guess = Self.closest(to: key, in: known) { hint = "did you mean '\(guess)'? Otherwise " + hint }
                report(.unknownField, at: location, "the front matter field '\(key)' is not part of the format", hint: hint)
            }
        }
    }
}
