import Foundation
import Testing

@testable import PitchKit

/// Configurations and templates written in the campaign tests.
enum CampaignTestSupport {
    /// The smallest valid configuration.
    static let minimalYAML = """
        campaign:
          id: spring
        sender:
          from: maya@brand.example
        smtp:
          url: smtp://127.0.0.1:2525
        template: dew
        """

    /// Parses configuration text, failing the test on error.
    static func config(_ yaml: String = minimalYAML, environment: [String: String] = [:]) throws -> CampaignConfig {
        try CampaignConfig.parse(yaml, file: "pitchlab.yaml", environment: environment)
    }

    /// The error of configuration text that must not parse.
    static func failure(_ yaml: String, environment: [String: String] = [:]) -> CampaignConfigError? {
        do {
            _ = try CampaignConfig.parse(yaml, file: "pitchlab.yaml", environment: environment)
            return nil
        } catch {
            return error
        }
    }

    /// A template with `subjects`, `messages` (besides `main`) and `offers` as given.
    static func template(
        id: String = "dew", subjects: [String] = ["routine", "barrier"], messages: [String] = ["short"],
        offers: [String] = ["fee-kit", "bigger-fee"]
    ) throws -> PitchTemplate {
        func list(_ ids: [String], _ text: (String) -> String) -> String {
            ids.map { "  - id: \($0)\n    text: \(text($0))" }.joined(separator: "\n")
        }
        var source = """
            ---
            id: \(id)
            brand: Dewpoint
            subjects:
            \(list(subjects) { "\"{{name}}, idea \($0)\"" })
            offers:
            \(list(offers) { "a fee of \($0) dollars" })
            ask: one TikTok within 14 days
            signature: Maya
            """
        if !messages.isEmpty {
            source += "\nmessages:\n" + list(messages) { "\"Hi {{name}}, \($0): {{offer}}. {{ask}}. {{signature}}\"" }
        }
        source += "\n---\nHi {{name}}, we offer {{offer}}. In return: {{ask}}.\n\n{{signature}}\n"
        return try PitchTemplate.parse(source, file: "Templates/\(id).pitch")
    }
}
