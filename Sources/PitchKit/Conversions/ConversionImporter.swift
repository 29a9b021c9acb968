public import Foundation
import Crypto

/// Imports a conversions CSV (orders, sign-ups, posts) into the workspace, tied to creators by
/// discount code or tracked URL, in one transaction.
///
/// - Columns: see ``ConversionColumns``; a creator's codes and URLs come from the recipients file
///   (see ``CreatorAttribution``).
/// - A row with a bad amount, date or kind, or a code or URL no creator has, is rejected with its
///   line, field and reason; the others are imported.
/// - Idempotent: each row has a stable key (its `order_id`, else a digest of its values), so
///   importing the same file again, or a later export that repeats its rows, adds nothing twice.
///
/// ```swift
/// let summary = try ConversionImporter().importFile(at: url, displayPath: "orders.csv", into: store, now: .now)
/// ```
public struct ConversionImporter: Sendable {
    /// Dates further in the future than this (after the import time) are refused as typos.
    public static let futureTolerance: TimeInterval = 86_400

    /// Creates an importer.
    public init() {}

    /// Reads, checks, attributes and stores a file; the summary says what happened to every row.
    ///
    /// - Throws: ``ConversionImportError`` for a file-level problem (nothing is imported),
    ///   ``StoreError`` when the database fails (the transaction is rolled back).
    public func importFile(
        at url: URL, displayPath: String? = nil, into store: SQLiteCampaignStore, now: Date
    ) throws -> ConversionImportSummary {
        let batch = try parse(contentsOf: url, displayPath: displayPath, now: now)
        return try store.importConversions(batch, now: now)
    }

