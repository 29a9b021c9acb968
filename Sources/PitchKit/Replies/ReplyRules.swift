import Foundation

/// The editable rules that classify replies, loaded from a YAML file in the workspace
/// (``defaultFileName``, scaffolded from ``defaultYAML``), with English and French defaults.
///
/// ```yaml
/// version: 1
/// options:
///   ignore_diacritics: true        # "interesse" matches "intéressé"
/// unsubscribe:                     # decline + suppress, above every other rule
///   - language: en
///     phrases: ["unsubscribe", "please remove me"]
/// rules:
///   - name: decline-en
///     class: decline               # positive, negotiate, decline, wrong_person (or unsubscribe)
///     language: en
///     priority: 300                # optional; higher wins
///     phrases: ["not interested", "no thanks"]
///     regexes: ['\bnot (really|that) interested\b']
/// ```
///
/// Without priorities, precedence is unsubscribe (500) > wrong person (400) > decline (300) >
/// negotiate (200) > positive (100) > other. Set `include_defaults: true` to add the built-in
/// rules after your own (yours win ties).
public struct ReplyRules: Sendable {
    /// The rules file's name in a workspace: `reply-rules.yaml`.
    public static let defaultFileName = "reply-rules.yaml"

    /// Matching options.
    public struct Options: Sendable, Hashable {
        /// Match "interesse" and "intéressé" alike. Default true.
        public var ignoreDiacritics: Bool
        /// How many words before a match are searched for a negator. Default 3.
        public var negationWindow: Int
        /// Words that negate a following match in the same clause (a word ending in `n't` or
        /// starting with `n'` always does).
        public var negators: [String]
        /// Words that negate a match they directly follow (French `ne … pas`).
        public var trailingNegators: [String]

        /// The built-in options.
        public init(
            ignoreDiacritics: Bool = true, negationWindow: Int = 3,
            negators: [String] = Options.defaultNegators, trailingNegators: [String] = Options.defaultTrailingNegators
        ) {
            self.ignoreDiacritics = ignoreDiacritics
            self.negationWindow = negationWindow
            self.negators = negators
            self.trailingNegators = trailingNegators
        }

        /// English and French negators.
        public static let defaultNegators = [
            "not", "never", "neither", "nor", "without", "hardly", "cannot", "cant", "dont", "doesnt", "didnt",
            "isnt", "arent", "wasnt", "wont", "wouldnt", "ne", "pas", "jamais", "aucun", "aucune", "sans", "ni", "guere",
        ]
        /// French words that close a negation after the verb.
        public static let defaultTrailingNegators = ["pas", "plus", "jamais", "point"]
    }

    /// The rules, in the order they are tried (highest priority first).
    public let rules: [ReplyRule]
    /// The matching options.
    public let options: Options

    init(rules: [ReplyRule], options: Options) {
        self.rules = rules.enumerated().sorted { a, b in
            (a.element.priority, a.element.replyClass.rank, -a.offset) > (b.element.priority, b.element.replyClass.rank, -b.offset)
        }.map(\.element)
        self.options = options
    }

    /// The built-in English and French rules (``defaultYAML``).
    public static let `default`: ReplyRules = {
        do {
            return try parse(defaultYAML, file: defaultFileName)
        } catch {
            preconditionFailure("\(error)")
        }
    }()

    /// Parses a rules file.
    ///
    /// - Parameters:
    ///   - yaml: The file's contents.
    ///   - file: The name used in errors, e.g. `reply-rules.yaml`.
    /// - Throws: ``ReplyRulesError`` naming the line and field of the first problem.
    public static func parse(_ yaml: String, file: String) throws(ReplyRulesError) -> ReplyRules {
        try ReplyRulesParser(file: file).parse(yaml)
    }

    /// Reads and parses a rules file (see ``parse(_:file:)``); errors name the file by its last
    /// path component.
    ///
    /// - Throws: ``ReplyRulesError`` when the file cannot be read or is invalid.
    public static func load(contentsOfFile path: String) throws(ReplyRulesError) -> ReplyRules {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReplyRulesError(.unreadableFile, file: name, line: nil, column: nil, field: nil,
                                  "the file cannot be read (missing or not readable); check the path, or write the defaults with ReplyRules.writeDefault.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReplyRulesError(.unreadableFile, file: name, line: nil, column: nil, field: nil,
                                  "the file is not UTF-8 text; save it as UTF-8 and retry.")
        }
        return try parse(text, file: name)
    }

    /// Writes ``defaultYAML`` to `path` (for workspace scaffolding) unless a file is already there.
    ///
    /// - Parameter overwrite: Replace an existing file.
    /// - Returns: True when the file was written, false when one existed and was kept.
    /// - Throws: ``ReplyRulesError/Kind/unwritableFile`` when writing fails.
    @discardableResult
    public static func writeDefault(toFile path: String, overwrite: Bool = false) throws(ReplyRulesError) -> Bool {
        if !overwrite, FileManager.default.fileExists(atPath: path) { return false }
        do {
            try Data(defaultYAML.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ReplyRulesError(.unwritableFile, file: (path as NSString).lastPathComponent, line: nil, column: nil, field: nil,
                                  "the file cannot be written (\(error.localizedDescription)); check the folder exists and is writable.")
        }
        return true
    }
}
