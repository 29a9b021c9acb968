import ArgumentParser
import Foundation
import PitchKit

/// `pitchlab recipients`: import and list the workspace's creators.
struct RecipientsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recipients",
        abstract: "Import creators from a CSV file, list and rank them.",
        subcommands: [Import.self, List.self, Rank.self])
}

extension RecipientsCommand {
    /// `recipients import FILE`: validates, dedupes and stores a CSV in one transaction.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a recipients CSV (one transaction; exit 1 when any row is rejected).",
            discussion: """
                The file is UTF-8 (with or without a byte order mark); pass --encoding windows-1252 for a \
                plain "CSV" saved by Excel on Windows. Known columns: email (required), name, handle, \
                platform, followers, avg_views, relevance (0-1), cost, persona, type (peer, authority, \
                aspirational), timezone; other columns are kept for templates, and code and url hold the \
                creator's discount code(s) and tracked link(s) for 'pitchlab conversions import'. Addresses already in the \
                workspace are merged, suppressed ones are kept out, and every rejected row is listed with \
                its line, field and reason. A problem with the whole file (encoding, no email column) \
                imports nothing.
                """)

        @Argument(help: "The CSV file (relative to the workspace folder when it is there).")
        var file: String

        @Option(help: ArgumentHelp("The file's encoding: \(RecipientFileEncoding.acceptedNames).", valueName: "encoding"))
        var encoding = "utf-8"

        @Flag(help: "Print one JSON document: rows, imported, merged, rejected, suppressed, errors.")
        var json = false

        @OptionGroup var options: WorkspaceOptions

        func validate() throws {
            guard RecipientFileEncoding(name: encoding) != nil else {
                throw ValidationError("--encoding '\(encoding)' is not supported; use one of: \(RecipientFileEncoding.acceptedNames).")
            }
        }

        func run() throws {
            let store = try options.workspace.openStore()
            let importer = RecipientImporter(encoding: RecipientFileEncoding(name: encoding) ?? .utf8)
            let summary = try importer.importFile(
                at: URL(fileURLWithPath: options.resolve(file)), displayPath: file, into: store)
            if json {
                print(try JSONOutput.string(summary))
            } else {
                print("\(file): \(summary.rows) rows: \(summary.imported) imported, \(summary.merged) merged, "
                    + "\(summary.suppressed) suppressed, \(summary.rejected) rejected.")
                for error in summary.errors { print("  \(error)") }
            }
            if summary.rejected > 0 { throw ExitCode(1) }
        }
    }

    /// `recipients list`: the workspace's creators.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the workspace's recipients.")

        @Flag(help: "Print one JSON document.")
        var json = false

        @OptionGroup var options: WorkspaceOptions

        func run() throws {
            let recipients = try options.workspace.openStore().recipients()
            if json {
                struct Listing: Encodable { let recipients: [StoredRecipient] }
                print(try JSONOutput.string(Listing(recipients: recipients)))
                return
            }
            guard !recipients.isEmpty else {
                print("No recipients yet. Import some with: pitchlab recipients import recipients.csv")
                return
            }
            var rows = [["EMAIL", "NAME", "HANDLE", "PLATFORM", "FOLLOWERS", "TYPE", "PERSONA"]]
            for r in recipients {
                let f = r.fields
                rows.append([
                    r.email, f.name ?? "", f.handle ?? "", f.platform ?? "", f.followers.map(String.init) ?? "",
                    f.type ?? "", f.persona ?? "",
                ])
            }
            printTable(rows)
            print("\(recipients.count) recipient\(recipients.count == 1 ? "" : "s").")
        }
    }
}

/// Prints rows as left-aligned columns separated by two spaces.
func printTable(_ rows: [[String]]) {
    guard let first = rows.first else { return }
    let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
    for row in rows {
        let cells = row.enumerated().map { column, cell in
            column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
        }
        print(cells.joined(separator: "  "))
    }
}
