import Foundation
import Testing

@testable import PitchKit

@Suite("Parsing templates")
struct PitchTemplateTests {
    @Test("front matter fields, variants and defaults are read")
    func fields() throws {
        let template = try PitchTemplate.load(
            contentsOf: TemplateTestSupport.repositoryRoot.appendingPathComponent("Templates/dewpoint-peer.pitch"),
            displayPath: "Templates/dewpoint-peer.pitch")
        #expect(template.id == "dewpoint-peer")
        #expect(template.file == "Templates/dewpoint-peer.pitch")
        #expect(template.brand == "Dewpoint Skin")
        #expect(template.subjects.map(\.id) == ["routine", "barrier"])
        #expect(template.offers.map(\.id) == ["fee-kit", "bigger-fee"])
        #expect(template.messages.map(\.id) == ["main", "short"])
        #expect(template.defaults["name"] == "there")
        #expect(template.wordLimit == 150)
        #expect(template.allChoices.count == 2 * 2 * 2)
        #expect(template.defaultChoice == PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"))
        #expect(template.signature?.text == "Maya Ortiz\nCreator partnerships, Dewpoint Skin")
    }

    @Test("variant texts keep their file positions")
    func positions() throws {
        let source = """
            ---
            id: pos
            subjects:
              - id: a
                text: "Hi {{name}}"
              - id: b
                text: Plain {{name}}
            offers:
              b1: a $5 fee
            ask: one video within 3 days
            messages:
              - id: block
                text: |
                  Hello {{name}},
                  line two {{handle}}
            ---

            Body {{name}}
            """
        let template = try TemplateTestSupport.template(source, file: "p.pitch")
        #expect(template.subjects[0].location == TemplateLocation(file: "p.pitch", line: 5, column: 12))
        #expect(template.subjects[1].location == TemplateLocation(file: "p.pitch", line: 7, column: 11))
        #expect(template.offers[0].id == "b1")
        #expect(template.offers[0].location.line == 9)
        let block = try #require(template.message(id: "block"))
        #expect(block.location == TemplateLocation(file: "p.pitch", line: 14, column: 7))
        let handle = try #require(block.compiled.tags.first { $0.name == "handle" })
        #expect(handle.location == TemplateLocation(file: "p.pitch", line: 15, column: 16))
        let main = try #require(template.message(id: "main"))
        #expect(main.location == TemplateLocation(file: "p.pitch", line: 18, column: 1))
        #expect(main.text == "Body {{name}}")
    }

    @Test("the id defaults to the file name and word_limit is read")
    func defaultsForFields() throws {
        let template = try TemplateTestSupport.template("---\nword_limit: 80\nsubjects: Hi\n---\nBody", file: "dir/my-pitch.pitch")
        #expect(template.id == "my-pitch")
        #expect(template.wordLimit == 80)
        #expect(template.subjects.map(\.id) == ["main"])
    }

    @Test("CRLF line ends and a byte order mark are accepted")
    func crlfAndBOM() throws {
        let source = "\u{FEFF}---\r\nid: crlf\r\nsubjects: Hi {{name}}\r\n---\r\nHello {{name}},\r\nbye\r\n"
        let template = try TemplateTestSupport.template(source)
        #expect(template.messages[0].text == "Hello {{name}},\nbye")
        #expect(template.messages[0].location.line == 5)
    }

