import Foundation
import Testing
@testable import PitchKit

@Suite struct ReplyRulesTests {
    @Test func defaultRulesParseWithBothLanguages() {
        let rules = ReplyRules.default
        #expect(Set(rules.rules.compactMap(\.language)).isSuperset(of: ["en", "fr"]))
        #expect(rules.rules.first?.suppress == true)
        #expect(rules.rules.first?.priority == 500)
        #expect(rules.options.ignoreDiacritics)
        // Tried from the highest priority down.
        let priorities = rules.rules.map(\.priority)
        #expect(priorities == priorities.sorted(by: >))
    }

    @Test func aCustomFileOverridesTheDefaults() throws {
        let yaml = """
        rules:
          - name: gifting-ok
            class: positive
            language: en
            phrases: ["send it", "kit please"]
          - class: wrong_person
            regexes: ['\\bask (sam|jo)\\b']
        """
        let classifier = ReplyClassifier(rules: try ReplyRules.parse(yaml, file: "reply-rules.yaml"))
        #expect(classifier.classify(text: "Kit please!").replyClass == .positive)
        #expect(classifier.classify(text: "Kit please!").evidence?.rule == "gifting-ok")
        #expect(classifier.classify(text: "Ask Sam, she runs it").replyClass == .wrongPerson)
        #expect(classifier.classify(text: "Ask Sam, she runs it").evidence?.rule == "rules[1]")
        // The defaults are gone unless included.
        #expect(classifier.classify(text: "Not interested").replyClass == .other)
        #expect(classifier.classify(text: "unsubscribe").suppress == false)
    }

    @Test func includeDefaultsAndPrioritiesCombine() throws {
        let yaml = """
        include_defaults: true
        rules:
          - class: positive
            priority: 999
            negation: false
            phrases: ["not interested in cash, just the kit"]
        unsubscribe:
          - language: de
            phrases: ["abmelden"]
        """
        let classifier = ReplyClassifier(rules: try ReplyRules.parse(yaml, file: "reply-rules.yaml"))
        #expect(classifier.classify(text: "Not interested in cash, just the kit!").replyClass == .positive)
        #expect(classifier.classify(text: "Not interested").replyClass == .decline)
        let german = classifier.classify(text: "Bitte abmelden")
        #expect(german.replyClass == .decline && german.suppress && german.evidence?.language == "de")
        #expect(classifier.classify(text: "Merci de me désinscrire").suppress)
    }

    @Test func diacriticsCanBeSignificant() throws {
        let yaml = """
        options:
          ignore_diacritics: false
        rules:
          - class: positive
            phrases: ["intéressé"]
        """
        let classifier = ReplyClassifier(rules: try ReplyRules.parse(yaml, file: "reply-rules.yaml"))
        #expect(classifier.classify(text: "Intéressé").replyClass == .positive)
        #expect(classifier.classify(text: "Interesse").replyClass == .other)
        #expect(ReplyClassifier().classify(text: "Interesse").replyClass == .positive)
    }

    @Test func customNegatorsAreUsed() throws {
        let yaml = """
        options:
          negators: [nie]
          negation_window: 1
        rules:
          - class: positive
            phrases: ["interested"]
        """
        let classifier = ReplyClassifier(rules: try ReplyRules.parse(yaml, file: "reply-rules.yaml"))
        #expect(classifier.classify(text: "nie interested").replyClass == .other)
        #expect(classifier.classify(text: "nie very interested").replyClass == .positive)  // outside the window
        #expect(classifier.classify(text: "don't interested").replyClass == .other)  // n't always negates
    }

    struct BadFile: Sendable, CustomTestStringConvertible {
        let yaml: String
        let kind: ReplyRulesError.Kind
        let line: Int?
        let field: String?
        let message: String
        var testDescription: String { "\(kind) \(field ?? "-")" }
    }

