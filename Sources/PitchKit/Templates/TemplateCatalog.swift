import Foundation

/// The templates of a folder (by default `Templates/`) or a list of files, each parsed and linted.
///
/// ```swift
/// let catalog = try TemplateCatalog(directory: "Templates")
/// for entry in catalog.entries { print(entry.path, entry.status) }
/// if catalog.hasErrors { … }
/// ```
///
/// A file that does not parse is still an entry, with its ``LintRule/syntax`` finding and no template.
public struct TemplateCatalog: Sendable {
    /// One template file.
    public struct Entry: Sendable {
        /// The path as given or found (e.g. `Templates/glow.pitch`).
        public let path: String
        /// The parsed template; nil when the file does not parse.
        public let template: PitchTemplate?
        /// The lint findings, in file order.
        public let diagnostics: [LintDiagnostic]

        /// The number of error findings.
        public var errorCount: Int { diagnostics.count { $0.severity == .error } }
        /// The number of warning findings.
        public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
        /// `ok`, `warnings` or `errors`.
        public var status: String { errorCount > 0 ? "errors" : warningCount > 0 ? "warnings" : "ok" }
    }

    /// The folder `template` commands use by default.
    public static let defaultDirectory = "Templates"

    /// The entries, sorted by path.
    public let entries: [Entry]

    /// Loads and lints every `*.pitch` file of a folder (not its subfolders).
    ///
    /// - Throws: ``TemplateError`` when the folder cannot be read or a file cannot be read.
    public init(directory: String = TemplateCatalog.defaultDirectory, linter: PitchLinter = PitchLinter()) throws {
        try self.init(files: Self.templateFiles(in: directory), linter: linter)
    }

    /// Loads and lints the given files, in the given order.
    ///
    /// - Throws: ``TemplateError`` when a file cannot be read.
    public init(files: [String], linter: PitchLinter = PitchLinter()) throws {
        var entries: [Entry] = []
        for path in files {
            let url = URL(fileURLWithPath: path)
            do {
                let template = try PitchTemplate.load(contentsOf: url, displayPath: path)
                entries.append(Entry(path: path, template: template, diagnostics: linter.lint(template)))
            } catch let error as TemplateError where error.kind != .unreadableFile {
                entries.append(Entry(path: path, template: nil, diagnostics: [PitchLinter.diagnostic(for: error)]))
            }
        }
        self.entries = Self.flaggingDuplicateIDs(entries)
    }

    /// Adds a ``LintRule/duplicateID`` finding to every file whose id an earlier file already uses:
    /// campaigns name templates by id, so two files with one id make the choice ambiguous.
    private static func flaggingDuplicateIDs(_ entries: [Entry]) -> [Entry] {
        var firstPath: [String: String] = [:]
        return entries.map { entry in
            guard let id = entry.template?.id else { return entry }
            guard let earlier = firstPath[id] else {
                firstPath[id] = entry.path
                return entry
            }
            let finding = LintDiagnostic(
                .duplicateID, at: TemplateLocation(file: entry.path, line: 1, column: 1),
                "template id '\(id)' is already used by \(earlier)",
                hint: "give this template another id (and file name), or remove one of the two files")
            return Entry(path: entry.path, template: entry.template, diagnostics: entry.diagnostics + [finding])
        }
    }

    /// The `.pitch` files directly inside a folder, sorted by name, as `folder/name.pitch`.
    ///
    /// - Throws: ``TemplateError`` when the folder does not exist or cannot be read.
    public static func templateFiles(in directory: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError(
                .unreadableFile, at: nil, file: directory,
                "there is no template folder here; run 'pitchlab template new NAME' to create one, or pass template files")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw TemplateError(
                .unreadableFile, at: nil, file: directory,
                "cannot list the template folder (\(PitchTemplate.reason(error))); check its permissions")
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return names.filter { $0.hasSuffix("." + PitchTemplate.fileExtension) && !$0.hasPrefix(".") }
            .sorted()
            .map { prefix + $0 }
    }

    /// All findings of all entries, in entry then file order.
    public var diagnostics: [LintDiagnostic] { entries.flatMap(\.diagnostics) }
    /// The number of error findings.
    public var errorCount: Int { entries.reduce(0) { $0 + $1.errorCount } }
    /// The number of warning findings.
    public var warningCount: Int { entries.reduce(0) { $0 + $1.warningCount } }
    /// True when any entry has an error finding.
    public var hasErrors: Bool { errorCount > 0 }

    /// The first parsed template with this id.
    public func template(id: String) -> PitchTemplate? {
        entries.lazy.compactMap(\.template).first { $0.id == id }
    }

    // MARK: - Reports

    /// The `template lint --json` document.
    public struct LintReport: Sendable, Codable, Equatable {
        /// One file's findings.
        public struct File: Sendable, Codable, Equatable {
            /// The file path.
            public let file: String
            /// The template id; nil when the file does not parse.
            public let template: String?
            /// `ok`, `warnings` or `errors`.
            public let status: String
            /// The findings, in file order.
            public let diagnostics: [LintDiagnostic]
        }

        /// Every file linted.
        public let files: [File]
        /// Total error findings.
        public let errors: Int
        /// Total warning findings.
        public let warnings: Int
    }

    /// The lint results as one report.
    public var lintReport: LintReport {
        LintReport(
            files: entries.map {
                LintReport.File(file: $0.path, template: $0.template?.id, status: $0.status, diagnostics: $0.diagnostics)
            },
            errors: errorCount, warnings: warningCount)
    }

    /// One row of `template list`.
    public struct Summary: Sendable, Codable, Equatable {
        /// The template id; nil when the file does not parse.
        public let id: String?
        /// The file path.
        public let file: String
        /// The brand, when set.
        public let brand: String?
        /// The description, when set.
        public let description: String?
        /// Subject variant ids.
        public let subjects: [String]
        /// Message variant ids.
        public let messages: [String]
        /// Offer variant ids.
        public let offers: [String]
        /// `ok`, `warnings` or `errors`.
        public let status: String
        /// Error findings.
        public let errors: Int
        /// Warning findings.
        public let warnings: Int
    }

    /// A summary of every entry: id, variants and lint status.
    public var summaries: [Summary] {
        entries.map { entry in
            let template = entry.template
            return Summary(
                id: template?.id, file: entry.path, brand: template?.brand, description: template?.summary,
                subjects: template?.subjects.map(\.id) ?? [], messages: template?.messages.map(\.id) ?? [],
                offers: template?.offers.map(\.id) ?? [], status: entry.status, errors: entry.errorCount,
                warnings: entry.warningCount)
        }
    }
}