    struct SyntaxCase: Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let kind: TemplateError.Kind
        let line: Int
        let phrase: String
        var testDescription: String { name }
    }

    static let syntaxCases: [SyntaxCase] = [
        SyntaxCase(name: "no front matter", source: "Hello {{name}}", kind: .missingFrontMatter, line: 1, phrase: "must start with"),
        SyntaxCase(name: "unclosed front matter", source: "---\nid: x\nHello", kind: .missingFrontMatter, line: 1, phrase: "never closed"),
        SyntaxCase(name: "YAML error", source: "---\nid: x\nsubjects:\n  - id: a\n    text: {{name}}, hi\n---\nb", kind: .yamlSyntax, line: 5, phrase: "YAML"),
        SyntaxCase(name: "bad indentation", source: "---\nid: x\n  brand: y\n---\nb", kind: .yamlSyntax, line: 3, phrase: "YAML"),
        SyntaxCase(name: "unclosed tag", source: "---\nid: x\n---\nline one\nHi {{name,\nbye", kind: .mustacheSyntax, line: 5, phrase: "not closed"),
        SyntaxCase(name: "unclosed section", source: "---\nid: x\n---\na\n\n{{#handle}}hi", kind: .mustacheSyntax, line: 6, phrase: "never closed"),
        SyntaxCase(name: "mismatched close", source: "---\nid: x\n---\n{{#a}}\n{{/b}}", kind: .mustacheSyntax, line: 5, phrase: "does not match"),
        SyntaxCase(name: "stray close", source: "---\nid: x\n---\nok\n{{/b}}", kind: .mustacheSyntax, line: 5, phrase: "never opened"),
        SyntaxCase(name: "partial", source: "---\nid: x\n---\n{{> footer}}", kind: .mustacheSyntax, line: 4, phrase: "partials"),
        SyntaxCase(name: "transform", source: "---\nid: x\n---\n{{uppercased(name)}}", kind: .mustacheSyntax, line: 4, phrase: "transforms"),
        SyntaxCase(name: "bad name", source: "---\nid: x\n---\n{{first name}}", kind: .mustacheSyntax, line: 4, phrase: "not a valid variable name"),
        SyntaxCase(name: "empty tag", source: "---\nid: x\n---\n{{ }}", kind: .mustacheSyntax, line: 4, phrase: "no variable name"),
        SyntaxCase(name: "subject syntax", source: "---\nid: x\nsubjects:\n  - id: a\n    text: \"Hi {{name\"\n---\nb", kind: .mustacheSyntax, line: 5, phrase: "not closed"),
        SyntaxCase(name: "offer in subject", source: "---\nid: x\nsubjects: \"Get {{offer}}\"\n---\nb", kind: .mustacheSyntax, line: 3, phrase: "only be used in a message"),
        SyntaxCase(name: "duplicate id", source: "---\nid: x\nsubjects:\n  - id: a\n    text: A\n  - id: a\n    text: B\n---\nb", kind: .invalidField, line: 6, phrase: "used twice"),
        SyntaxCase(name: "bad id", source: "---\nid: \"my pitch\"\n---\nb", kind: .invalidField, line: 2, phrase: "not a valid id"),
        SyntaxCase(name: "empty default", source: "---\nid: x\ndefaults:\n  name: \"\"\n---\nb", kind: .invalidField, line: 4, phrase: "empty"),
        SyntaxCase(name: "word_limit", source: "---\nid: x\nword_limit: many\n---\nb", kind: .invalidField, line: 3, phrase: "positive whole number"),
        SyntaxCase(name: "variant without text", source: "---\nid: x\noffers:\n  - id: a\n---\nb", kind: .invalidField, line: 4, phrase: "has no text"),
    ]

    @Test("syntax errors give the file, the line and what to do", arguments: PitchTemplateTests.syntaxCases)
    func syntaxErrors(_ testCase: SyntaxCase) throws {
        let error = try #require(throws: TemplateError.self) { try TemplateTestSupport.template(testCase.source, file: "bad.pitch") }
        #expect(error.kind == testCase.kind, "\(error)")
        #expect(error.location?.line == testCase.line, "\(error)")
        #expect(error.description.hasPrefix("bad.pitch:\(testCase.line):"), "\(error)")
        #expect(error.description.contains(testCase.phrase), "\(error)")
        #expect(error.description.contains("; "), "a fix follows the problem: \(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test("an unreadable file is a one-sentence error naming the file")
    func unreadable() throws {
        let error = try #require(throws: TemplateError.self) {
            try PitchTemplate.load(contentsOf: URL(fileURLWithPath: "/nonexistent/x.pitch"), displayPath: "x.pitch")
        }
        #expect(error.kind == .unreadableFile)
        #expect(error.description.hasPrefix("x.pitch: cannot read"))
    }

    @Test("the standalone-line rule matches Mustache")
    func standalone() throws {
        let compiled = try CompiledText.compile(
            "a\n  {{#x}}  \nb\n{{/x}}\n{{! c }}\nd {{#x}}e{{/x}}\n",
            origin: TextOrigin(file: "f", layout: .block(firstLine: 1, indent: 0)), role: .message, hasBrand: false)
        #expect(compiled.renderWithSwiftMustache(["x": "1"]) == "a\nb\nd e\n")
        var out = ""
        try compiled.render(
            into: &out, TemplateRenderScope(row: ["x": "1"], defaults: [:], brand: "", templateID: "t", rowNumber: 1))
        #expect(out == "a\nb\nd e\n")
    }

    @Test("literal text blanks the tags but keeps positions")
    func literalText() throws {
        let compiled = try CompiledText.compile(
            "Hi {{name}}, é {{! ünï }} end", origin: TextOrigin(file: "f", layout: .inline(line: 1, column: 1)),
            role: .subject, hasBrand: false)
        let literal = compiled.literalText
        #expect(literal.unicodeScalars.count == compiled.source.unicodeScalars.count)
        #expect(literal.hasSuffix(" end") && !literal.contains("{"))
    }
}