    /// Reads and checks a file without touching any store.
    public func parse(contentsOf url: URL, displayPath: String? = nil, now: Date) throws(ConversionImportError)
        -> ConversionImportBatch
    {
        let path = displayPath ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ConversionImportError(.unreadableFile, file: path, line: nil, "the file cannot be read; check the path and permissions")
        }
        return try parse(data: data, file: path, now: now)
    }

    /// Checks file contents (UTF-8); `file` names the file in messages.
    public func parse(data: Data, file: String, now: Date) throws(ConversionImportError) -> ConversionImportBatch {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            throw ConversionImportError(
                .invalidEncoding, file: file, line: 1, "the file is UTF-16; save it as \"CSV UTF-8\" and import that")
        }
        if let line = RecipientFileEncoding.firstInvalidUTF8Line(in: data) {
            throw ConversionImportError(
                .invalidEncoding, file: file, line: line, "not UTF-8 at line \(line); save the file as \"CSV UTF-8\"")
        }
        let text = String(decoding: data, as: UTF8.self)
        guard text.contains(where: { !$0.isWhitespace && $0 != "\u{FEFF}" && $0 != "," }) else {
            throw ConversionImportError(
                .invalidHeader, file: file, line: nil, "the file is empty; add a header row such as order_id,code,amount,date")
        }
        let columns: [String]
        let records: [RecipientRecords.Record]
        do {
            (columns, records) = try RecipientRecords.read(data, file: file)
        } catch {
            let kind: ConversionImportError.Kind = error.kind == .invalidEncoding ? .invalidEncoding : .invalidHeader
            throw ConversionImportError(kind, file: file, line: error.line, error.message)
        }
        let mapping = try ConversionColumns(columns: columns, file: file)
        var reader = RowReader(columns: mapping, now: now)
        var candidates: [ConversionImportBatch.Candidate] = []
        var rejected: [ConversionRowError] = []
        var occurrences: [String: Int] = [:]
        for record in records {
            switch record {
            case .malformed(let error):
                rejected.append(ConversionRowError(line: error.line, field: error.field, reason: error.reason))
            case .row(let row):
                do throws(ConversionRowError) {
                    var candidate = try reader.read(row)
                    if candidate.orderID == nil {
                        let canonical = candidate.key
                        let seen = occurrences[canonical, default: 0]
                        occurrences[canonical] = seen + 1
                        candidate.key = Self.digestKey(canonical + "\u{1F}\(seen)")
                    }
                    candidates.append(candidate)
                } catch {
                    rejected.append(error)
                }
            }
        }
        return ConversionImportBatch(file: file, rows: records.count, candidates: candidates, rejected: rejected)
    }

    static func digestKey(_ text: String) -> String {
        "sha256:" + SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Reads one row's fields; the key of a row without an order id is its canonical values, to be digested.
    private struct RowReader {
        let columns: ConversionColumns
        let now: Date
        let formatters: [DateFormatter]
        let isoFormatter = ISO8601DateFormatter()

        init(columns: ConversionColumns, now: Date) {
            self.columns = columns
            self.now = now
            let utc = TimeZone(identifier: "UTC")!
            formatters = [
                "yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss Z", "yyyy-MM-dd HH:mm:ssZZZZZ", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm",
                "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss.SSS", "yyyy/MM/dd",
            ].map { format in
                let formatter = DateFormatter()
                formatter.locale = Locale(identifier: "en_US_POSIX")
                formatter.timeZone = utc
                formatter.calendar = Calendar(identifier: .gregorian)
                formatter.dateFormat = format
                formatter.isLenient = false
                return formatter
            }
        }

        func value(_ row: CSVTable.Row, _ field: ConversionColumns.Field) -> String? {
            guard let column = columns.fields[field], let text = row[column] else { return nil }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }

        mutating func read(_ row: CSVTable.Row) throws(ConversionRowError) -> ConversionImportBatch.Candidate {
            func reject(_ field: ConversionColumns.Field, _ reason: String) -> ConversionRowError {
                ConversionRowError(line: row.line, field: field.rawValue, reason: reason)
            }
            var kind = ConversionKind.order
            if let name = value(row, .kind) {
                guard let parsed = ConversionKind(name: name) else {
                    throw reject(.kind, "must be order, signup or post")
                }
                kind = parsed
            }
            let code = value(row, .code)
            let url = value(row, .url)
            guard code != nil || url != nil else {
                throw reject(columns.fields[.code] != nil ? .code : .url,
                             "is empty; give the discount code or the tracked link the \(kind.rawValue) came through")
            }
            if let code, code.unicodeScalars.contains(where: RecipientRowParser.isControl) {
                throw reject(.code, "contains a control character; remove it")
            }
            var amount: Double?
            if let text = value(row, .amount) {
                guard let parsed = Self.amount(text) else {
                    throw reject(.amount, "must be an amount of 0 or more, such as 49.90 or 1,200.50 (leave refunds out)")
                }
                amount = parsed
            } else if kind == .order {
                throw reject(.amount, columns.fields[.amount] == nil
                    ? "is needed for an order, and the file has no amount column; add one (or set kind to signup or post)"
                    : "is empty; an order needs its amount")
            }
            guard let dateText = value(row, .date) else {
                throw reject(.date, "is empty; give the date as YYYY-MM-DD (or YYYY-MM-DD HH:MM:SS)")
            }
            guard let date = parseDate(dateText) else {
                throw reject(.date, "is not a date PitchLab reads; write YYYY-MM-DD, YYYY-MM-DD HH:MM:SS (UTC unless a zone follows) or ISO 8601")
            }
            guard date.timeIntervalSince(now) <= ConversionImporter.futureTolerance else {
                throw reject(.date, "is in the future; check the year")
            }
            let orderID = value(row, .orderID)
            let key: String
            if let orderID {
                key = "id:\(kind.rawValue):\(orderID)"
            } else {
                key = [
                    kind.rawValue, code.map(CreatorAttribution.normalizedCode) ?? "",
                    url.map { CreatorAttribution.normalizedURL($0) ?? $0 } ?? "", amount.map { String($0) } ?? "",
                    String(date.timeIntervalSince1970),
                ].joined(separator: "\u{1F}")
            }
            return ConversionImportBatch.Candidate(
                line: row.line, key: key, kind: kind, orderID: orderID, code: code, url: url, amount: amount, occurredAt: date)
        }

        /// `49.90`, `$49.90`, `1,200.50`, `49.90 EUR`, `EUR 49.90`.
        static func amount(_ text: String) -> Double? {
            var body = text.trimmingCharacters(in: .whitespaces)
            for code in ["EUR", "USD", "GBP", "CAD", "AUD", "CHF", "JPY"] {
                if body.uppercased().hasSuffix(code) { body = String(body.dropLast(code.count)) }
                if body.uppercased().hasPrefix(code) { body = String(body.dropFirst(code.count)) }
            }
            body = body.trimmingCharacters(in: .whitespaces)
            if let last = body.last, "$€£¥".contains(last) { body = String(body.dropLast()).trimmingCharacters(in: .whitespaces) }
            return RecipientRowParser.amount(body)
        }

        func parseDate(_ text: String) -> Date? {
            if let date = isoFormatter.date(from: text) { return date }
            for formatter in formatters {
                if let date = formatter.date(from: text) { return date }
            }
            return nil
        }
    }
}
