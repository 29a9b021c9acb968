import Foundation
import Testing

@testable import PitchKit

@Suite("Rendering")
struct TemplateRendererTests {
    private func renderer(body: String, subject: String = "Hi {{name}}", extra: String = "") throws -> TemplateRenderer {
        try TemplateRenderer(
            template: TemplateTestSupport.template(TemplateTestSupport.simpleTemplate(body: body, subject: subject, extra: extra)))
    }

    private let choice = PitchVariantChoice(subject: "a", message: "main", offer: "fee")

    @Test("a present variable renders its value")
    func presentVariable() throws {
        let pitch = try renderer(body: "Hi {{name}}, love {{handle}}.").render(
            choice, row: ["name": "Aiko", "handle": "@aiko.glow"], rowNumber: 1)
        #expect(pitch.body == "Hi Aiko, love @aiko.glow.")
        #expect(pitch.subject == "Hi Aiko")
        #expect(pitch.templateID == "simple")
        #expect(pitch.choice == choice)
    }

    @Test("a missing variable with a default renders the default")
    func missingWithDefault() throws {
        let renderer = try renderer(body: "Hi {{name}},", extra: "defaults:\n  name: there")
        #expect(try renderer.render(choice, row: [:], rowNumber: 1).body == "Hi there,")
        #expect(try renderer.render(choice, row: ["name": "Aiko"], rowNumber: 1).body == "Hi Aiko,")
    }

    @Test("an empty or blank value counts as missing and takes the default")
    func emptyValueTakesDefault() throws {
        let renderer = try renderer(body: "Hi {{name}},", extra: "defaults:\n  name: there")
        #expect(try renderer.render(choice, row: ["name": ""], rowNumber: 1).body == "Hi there,")
        #expect(try renderer.render(choice, row: ["name": "  \t "], rowNumber: 1).body == "Hi there,")
    }

