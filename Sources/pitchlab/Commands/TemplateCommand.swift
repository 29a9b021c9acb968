import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab template`: create, lint, render and list pitch templates (`Templates/*.pitch`).
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Create, check, preview and list pitch templates.",
        discussion: """
            A template is a .pitch file: YAML front matter (id, subjects, offers, ask, defaults, signature) \
            between '---' lines, then a Mustache body that uses {{offer}}, {{ask}} and recipient columns \
            such as {{name}} and {{handle}}.
            """,
        subcommands: [New.self, Lint.self, Render.self, List.self]
    )
}

extension TemplateCommand {
    /// `template new NAME`: writes a lint-clean skeleton.
    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new template skeleton to fill in (never overwrites).")

        @Argument(help: "The template id and file name, e.g. glow-peer (letters, digits, '-', '_', '.').")
        var name: String

        @Option(help: "The folder to write into (default: Templates/ of the workspace).")
        var dir: String = TemplateCatalog.defaultDirectory

        @OptionGroup var workspace: WorkspaceOptions

        func validate() throws {
            guard PitchTemplate.isValidID(templateID) else {
                throw ValidationError(
                    "'\(name)' is not a valid template name; use letters, digits, '-', '_' or '.', starting with a letter or digit.")
            }
        }

        private var templateID: String {
            name.hasSuffix(".pitch") ? String(name.dropLast(".pitch".count)) : name
        }

        func run() throws {
            let dir = workspace.directory == "." || dir.hasPrefix("/")
                ? dir : workspace.workspace.directory.appendingPathComponent(dir).path
            let path = (dir.hasSuffix("/") ? dir : dir + "/") + templateID + ".pitch"
            guard !FileManager.default.fileExists(atPath: path) else {
                throw TemplateCommandError("\(path) already exists; choose another name or edit that file.")
            }
            do {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try Data(PitchTemplate.skeleton(id: templateID).utf8).write(
                    to: URL(fileURLWithPath: path), options: .withoutOverwriting)
            } catch {
                throw TemplateCommandError("\(path) could not be written (\(error.localizedDescription)); check that \(dir) is writable.")
            }
            print("Created \(path). Fill it in, then run: pitchlab template lint \(path)")
        }
    }

    /// `template lint [FILES…]`: checks templates; exit 1 when any has an error.
    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check templates for the rules of a good first pitch.",
            discussion: "Errors make the command exit with status 1; warnings are reported only.")

        @Argument(help: "Template files (default: every Templates/*.pitch).")
        var files: [String] = []

        @Option(
            help: ArgumentHelp(
                "Extra recipient columns your recipients file has, comma-separated.", valueName: "names"))
        var columns: String?

        @Flag(help: "Print one JSON document with every finding.")
        var json = false

        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            let extra = columns?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
            let linter = PitchLinter(knownColumns: PitchLinter.standardColumns + extra)
            let catalog = try loadCatalog(files: files.map(workspace.resolve), directory: workspace.resolve(TemplateCatalog.defaultDirectory), linter: linter)
            if json {
                print(try JSONOutput.string(catalog.lintReport))
            } else {
                for diagnostic in catalog.diagnostics {
                    print("\(diagnostic.location): \(diagnostic.severity): \(diagnostic.message) [\(diagnostic.rule)]")
                    print("    hint: \(diagnostic.hint)")
                }
                print(summaryLine(catalog))
            }
            if catalog.hasErrors { throw ExitCode(1) }
        }

        private func summaryLine(_ catalog: TemplateCatalog) -> String {
            let count = catalog.entries.count
            let files = count == 1 ? "1 template" : "\(count) templates"
            if catalog.errorCount == 0, catalog.warningCount == 0 { return "\(files) checked: no problems." }
            return "\(files) checked: \(plural(catalog.errorCount, "error")), \(plural(catalog.warningCount, "warning"))."
        }
    }

    /// `template render FILE --recipients CSV`: prints the pitch for one recipient row.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show exactly what one recipient would receive.")

        @Argument(help: "The template file.")
        var file: String

        @Option(help: "The recipients CSV file.")
        var recipients: String

        @Option(help: "The recipient row, 1 for the first row after the header.")
        var row: Int = 1

        @Option(help: "The subject variant id (default: the first).")
        var subject: String?

        @Option(help: "The offer variant id (default: the first).")
        var offer: String?

        @Option(help: "The message variant id (default: the first).")
        var message: String?

        func validate() throws {
            guard row >= 1 else { throw ValidationError("--row must be 1 or more (1 is the first row after the header).") }
        }

        @Option(help: "The sender address shown in From.")
        var from = "partnerships@brand.example"

        @Option(help: "The sender's display name (default: the template's brand).")
        var fromName: String?

        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            do {
                let message = try PitchPreview.message(
                    templateFile: workspace.resolve(file), recipientsFile: workspace.resolve(recipients), row: row,
                    subject: subject, message: message, offer: offer, from: from, fromName: fromName)
                print(message, terminator: "")
            } catch let error as TemplateError where error.kind == .unknownVariant {
                throw ValidationError(error.description)
            } catch let error as TestBatchError {
                throw ValidationError(error.description)
            }
        }
    }

    /// `template list`: templates, their variants and lint status.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the templates in Templates/ with their variants and lint status.")

        @Option(help: "The template folder (default: Templates/ of the workspace).")
        var dir: String = TemplateCatalog.defaultDirectory

        @Flag(help: "Print one JSON document.")
        var json = false

        @OptionGroup var workspace: WorkspaceOptions

        func run() throws {
            let dir = workspace.resolve(dir)
            let catalog = try TemplateCatalog(directory: dir)
            let summaries = catalog.summaries
            if json {
                struct Listing: Encodable { let templates: [TemplateCatalog.Summary] }
                print(try JSONOutput.string(Listing(templates: summaries)))
                return
            }
            guard !summaries.isEmpty else {
                print("No templates in \(dir)/. Create one with: pitchlab template new NAME")
                return
            }
            var rows = [["TEMPLATE", "SUBJECTS", "MESSAGES", "OFFERS", "LINT"]]
            for summary in summaries {
                let status =
                    switch summary.status {
                    case "ok": "ok"
                    case "warnings": plural(summary.warnings, "warning")
                    default: plural(summary.errors, "error")
                    }
                rows.append([
                    summary.id ?? summary.file, summary.subjects.joined(separator: ", "),
                    summary.messages.joined(separator: ", "), summary.offers.joined(separator: ", "), status,
                ])
            }
            let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                let cells = row.enumerated().map { column, cell in
                    column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                }
                print(cells.joined(separator: "  "))
            }
        }
    }
}

/// A failure of a `template` command (not bad usage); the message is one sentence saying what to do.
struct TemplateCommandError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

private func loadCatalog(files: [String], directory: String, linter: PitchLinter) throws -> TemplateCatalog {
    if !files.isEmpty {
        return try TemplateCatalog(files: files, linter: linter)
    }
    let catalog = try TemplateCatalog(directory: directory, linter: linter)
    guard !catalog.entries.isEmpty else {
        throw TemplateCommandError(
            "\(directory)/ has no .pitch files; create one with 'pitchlab template new NAME' or pass files.")
    }
    return catalog
}

private func plural(_ count: Int, _ noun: String) -> String {
    count == 1 ? "1 \(noun)" : "\(count) \(noun)s"
}
