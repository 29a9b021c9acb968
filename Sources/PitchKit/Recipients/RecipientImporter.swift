public import Foundation
import PitchMail

/// Imports a recipients CSV into a ``CampaignStore`` in one transaction.
///
/// - The file is UTF-8 (a byte order mark is skipped), or Windows-1252 when asked; otherwise a file
///   that is not UTF-8 is refused naming the first bad line.
/// - Headers are matched by name and alias (see ``RecipientColumns``); an email column is required.
/// - Each row is checked: address (validated and normalised), no control characters in header-bound
///   fields (header injection), numbers in range. A bad row is rejected with its line, field and reason;
///   the others are kept. A malformed row (too many fields, a stray quote) is rejected the same way.
/// - Duplicates (case-insensitive, within the file and against earlier imports) are merged; suppressed
///   addresses are kept out.
///
/// ```swift
/// let summary = try RecipientImporter().importFile(at: url, displayPath: "recipients.csv", into: store)
/// ```
public struct RecipientImporter: Sendable {
    /// The file's encoding.
    public var encoding: RecipientFileEncoding

    /// Creates an importer for files in `encoding`.
    public init(encoding: RecipientFileEncoding = .utf8) {
        self.encoding = encoding
    }

    /// Reads, checks and imports a file; the summary says what happened to every row.
    ///
    /// - Throws: ``RecipientImportError`` for a file-level problem (nothing is imported), ``StoreError``
    ///   when the database fails (the transaction is rolled back).
    public func importFile(
        at url: URL, displayPath: String? = nil, into store: any CampaignStore, now: Date = Date()
    ) throws -> RecipientImportSummary {
        let batch = try parse(contentsOf: url, displayPath: displayPath)
        return try store.importRecipients(batch, now: now)
    }

    /// Reads and checks a file without touching any store.
    public func parse(contentsOf url: URL, displayPath: String? = nil) throws(RecipientImportError) -> RecipientImportBatch {
        let path = displayPath ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RecipientImportError(
                .unreadableFile, file: path, line: nil, "the file cannot be read; check the path and permissions")
        }
        return try parse(data: data, file: path)
    }

    /// Checks file contents; `file` names the file in errors and in the import history.
    public func parse(data raw: Data, file: String) throws(RecipientImportError) -> RecipientImportBatch {
        if raw.starts(with: [0xFF, 0xFE]) || raw.starts(with: [0xFE, 0xFF]) {
            throw RecipientImportError(
                .invalidEncoding, file: file, line: 1,
                "the file is UTF-16 (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\" and import that")
        }
        let data: Data
        // A UTF-8 byte order mark says what the file is, whatever --encoding says.
        switch raw.starts(with: [0xEF, 0xBB, 0xBF]) ? .utf8 : encoding {
        case .utf8:
            if let line = RecipientFileEncoding.firstInvalidUTF8Line(in: raw) {
                throw RecipientImportError(
                    .invalidEncoding, file: file, line: line,
                    "not UTF-8 at line \(line); if it comes from Excel, pass --encoding windows-1252 (or save it as \"CSV UTF-8\")")
            }
            data = raw
        case .windows1252:
            data = RecipientFileEncoding.utf8(fromWindows1252: raw)
        }
        let (columns, records) = try RecipientRecords.read(data, file: file)
        let mapping = try RecipientColumns(columns: columns, file: file)
        var parser = RecipientRowParser(columns: mapping)
        var candidates: [RecipientImportBatch.Candidate] = []
        var rejected: [RecipientRowError] = []
        candidates.reserveCapacity(records.count)
        for record in records {
            switch record {
            case .row(let row):
                switch parser.parse(row) {
                case .candidate(let candidate): candidates.append(candidate)
                case .rejected(let error): rejected.append(error)
                }
            case .malformed(let error):
                rejected.append(error)
            }
        }
        return RecipientImportBatch(file: file, rows: records.count, candidates: candidates, rejected: rejected)
    }
}