    static let badFiles: [BadFile] = [
        BadFile(yaml: "rules:\n  - class: postive\n    phrases: [yes]\n", kind: .invalidField, line: 2, field: "rules[0].class",
                message: "reply-rules.yaml:2:12: rules[0].class 'postive' is not a reply class (did you mean positive?); use one of positive, negotiate, decline, wrong_person, unsubscribe."),
        BadFile(yaml: "rules:\n  - class: other\n    phrases: [hm]\n", kind: .invalidField, line: 2, field: "rules[0].class",
                message: "reply-rules.yaml:2:12: rules[0].class cannot be other, which is the class of replies that match no rule; pick positive, negotiate, decline, wrong_person, unsubscribe."),
        BadFile(yaml: "rules:\n  - phrases: [yes]\n", kind: .missingField, line: 2, field: "rules[0].class",
                message: "reply-rules.yaml:2:5: rules[0].class is missing; add e.g. class: positive (one of positive, negotiate, decline, wrong_person, unsubscribe)."),
        BadFile(yaml: "rules:\n  - class: decline\n    phrases: [no]\n    regexes:\n      - 'ok'\n      - '(unclosed'\n", kind: .invalidField, line: 6, field: "rules[0].regexes[1]",
                message: "reply-rules.yaml:6:9: rules[0].regexes[1] is not a valid regular expression; fix it (ICU syntax, e.g. '\\bnot (really )?interested\\b') or write it as a phrase."),
        BadFile(yaml: "rules:\n  - class: decline\n    prases: [no]\n", kind: .unknownKey, line: 3, field: "rules[0].prases",
                message: "reply-rules.yaml:3:5: rules[0].prases is not a known field (did you mean phrases?); fix or remove it."),
        BadFile(yaml: "rules:\n  - class: decline\n", kind: .missingField, line: 2, field: "rules[0].phrases",
                message: "reply-rules.yaml:2:5: rules[0] has no phrases or regexes; add a phrases: list or remove the rule."),
        BadFile(yaml: "rules:\n  - class: decline\n    priority: high\n    phrases: [no]\n", kind: .invalidField, line: 3, field: "rules[0].priority",
                message: "reply-rules.yaml:3:15: rules[0].priority must be a whole number (higher wins); write e.g. priority: 250."),
        BadFile(yaml: "rules:\n  - class: decline\n    phrases:\n      - {a: b}\n", kind: .invalidField, line: 4, field: "rules[0].phrases[0]",
                message: "reply-rules.yaml:4:9: rules[0].phrases[0] must be text, not a list or mapping; quote it if it contains ': '."),
        BadFile(yaml: "rules:\n  - class: decline\n    phrases: [\"  \"]\n", kind: .invalidField, line: 3, field: "rules[0].phrases[0]",
                message: "reply-rules.yaml:3:15: rules[0].phrases[0] is empty; remove it."),
        BadFile(yaml: "rules:\n  - class: decline\n    language: en_US!\n    phrases: [no]\n", kind: .invalidField, line: 3, field: "rules[0].language",
                message: "reply-rules.yaml:3:15: rules[0].language must be a language tag such as en or fr-CA."),
        BadFile(yaml: "options:\n  ignore_diacritics: maybe\nrules: []\n", kind: .invalidField, line: 2, field: "options.ignore_diacritics",
                message: "reply-rules.yaml:2:22: options.ignore_diacritics must be true or false."),
        BadFile(yaml: "rules: yes\n", kind: .invalidField, line: 1, field: "rules",
                message: "reply-rules.yaml:1:8: rules must be a list ('- ' items)."),
        BadFile(yaml: "version: 2\nrules: []\n", kind: .invalidField, line: 1, field: "version",
                message: "reply-rules.yaml:1:10: version must be 1 (the only format version so far)."),
        BadFile(yaml: "version: 1\n", kind: .missingField, line: 1, field: "rules",
                message: "reply-rules.yaml:1:1: rules is missing; add a rules: list (see the default reply-rules.yaml) or set include_defaults: true."),
        BadFile(yaml: "rules:\n  - class: decline\n    phrases: [no\n", kind: .yamlSyntax, line: 4, field: nil,
                message: "reply-rules.yaml:4:1: the YAML does not parse (did not find expected ',' or ']'); fix this line, and quote phrases that contain ': ', '#' or start with a special character."),
        BadFile(yaml: "rules:\n  - class: decline\n    class: positive\n    phrases: [no]\n", kind: .yamlSyntax, line: 2, field: "class",
                message: "reply-rules.yaml:2:5: class is set twice in the mapping that starts here; keep one."),
        BadFile(yaml: "", kind: .missingField, line: nil, field: nil,
                message: "reply-rules.yaml: the reply rules file is empty; write the default rules back or add a rules: list."),
        BadFile(yaml: "- just\n- a list\n", kind: .invalidField, line: 1, field: nil,
                message: "reply-rules.yaml:1:1: the reply rules file must be a mapping ('key: value' lines); compare with the default reply-rules.yaml."),
    ]

    @Test(arguments: badFiles)
    func badFilesNameTheFileLineAndField(_ bad: BadFile) {
        do {
            _ = try ReplyRules.parse(bad.yaml, file: "reply-rules.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == bad.kind)
            #expect(error.line == bad.line)
            #expect(error.field == bad.field)
            #expect(error.description == bad.message)
        }
    }

    @Test func writesTheDefaultFileOnScaffoldAndLoadsIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(ReplyRules.defaultFileName).path
        #expect(try ReplyRules.writeDefault(toFile: path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == ReplyRules.defaultYAML)
        // An edited file is kept.
        try Data("rules:\n  - class: positive\n    phrases: [banana]\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try ReplyRules.writeDefault(toFile: path) == false)
        let loaded = try ReplyRules.load(contentsOfFile: path)
        #expect(ReplyClassifier(rules: loaded).classify(text: "Banana!").replyClass == .positive)
        // A broken edit names the file.
        try Data("rules:\n  - class: nope\n    phrases: [x]\n".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ReplyRules.load(contentsOfFile: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("reply-rules.yaml:2:12: rules[0].class 'nope' is not a reply class"))
        }
        do {
            _ = try ReplyRules.load(contentsOfFile: folder.appendingPathComponent("missing.yaml").path)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unreadableFile)
            #expect(error.file == "missing.yaml")
        }
    }
}
