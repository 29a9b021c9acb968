import Foundation
import Testing

@testable import PitchKit

@Suite("Linting")
struct PitchLinterTests {
    /// Each bad fixture and the one rule it breaks.
    static let expectedRule: [String: String] = [
        "syntax-yaml": "syntax",
        "syntax-mustache": "syntax",
        "word-limit": "word-limit",
        "missing-subject": "missing-subject",
        "missing-body": "missing-body",
        "missing-offer": "missing-offer",
        "missing-ask": "missing-ask",
        "vague-offer": "vague-offer",
        "vague-ask": "vague-ask",
        "offer-not-in-body": "offer-not-in-body",
        "ask-not-in-body": "ask-not-in-body",
        "attachment": "attachment",
        "subject-length": "subject-length",
        "subject-shouting": "subject-shouting",
        "subject-spam-words": "subject-spam-words",
        "unknown-variable": "unknown-variable",
        "unused-default": "unused-default",
        "no-personalisation": "no-personalisation",
        "missing-signature": "missing-signature",
        "unknown-field": "unknown-field",
    ]

    private func lintFixture(_ name: String) throws -> [LintDiagnostic] {
        try PitchLinter().lint(
            contentsOf: TemplateTestSupport.fixture(name, "pitch", in: "bad"), displayPath: "bad/\(name).pitch")
    }

    @Test("every rule has a bad fixture, and every bad fixture is listed")
    func everyRuleHasAFixture() {
        #expect(Set(Self.expectedRule.values) == Set(LintRule.all.map(\.id)))
        #expect(Set(TemplateTestSupport.badFixtureNames) == Set(Self.expectedRule.keys))
    }

    @Test("each bad fixture fires its rule, and only that rule", arguments: PitchLinterTests.expectedRule.keys.sorted())
    func badFixtureFiresItsRule(fixture: String) throws {
        let findings = try lintFixture(fixture)
        let rule = try #require(Self.expectedRule[fixture])
        #expect(!findings.isEmpty)
        #expect(findings.allSatisfy { $0.rule == rule }, "\(fixture): \(findings.map(\.description))")
        let severity = try #require(LintRule.rule(id: rule)).severity
        for finding in findings {
            #expect(finding.severity == severity)
            #expect(finding.location.file == "bad/\(fixture).pitch")
            #expect(finding.location.line >= 1 && finding.location.column >= 1)
            #expect(!finding.message.isEmpty && !finding.hint.isEmpty)
            #expect(finding.description.hasPrefix("bad/\(fixture).pitch:\(finding.location.line):\(finding.location.column): "))
        }
    }

