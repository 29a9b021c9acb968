import Foundation
import Yams

/// Reads a reply rules file node by node, with positions, so every error names its line and field.
struct ReplyRulesParser {
    let file: String

    /// The known keys of each mapping.
    static let schema: [String: [String]] = [
        "": ["version", "options", "include_defaults", "unsubscribe", "rules"],
        "options": ["ignore_diacritics", "negation_window", "negators", "trailing_negators"],
        "rules[]": ["name", "class", "language", "priority", "phrases", "regexes", "negation", "suppress"],
        "unsubscribe[]": ["name", "language", "priority", "phrases", "regexes"],
    ]

    static let classNames = ["positive", "negotiate", "decline", "wrong_person", "unsubscribe"]
    static let unsubscribePriority = 500

    // MARK: Entry point

    func parse(_ yaml: String) throws(ReplyRulesError) -> ReplyRules {
        var text = yaml
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let root = try compose(text)
        let top = try fields(root, path: "", schemaKey: "")

        if let node = top["version"], !Self.isNull(node) {
            guard node.scalar != nil, node.int == 1 else {
                throw invalid(node, "version", "must be 1 (the only format version so far).")
            }
        }
        let options = try parseOptions(top["options"])
        let includeDefaults = try bool(top["include_defaults"], "include_defaults") ?? false

        var rules: [ReplyRule] = []
        if let node = top["unsubscribe"], !Self.isNull(node) {
            for (index, item) in try list(node, "unsubscribe").enumerated() {
                rules.append(try parseRule(item, path: "unsubscribe[\(index)]", schemaKey: "unsubscribe[]", options: options))
            }
        }
        if let node = top["rules"], !Self.isNull(node) {
            for (index, item) in try list(node, "rules").enumerated() {
                rules.append(try parseRule(item, path: "rules[\(index)]", schemaKey: "rules[]", options: options))
            }
        }
        if includeDefaults {
            let defaults = try ReplyRulesParser(file: ReplyRules.defaultFileName + " (built-in)").parse(ReplyRules.defaultYAML)
            rules += try defaults.rules.map { rule throws(ReplyRulesError) in try recompiled(rule, options: options) }
        }
        guard !rules.isEmpty else {
            throw ReplyRulesError(.missingField, file: file, line: root.mark?.line, column: root.mark?.column, field: "rules",
                                  "rules is missing; add a rules: list (see the default reply-rules.yaml) or set include_defaults: true.")
        }
        return ReplyRules(rules: rules, options: options)
    }

