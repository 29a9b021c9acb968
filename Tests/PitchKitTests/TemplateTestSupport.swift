import Foundation
import Testing

@testable import PitchKit

/// Locations of the repository's templates and of this target's fixtures.
enum TemplateTestSupport {
    /// The package root: the first folder above this file with a Package.swift and a Templates folder.
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/" {
            let manager = FileManager.default
            if manager.fileExists(atPath: url.appendingPathComponent("Package.swift").path),
                manager.fileExists(atPath: url.appendingPathComponent("Templates").path)
            {
                return url
            }
            url.deleteLastPathComponent()
        }
        fatalError("no package root with a Templates folder above \(#filePath)")
    }()

    /// The good templates of `Templates/`, sorted by name.
    static var goodTemplateURLs: [URL] {
        let folder = repositoryRoot.appendingPathComponent("Templates")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".pitch") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// A fixture file of `Fixtures/` (or a subfolder of it).
    static func fixture(_ name: String, _ ext: String, in subfolder: String? = nil) throws -> URL {
        let directory = subfolder.map { "Fixtures/\($0)" } ?? "Fixtures"
        return try #require(
            Bundle.module.url(forResource: name, withExtension: ext, subdirectory: directory),
            "missing fixture \(directory)/\(name).\(ext)")
    }

    /// The names (without extension) of the bad template fixtures.
    static var badFixtureNames: [String] {
        let paths = Bundle.module.paths(forResourcesOfType: "pitch", inDirectory: "Fixtures/bad")
        return paths.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }.sorted()
    }

    /// The sample recipients file.
    static func recipients() throws -> CSVTable {
        try CSVTable.load(contentsOf: fixture("recipients", "csv"), displayPath: "recipients.csv")
    }

    /// Parses template text written in a test.
    static func template(_ source: String, file: String = "test.pitch") throws -> PitchTemplate {
        try PitchTemplate.parse(source, file: file)
    }

    /// A small valid template around the given body; `extra` is added to the front matter.
    static func simpleTemplate(body: String, subject: String = "Hi {{name}}", extra: String = "") -> String {
        """
        ---
        id: simple
        brand: Lumen Tea
        subjects:
          - id: a
            text: "\(subject)"
        offers:
          - id: fee
            text: a $250 fee
        ask: one TikTok within 14 days
        \(extra)
        ---
        \(body)
        """
    }
}
