import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab conversions`: orders, sign-ups and posts, tied to the creators they came through.
struct ConversionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conversions",
        abstract: "Import orders, sign-ups and posts, tied to creators by discount code or tracked URL.",
        subcommands: [Import.self])
}

extension ConversionsCommand {
    /// `conversions import FILE`.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a conversions CSV (one transaction; exit 1 when any row is rejected).",
            discussion: """
                Columns: date (required; YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, UTC unless a zone follows), \
                code and/or url (the discount code used or the tracked link), amount (required for \
                orders), kind (order, signup or post; order by default), order_id (optional; the row's \
                stable key). A row is tied to the creator whose code column holds its code \
                (case-insensitive), else whose url column holds its URL (normalised). Rows with an \
                unknown code, a bad amount or date are listed with line and field; the rest are \
                imported. Importing the same rows again adds nothing.
                """)

        @Argument(help: "The CSV file (relative to the workspace folder when it is there).")
        var file: String

        @Flag(help: "Print one JSON document: rows, imported, duplicates, rejected, errors.")
        var json = false

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let store = try options.workspace.openStore()
            let summary = try ConversionImporter().importFile(
                at: URL(fileURLWithPath: options.resolve(file)), displayPath: file, into: store, now: Date())
            print(json ? try JSONOutput.string(summary) : summary.textLines(file: file).joined(separator: "\n"))
            if summary.rejected > 0 { throw ExitCode(1) }
        }
    }
}
