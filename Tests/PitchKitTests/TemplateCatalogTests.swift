import Foundation
import Testing

@testable import PitchKit

@Suite("Template folders")
struct TemplateCatalogTests {
    @Test("the Templates folder loads clean, sorted by file name")
    func templatesFolder() throws {
        let folder = TemplateTestSupport.repositoryRoot.appendingPathComponent("Templates").path
        let catalog = try TemplateCatalog(directory: folder)
        #expect(catalog.entries.count >= 3)
        #expect(catalog.entries.map(\.path) == catalog.entries.map(\.path).sorted())
        #expect(!catalog.hasErrors && catalog.warningCount == 0)
        #expect(catalog.entries.allSatisfy { $0.status == "ok" && $0.template != nil })
        #expect(catalog.template(id: "harlow-authority")?.brand == "Harlow & Finch Guitars")
        let summary = try #require(catalog.summaries.first { $0.id == "dewpoint-peer" })
        #expect(summary.subjects == ["routine", "barrier"])
        #expect(summary.messages == ["main", "short"])
    }

    @Test("a folder with a bad file lists it with its findings")
    func mixedFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try PitchTemplate.skeleton(id: "good").write(to: folder.appendingPathComponent("good.pitch"), atomically: true, encoding: .utf8)
        try "---\nid: broken\n---\n{{#x}}".write(to: folder.appendingPathComponent("broken.pitch"), atomically: true, encoding: .utf8)
        try "not a template".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)

        let catalog = try TemplateCatalog(directory: folder.path)
        #expect(catalog.entries.map { ($0.path as NSString).lastPathComponent } == ["broken.pitch", "good.pitch"])
        #expect(catalog.hasErrors && catalog.errorCount == 1)
        #expect(catalog.entries[0].template == nil && catalog.entries[0].diagnostics.map(\.rule) == ["syntax"])
        let report = catalog.lintReport
        #expect(report.errors == 1 && report.warnings == 0)
        #expect(report.files.map(\.status) == ["errors", "ok"])
        #expect(try JSONDecoder().decode(TemplateCatalog.LintReport.self, from: JSONEncoder().encode(report)) == report)
    }

    @Test("a missing folder is a clear error")
    func missingFolder() throws {
        let error = try #require(throws: TemplateError.self) { try TemplateCatalog(directory: "/nonexistent/Templates") }
        #expect(error.kind == .unreadableFile)
        #expect(error.description.contains("template new"))
    }
}

@Suite("Template catalog: ids across files")
struct TemplateCatalogDuplicateIDTests {
    @Test("two files with one id: the second gets a duplicate-id error naming the first")
    func duplicateID() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-dup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try String(contentsOfFile: TemplateTestSupport.repositoryRoot.appendingPathComponent("Templates/dewpoint-peer.pitch").path, encoding: .utf8)
        try source.write(to: folder.appendingPathComponent("a.pitch"), atomically: true, encoding: .utf8)
        try source.write(to: folder.appendingPathComponent("b.pitch"), atomically: true, encoding: .utf8)
        let catalog = try TemplateCatalog(directory: folder.path)
        #expect(catalog.hasErrors)
        let first = try #require(catalog.entries.first { $0.path.hasSuffix("a.pitch") })
        let second = try #require(catalog.entries.first { $0.path.hasSuffix("b.pitch") })
        #expect(first.diagnostics.isEmpty)
        #expect(second.diagnostics.map(\.rule) == ["duplicate-id"])
        #expect(second.diagnostics[0].message.contains("a.pitch"))
        #expect(LintRule.rule(id: "duplicate-id") == .duplicateID)
    }
}