    @Test("findings point at the offending text")
    func positions() throws {
        func first(_ fixture: String) throws -> TemplateLocation { try #require(lintFixture(fixture).first).location }
        #expect(try first("syntax-mustache").line == 20)
        #expect(try first("syntax-mustache").column == 14)
        #expect(try first("syntax-yaml").line == 7)
        #expect(try first("attachment").line == 26)
        #expect(try first("attachment").column == 6)
        #expect(try first("unknown-variable").line == 20)
        #expect(try first("unknown-variable").column == 53)
        #expect(try first("subject-shouting").line == 7)
        #expect(try first("subject-shouting").column == 44)
        #expect(try first("vague-offer").line == 10)
        #expect(try first("unused-default").line == 14)
        #expect(try first("unknown-field").line == 5)
    }

    @Test("the good templates and the skeleton are clean: no errors, no warnings")
    func goodTemplatesAreClean() throws {
        #expect(TemplateTestSupport.goodTemplateURLs.count >= 3)
        for url in TemplateTestSupport.goodTemplateURLs {
            let findings = try PitchLinter().lint(contentsOf: url)
            #expect(findings.isEmpty, "\(url.lastPathComponent): \(findings.map(\.description))")
        }
        #expect(PitchLinter().lint(source: PitchTemplate.skeleton(id: "new-one"), file: "new-one.pitch").isEmpty)
    }

    @Test("the good templates have 2+ subjects, 2+ offers and one has 2+ messages")
    func goodTemplatesHaveVariants() throws {
        let templates = try TemplateTestSupport.goodTemplateURLs.map { try PitchTemplate.load(contentsOf: $0) }
        for template in templates {
            #expect(template.subjects.count >= 2, "\(template.id)")
            #expect(template.offers.count >= 2, "\(template.id)")
            #expect(template.ask != nil && template.signature != nil, "\(template.id)")
        }
        #expect(templates.contains { $0.messages.count >= 2 })
    }

    @Test("lint is deterministic and in file order")
    func deterministicOrder() throws {
        let source = TemplateTestSupport.simpleTemplate(
            body: "Hi {{nmae}}, see the attached deck. {{offer}} {{ask}} {{zzz}}",
            subject: "FREE STUFF!!! for {{name}}",
            extra: "defaults:\n  city: Paris\nweird: 1")
        let first = PitchLinter().lint(source: source, file: "t.pitch")
        for _ in 0..<5 { #expect(PitchLinter().lint(source: source, file: "t.pitch") == first) }
        let locations = first.map(\.location)
        #expect(locations == locations.sorted())
        let rules = Set(first.map(\.rule))
        #expect(rules.isSuperset(of: ["unknown-variable", "attachment", "subject-shouting", "subject-spam-words", "unused-default", "unknown-field"]))
        let typo = try #require(first.first { $0.message.contains("{{nmae}}") })
        #expect(typo.hint.contains("did you mean {{name}}"))
    }

    @Test("known columns are a parameter; declared columns and defaults count as known")
    func knownColumns() throws {
        let source = TemplateTestSupport.simpleTemplate(body: "Hi {{name}}, {{offer}} {{ask}} about {{recent_video}}.\n\nBest,\nSam")
        #expect(PitchLinter().lint(source: source, file: "t.pitch").map(\.rule) == ["unknown-variable"])
        #expect(PitchLinter(knownColumns: PitchLinter.standardColumns + ["Recent_Video"]).lint(source: source, file: "t.pitch").isEmpty)
        let declared = TemplateTestSupport.simpleTemplate(
            body: "Hi {{name}}, {{offer}} {{ask}} about {{recent_video}}.\n\nBest,\nSam", extra: "columns: [recent_video]")
        #expect(PitchLinter().lint(source: declared, file: "t.pitch").isEmpty)
        let bare = PitchLinter(knownColumns: []).lint(source: source, file: "t.pitch")
        #expect(bare.count == 3 && bare.allSatisfy { $0.rule == "unknown-variable" })
    }

    @Test("a sign-off line followed by a name counts as a signature")
    func signOff() {
        #expect(LintPatterns.hasSignOff("Hi\n\nThanks,\nSam"))
        #expect(LintPatterns.hasSignOff("Hi\n\n— Sam, Lumen Tea"))
        #expect(!LintPatterns.hasSignOff("Hi\n\nThanks!"))
        #expect(!LintPatterns.hasSignOff("Hi there, would that work?"))
    }

    @Test("offers and asks: what counts as concrete")
    func concreteness() {
        for offer in ["a $300 fee", "€250 plus a kit", "15% commission for 60 days", "a 6-month loan of our OM-28", "3 boxes of snacks", "500 USD"] {
            #expect(LintPatterns.concreteOffer.contains(offer), "\(offer)")
        }
        for offer in ["exposure and perks", "a collaboration", "free products"] {
            #expect(!LintPatterns.concreteOffer.contains(offer), "\(offer)")
        }
        for ask in ["one TikTok within 14 days", "a Reel by Friday", "one review video before 30 June", "2 stories in the next 2 weeks", "one video, live by 2025-07-01"] {
            #expect(LintPatterns.deliverable.contains(ask) && LintPatterns.deadline.contains(ask), "\(ask)")
        }
        #expect(!LintPatterns.deadline.contains("one TikTok whenever you like"))
        #expect(!LintPatterns.deliverable.contains("some content within 14 days"))
    }

    @Test("subject shouting: long capital words and '!!', not short acronyms")
    func shouting() {
        #expect(LintPatterns.capitalWords(in: "Try our FREE kit").count == 1)
        #expect(LintPatterns.capitalWords(in: "SPF 50 for your UGC").isEmpty)
        #expect(LintPatterns.exclamations.contains("Hi!!"))
        #expect(!LintPatterns.exclamations.contains("Hi!"))
    }

    @Test("every pattern compiles")
    func patternsCompile() throws {
        let finders = [LintPatterns.concreteOffer, LintPatterns.deliverable, LintPatterns.deadline, LintPatterns.attachment, LintPatterns.exclamations, LintPatterns.spamWords]
        for finder in finders {
            for pattern in finder.patterns { _ = try Regex(pattern) }
        }
    }

    @Test("rule ids are unique and stable")
    func ruleIDs() {
        let ids = LintRule.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.contains("word-limit") && ids.contains("attachment") && ids.contains("unknown-variable"))
        #expect(LintRule.rule(id: "word-limit") == .wordLimit)
        #expect(LintRule.wordLimit.severity == .error && LintRule.unusedDefault.severity == .warning)
    }

    @Test("a finding encodes to flat JSON and back")
    func diagnosticJSON() throws {
        let finding = LintDiagnostic(.attachment, at: TemplateLocation(file: "a.pitch", line: 3, column: 9), "m", hint: "h")
        let data = try JSONEncoder().encode(finding)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["rule"] as? String == "attachment")
        #expect(object["severity"] as? String == "error")
        #expect(object["line"] as? Int == 3 && object["column"] as? Int == 9 && object["file"] as? String == "a.pitch")
        #expect(try JSONDecoder().decode(LintDiagnostic.self, from: data) == finding)
    }
}