    @Test("a missing variable without a default stops the render, naming template, variable and row")
    func missingWithoutDefault() throws {
        let renderer = try renderer(body: "Hi {{name}}, love {{handle}}.")
        let error = try #require(throws: TemplateError.self) {
            try renderer.render(choice, row: ["name": "Aiko", "email": "aiko@example.com"], rowNumber: 7)
        }
        #expect(error.kind == .missingVariable)
        #expect(error.templateID == "simple")
        #expect(error.variable == "handle")
        #expect(error.row == 7)
        let text = error.description
        #expect(text.contains("'simple'"))
        #expect(text.contains("{{handle}}"))
        #expect(text.contains("row 7"))
        #expect(text.hasPrefix("test.pitch:13:"))
        #expect(!text.contains("aiko@example.com"))
    }

    @Test("an empty value without a default is an error too, never 'Hi ,'")
    func emptyWithoutDefault() throws {
        let renderer = try renderer(body: "Hi {{name}},", subject: "Hello")
        for value in ["", "   ", "\n"] {
            let error = try #require(throws: TemplateError.self) {
                try renderer.render(choice, row: ["name": value], rowNumber: 3)
            }
            #expect(error.variable == "name")
            #expect(error.row == 3)
        }
    }

    @Test("a missing variable in the subject is reported too")
    func missingInSubject() throws {
        let renderer = try renderer(body: "Hello {{handle}}", subject: "For {{name}}")
        let error = try #require(throws: TemplateError.self) {
            try renderer.render(choice, row: ["handle": "@x"], rowNumber: 2)
        }
        #expect(error.variable == "name")
        #expect(error.location?.line == 6)
    }

    @Test("values are trimmed and never HTML-escaped")
    func trimmedAndUnescaped() throws {
        let pitch = try renderer(body: "{{name}}|{{{name}}}|{{& name}}").render(
            choice, row: ["name": "  <Tom & \"Jerry\"> "], rowNumber: 1)
        #expect(pitch.body == "<Tom & \"Jerry\">|<Tom & \"Jerry\">|<Tom & \"Jerry\">")
    }

    @Test(
        "Unicode names render exactly",
        arguments: ["Zoë", "José Ramírez", "李娜", "Priya 🌸", "Ólafur", "👩🏽‍🎤 Nia", "Straße", "مريم"])
    func unicode(name: String) throws {
        let pitch = try renderer(body: "Hi {{name}} — {{handle}}!").render(
            choice, row: ["name": name, "handle": "@\(name)"], rowNumber: 1)
        #expect(pitch.body == "Hi \(name) — @\(name)!")
        #expect(pitch.subject == "Hi \(name)")
    }

    @Test("Unicode in the template text itself is kept")
    func unicodeTemplateText() throws {
        let pitch = try renderer(body: "こんにちは {{name}}、café ☕️ 👋").render(choice, row: ["name": "李娜"], rowNumber: 1)
        #expect(pitch.body == "こんにちは 李娜、café ☕️ 👋")
    }

    @Test("offer, ask, signature and brand render from the front matter")
    func builtins() throws {
        let renderer = try renderer(
            body: "{{brand}} offers {{offer}}; we ask {{ask}}.\n{{signature}}",
            extra: "signature: |\n  Sam Lee\n  Lumen Tea")
        let pitch = try renderer.render(choice, row: ["name": "A"], rowNumber: 1)
        #expect(pitch.body == "Lumen Tea offers a $250 fee; we ask one TikTok within 14 days.\nSam Lee\nLumen Tea")
    }

    @Test("offers and the ask may use recipient variables")
    func variablesInOffer() throws {
        let source = """
            ---
            id: codes
            subjects: "Hi {{name}}"
            offers:
              - id: code
                text: "a $100 fee and code {{handle}}20"
            ask: "one video within 7 days, tagging {{handle}}"
            ---
            {{offer}} / {{ask}}
            """
        let renderer = try TemplateRenderer(template: TemplateTestSupport.template(source))
        let pitch = try renderer.render(
            PitchVariantChoice(subject: "main", message: "main", offer: "code"), row: ["name": "A", "handle": "ZOE"],
            rowNumber: 1)
        #expect(pitch.body == "a $100 fee and code ZOE20 / one video within 7 days, tagging ZOE")
    }

    @Test("sections render on a present value and inverted sections on a missing one")
    func sections() throws {
        let renderer = try renderer(
            body: """
                Hi {{name}},
                {{#recent_video}}
                Loved "{{.}}" and {{recent_video}}.
                {{/recent_video}}
                {{^recent_video}}
                Loved your videos.
                {{/recent_video}}
                Bye
                """)
        let with = try renderer.render(choice, row: ["name": "A", "recent_video": "Tonewoods"], rowNumber: 1)
        #expect(with.body == "Hi A,\nLoved \"Tonewoods\" and Tonewoods.\nBye")
        let without = try renderer.render(choice, row: ["name": "A", "recent_video": " "], rowNumber: 1)
        #expect(without.body == "Hi A,\nLoved your videos.\nBye")
    }

    @Test("a variable inside a section that is not rendered is not required")
    func skippedSectionNeedsNothing() throws {
        let renderer = try renderer(body: "Hi{{#handle}} {{city}}{{/handle}}.")
        #expect(try renderer.render(choice, row: ["name": "A"], rowNumber: 1).body == "Hi.")
        #expect(throws: TemplateError.self) { try renderer.render(choice, row: ["name": "A", "handle": "@a"], rowNumber: 1) }
    }

    @Test("comments disappear, standalone comment lines with their newline")
    func comments() throws {
        let pitch = try renderer(body: "A{{! inline }}B\n  {{! own line }}\nC").render(choice, row: ["name": "x"], rowNumber: 1)
        #expect(pitch.body == "AB\nC")
    }

    @Test("line breaks in a subject value become spaces")
    func subjectOnOneLine() throws {
        let pitch = try renderer(body: "x", subject: "Hi {{name}}").render(choice, row: ["name": "Ann\r\nBcc: x"], rowNumber: 1)
        #expect(pitch.subject == "Hi Ann Bcc: x")
        #expect(!pitch.subject.contains("\n") && !pitch.subject.contains("\r"))
    }

    @Test("an unknown variant id is an error listing the ids that exist")
    func unknownVariant() throws {
        let renderer = try renderer(body: "Hi")
        let error = try #require(throws: TemplateError.self) {
            try renderer.render(PitchVariantChoice(subject: "zzz", message: "main", offer: "fee"), row: [:], rowNumber: 1)
        }
        #expect(error.kind == .unknownVariant)
        #expect(error.description.contains("use one of: a"))
        #expect(throws: TemplateError.self) { try renderer.validate(PitchVariantChoice(subject: "a", message: "x", offer: "fee")) }
        #expect(throws: Never.self) { try renderer.validate(choice) }
    }

    @Test("a template without an offer or ask cannot be rendered")
    func incomplete() throws {
        let source = "---\nid: x\nsubjects: Hi\n---\nHello"
        let error = try #require(throws: TemplateError.self) { try TemplateRenderer(template: TemplateTestSupport.template(source)) }
        #expect(error.kind == .incompleteTemplate)
    }

    @Test("a body using {{signature}} without a signature field cannot be rendered")
    func signatureRequired() throws {
        let error = try #require(throws: TemplateError.self) { try renderer(body: "Hi {{offer}} {{ask}}\n{{signature}}") }
        #expect(error.kind == .incompleteTemplate)
        #expect(error.description.contains("has no signature"))
    }

    @Test("the compiled renderer matches swift-mustache's plain-text rendering")
    func matchesSwiftMustache() throws {
        let table = try TemplateTestSupport.recipients()
        for url in TemplateTestSupport.goodTemplateURLs {
            let template = try PitchTemplate.load(contentsOf: url)
            let renderer = try TemplateRenderer(template: template)
            for (index, row) in table.rows.enumerated() {
                for choice in template.allChoices {
                    let pitch = try renderer.render(choice, row: row.fields, rowNumber: index + 1)
                    var values = row.fields.merging(template.defaults.filter { row.fields[$0.key]?.trimmedNonBlank == nil }) { $1 }
                    values["brand"] = template.brand
                    values["offer"] = template.offer(id: choice.offer)!.compiled.renderWithSwiftMustache(values)
                    values["ask"] = template.ask!.compiled.renderWithSwiftMustache(values)
                    values["signature"] = template.signature!.compiled.renderWithSwiftMustache(values)
                    #expect(pitch.body == template.message(id: choice.message)!.compiled.renderWithSwiftMustache(values))
                    #expect(pitch.subject == template.subject(id: choice.subject)!.compiled.renderWithSwiftMustache(values))
                }
            }
        }
    }

    @Test("every template renders for every recipient and every variant")
    func everyTemplateRecipientAndVariant() throws {
        let table = try TemplateTestSupport.recipients()
        #expect(TemplateTestSupport.goodTemplateURLs.count >= 3)
        for url in TemplateTestSupport.goodTemplateURLs {
            let renderer = try TemplateRenderer(contentsOf: url)
            let template = renderer.template
            #expect(template.allChoices.count >= 4, "\(template.id) should have 2+ subjects and 2+ offers")
            for (index, row) in table.rows.enumerated() {
                for choice in template.allChoices {
                    let pitch = try renderer.render(choice, row: row.fields, rowNumber: index + 1)
                    #expect(!pitch.body.contains("{{") && !pitch.subject.contains("{{"))
                    #expect(!pitch.body.contains("Hi ,") && !pitch.body.contains("  "))
                    #expect(pitch.body.contains(template.offer(id: choice.offer)!.text.prefix(12)))
                    #expect(pitch.subject.count <= 70)
                    let name = row["name"]?.trimmedNonBlank ?? template.defaults["name"]!
                    #expect(pitch.body.hasPrefix("Hi \(name),"), "\(template.id) row \(index + 1)")
                }
            }
        }
    }
}