    private func compose(_ text: String) throws(ReplyRulesError) -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ReplyRulesError(.missingField, file: file, line: nil, column: nil, field: nil,
                                      "the reply rules file is empty; write the default rules back or add a rules: list.")
            }
            return node
        } catch let failure as ReplyRulesError {
            throw failure
        } catch let failure as YamlError {
            switch failure {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw ReplyRulesError(.yamlSyntax, file: file, line: mark.line, column: mark.column, field: nil,
                                      "the YAML does not parse (\(problem)); fix this line, and quote phrases that contain ': ', '#' or start with a special character.")
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw ReplyRulesError(.yamlSyntax, file: file, line: context.mark.line, column: context.mark.column,
                                      field: duplicates.first,
                                      "\(duplicates.joined(separator: ", ")) is set twice in the mapping that starts here; keep one.")
            default:
                throw ReplyRulesError(.yamlSyntax, file: file, line: nil, column: nil, field: nil, "the YAML does not parse (\(failure)); fix the YAML.")
            }
        } catch {
            throw ReplyRulesError(.yamlSyntax, file: file, line: nil, column: nil, field: nil, "the YAML does not parse (\(error)); fix the YAML.")
        }
    }

    // MARK: Sections

    private func parseOptions(_ node: Node?) throws(ReplyRulesError) -> ReplyRules.Options {
        var options = ReplyRules.Options()
        guard let node, !Self.isNull(node) else { return options }
        let values = try fields(node, path: "options", schemaKey: "options")
        if let value = try bool(values["ignore_diacritics"], "options.ignore_diacritics") { options.ignoreDiacritics = value }
        if let node = values["negation_window"], !Self.isNull(node) {
            guard node.scalar != nil, let value = node.int, (0...10).contains(value) else {
                throw invalid(node, "options.negation_window", "must be a whole number from 0 to 10; write e.g. negation_window: 3.")
            }
            options.negationWindow = value
        }
        if let node = values["negators"] {
            options.negators = try strings(node, "options.negators").map(\.value)
        }
        if let node = values["trailing_negators"] {
            options.trailingNegators = try strings(node, "options.trailing_negators").map(\.value)
        }
        let normalize = { (word: String) in ReplyTextNormalizer.normalize(word, ignoringDiacritics: options.ignoreDiacritics) }
        options.negators = options.negators.map(normalize)
        options.trailingNegators = options.trailingNegators.map(normalize)
        return options
    }

    private func parseRule(_ node: Node, path: String, schemaKey: String, options: ReplyRules.Options) throws(ReplyRulesError) -> ReplyRule {
        let values = try fields(node, path: path, schemaKey: schemaKey)
        let isUnsubscribe = schemaKey == "unsubscribe[]"
        var replyClass = ReplyClass.decline
        var suppress = isUnsubscribe
        if !isUnsubscribe {
            guard let classNode = values["class"], let name = try string(classNode, "\(path).class") else {
                throw ReplyRulesError(.missingField, file: file, line: node.mark?.line, column: node.mark?.column, field: "\(path).class",
                                      "\(path).class is missing; add e.g. class: positive (one of \(Self.classNames.joined(separator: ", "))).")
            }
            let key = name.lowercased().replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_")
            switch key {
            case "unsubscribe": suppress = true
            case "other":
                throw invalid(classNode, "\(path).class", "cannot be other, which is the class of replies that match no rule; pick \(Self.classNames.joined(separator: ", ")).")
            default:
                guard let parsed = ReplyClass(rawValue: key) else {
                    throw invalid(classNode, "\(path).class",
                                  "'\(name.prefix(40))' is not a reply class\(Self.hint(key, Self.classNames)); use one of \(Self.classNames.joined(separator: ", ")).")
                }
                replyClass = parsed
            }
        }
        if let value = try bool(values["suppress"], "\(path).suppress"), value { suppress = true }
        let name = try string(values["name"], "\(path).name") ?? path
        var language: String?
        if let node = values["language"], let tag = try string(node, "\(path).language") {
            guard tag.count <= 35, tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                throw invalid(node, "\(path).language", "must be a language tag such as en or fr-CA.")
            }
            language = tag
        }
        var priority = suppress ? Self.unsubscribePriority : replyClass.defaultPriority
        if let node = values["priority"], !Self.isNull(node) {
            guard node.scalar != nil, let value = node.int, abs(value) <= 1_000_000 else {
                throw invalid(node, "\(path).priority", "must be a whole number (higher wins); write e.g. priority: 250.")
            }
            priority = value
        }
        let negation = try bool(values["negation"], "\(path).negation")
            ?? (!suppress && (replyClass == .positive || replyClass == .negotiate))

        var matchers: [ReplyRule.Matcher] = []
        let phrases = try values["phrases"].map { node throws(ReplyRulesError) in try strings(node, "\(path).phrases") } ?? []
        for (index, phrase) in phrases.enumerated() {
            guard let matcher = Self.phraseMatcher(phrase.value, options: options) else {
                throw invalid(phrase.node, "\(path).phrases[\(index)]", "has no letters, digits or symbols left after normalisation; remove it.")
            }
            matchers.append(matcher)
        }
        let regexes = try values["regexes"].map { node throws(ReplyRulesError) in try strings(node, "\(path).regexes") } ?? []
        for (index, regex) in regexes.enumerated() {
            guard let matcher = Self.regexMatcher(regex.value, options: options) else {
                throw invalid(regex.node, "\(path).regexes[\(index)]",
                              "is not a valid regular expression; fix it (ICU syntax, e.g. '\\bnot (really )?interested\\b') or write it as a phrase.")
            }
            matchers.append(matcher)
        }
        guard !matchers.isEmpty else {
            throw ReplyRulesError(.missingField, file: file, line: node.mark?.line, column: node.mark?.column, field: "\(path).phrases",
                                  "\(path) has no phrases or regexes; add a phrases: list or remove the rule.")
        }
        return ReplyRule(
            name: name, replyClass: replyClass, suppress: suppress, language: language, priority: priority,
            phrases: phrases.map(\.value), regexes: regexes.map(\.value), honoursNegation: negation,
            line: node.mark?.line, matchers: matchers)
    }

    /// A built-in rule compiled again under the file's options (diacritics may differ).
    private func recompiled(_ rule: ReplyRule, options: ReplyRules.Options) throws(ReplyRulesError) -> ReplyRule {
        let matchers = rule.phrases.compactMap { Self.phraseMatcher($0, options: options) }
            + rule.regexes.compactMap { Self.regexMatcher($0, options: options) }
        return ReplyRule(
            name: rule.name, replyClass: rule.replyClass, suppress: rule.suppress, language: rule.language,
            priority: rule.priority, phrases: rule.phrases, regexes: rule.regexes, honoursNegation: rule.honoursNegation,
            line: nil, matchers: matchers)
    }

    // MARK: Matchers

    /// A whole-word, case-insensitive matcher of a normalised phrase.
    static func phraseMatcher(_ phrase: String, options: ReplyRules.Options) -> ReplyRule.Matcher? {
        let normalized = ReplyTextNormalizer.normalize(phrase, ignoringDiacritics: options.ignoreDiacritics)
        guard let first = normalized.first, let last = normalized.last else { return nil }
        let boundary = "[\\p{L}\\p{N}]"
        var pattern = NSRegularExpression.escapedPattern(for: normalized).replacingOccurrences(of: " ", with: "\\s+")
        if first.isLetter || first.isNumber { pattern = "(?<!\(boundary))" + pattern }
        if last.isLetter || last.isNumber { pattern += "(?!\(boundary))" }
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        return ReplyRule.Matcher(source: phrase, isRegex: false, expression: expression)
    }

    /// A case-insensitive matcher of a regex, with the pattern normalised like replies.
    static func regexMatcher(_ regex: String, options: ReplyRules.Options) -> ReplyRule.Matcher? {
        let pattern = ReplyTextNormalizer.normalizePattern(regex, ignoringDiacritics: options.ignoreDiacritics)
        guard !pattern.isEmpty, let expression = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else {
            return nil
        }
        return ReplyRule.Matcher(source: regex, isRegex: true, expression: expression)
    }

    // MARK: Nodes

    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private func invalid(_ node: Node, _ field: String, _ message: String) -> ReplyRulesError {
        ReplyRulesError(.invalidField, file: file, line: node.mark?.line, column: node.mark?.column, field: field, "\(field) \(message)")
    }

    /// A mapping's values by key, after checking every key is known and set once.
    private func fields(_ node: Node, path: String, schemaKey: String) throws(ReplyRulesError) -> [String: Node] {
        let display = path.isEmpty ? "the reply rules file" : path
        guard let mapping = node.mapping else {
            throw ReplyRulesError(.invalidField, file: file, line: node.mark?.line, column: node.mark?.column, field: path.isEmpty ? nil : path,
                                  "\(display) must be a mapping ('key: value' lines); compare with the default reply-rules.yaml.")
        }
        let known = Self.schema[schemaKey] ?? []
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let label = path.isEmpty ? key : "\(path).\(key)"
            guard known.contains(key) else {
                throw ReplyRulesError(.unknownKey, file: file, line: keyNode.mark?.line, column: keyNode.mark?.column, field: label,
                                      "\(label) is not a known field\(Self.hint(key, known)); fix or remove it.")
            }
            values[key] = value
        }
        return values
    }

    private func string(_ node: Node?, _ field: String) throws(ReplyRulesError) -> String? {
        guard let node, !Self.isNull(node) else { return nil }
        guard let scalar = node.scalar else {
            throw invalid(node, field, "must be a single value, not a list or mapping.")
        }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    private func bool(_ node: Node?, _ field: String) throws(ReplyRulesError) -> Bool? {
        guard let node, !Self.isNull(node) else { return nil }
        guard node.scalar != nil, let value = node.bool else {
            throw invalid(node, field, "must be true or false.")
        }
        return value
    }

    private func list(_ node: Node, _ field: String) throws(ReplyRulesError) -> [Node] {
        guard let sequence = node.sequence else {
            throw invalid(node, field, "must be a list ('- ' items).")
        }
        return Array(sequence)
    }

    /// A list of non-empty texts (a single text is a list of one), with their nodes.
    private func strings(_ node: Node, _ field: String) throws(ReplyRulesError) -> [(value: String, node: Node)] {
        if Self.isNull(node) { return [] }
        let items = node.sequence.map(Array.init) ?? [node]
        var output: [(value: String, node: Node)] = []
        for (index, item) in items.enumerated() {
            let label = node.sequence == nil ? field : "\(field)[\(index)]"
            guard let scalar = item.scalar else {
                throw invalid(item, label, "must be text, not a list or mapping; quote it if it contains ': '.")
            }
            guard !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw invalid(item, label, "is empty; remove it.")
            }
            output.append((scalar.string, item))
        }
        return output
    }

    /// ` (did you mean x?)` or nothing.
    static func hint(_ key: String, _ known: [String]) -> String {
        let lower = key.lowercased()
        let scored = known.map { ($0, Levenshtein.distance(lower, $0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let (best, distance) = scored.first, distance <= max(2, best.count / 3) else {
            return known.isEmpty ? "" : " (known here: \(known.joined(separator: ", ")))"
        }
        return " (did you mean \(best)?)"
    }

}
