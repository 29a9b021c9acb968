import Foundation

/// Splits a recipients file into rows through ``CSVTable``, keeping malformed rows as row errors.
///
/// The whole file is parsed at once; only when ``CSVTable`` stops at a malformed row (too many fields,
/// text after a closing quote, a quote never closed) is the file split into records (quote-aware) and
/// each parsed on its own, so one bad row is rejected and the others are kept.
enum RecipientRecords {
    /// A data record: a row, or why it could not be read.
    enum Record {
        case row(CSVTable.Row)
        case malformed(RecipientRowError)
    }

    private static let rowLevel: Set<CSVError.Kind> = [.tooManyFields, .unexpectedQuote, .unterminatedQuote]

    /// The header's columns and every data record (blank lines skipped).
    static func read(_ data: Data, file: String) throws(RecipientImportError) -> ([String], [Record]) {
        do {
            let table = try CSVTable(data: data, file: file)
            return (table.columns, table.rows.map(Record.row))
        } catch let error as CSVError where rowLevel.contains(error.kind) {
            return try readRecordByRecord(data, file: file)
        } catch let error as CSVError {
            throw fileError(error, file: file)
        } catch {
            throw RecipientImportError(.invalidHeader, file: file, line: nil, "the file cannot be parsed as CSV")
        }
    }

    private static func fileError(_ error: CSVError, file: String) -> RecipientImportError {
        let kind: RecipientImportError.Kind = error.kind == .invalidEncoding ? .invalidEncoding : .invalidHeader
        return RecipientImportError(kind, file: file, line: error.line, error.message)
    }

    private static func readRecordByRecord(_ data: Data, file: String) throws(RecipientImportError) -> ([String], [Record]) {
        let bytes = [UInt8](data)
        let spans = split(bytes)
        var header: (columns: [String], bytes: ArraySlice<UInt8>)?
        var records: [Record] = []
        for span in spans {
            let slice = bytes[span.range]
            guard let current = header else {
                if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x2C }) { continue }
                guard !span.unterminated else {
                    throw RecipientImportError(
                        .invalidHeader, file: file, line: span.line,
                        "a quoted field in the header is never closed; fix the header row")
                }
                do {
                    let table = try CSVTable(data: Data(slice), file: file)
                    header = (table.columns, slice)
                } catch {
                    throw fileError(error as? CSVError ?? CSVError.unknown, file: file)
                }
                continue
            }
            if span.unterminated {
                records.append(.malformed(RecipientRowError(
                    line: span.line, field: "row",
                    reason: "a quoted field on this line is not closed properly; put the whole value in quotes and double any quote inside it (\"\")")))
                continue
            }
            var snippet = Data(current.bytes)
            snippet.append(0x0A)
            snippet.append(contentsOf: slice)
            do {
                let table = try CSVTable(data: snippet, file: file)
                guard let row = table.rows.first else { continue }  // a blank record
                records.append(.row(CSVTable.Row(line: span.line, positions: row.positions, values: row.values)))
            } catch let error as CSVError {
                records.append(.malformed(RecipientRowError(line: span.line, field: "row", reason: error.message)))
            } catch {
                records.append(.malformed(RecipientRowError(line: span.line, field: "row", reason: "this row cannot be read as CSV")))
            }
        }
        guard let header else {
            throw RecipientImportError(.invalidHeader, file: file, line: nil, "the file is empty; add a header row such as email,name,handle")
        }
        return (header.columns, records)
    }

    /// One record's bytes, the line it starts on, and whether a quote in it is never closed.
    private struct Span {
        var range: Range<Int>
        var line: Int
        var unterminated: Bool
    }

    /// Splits bytes into records at line breaks outside quoted fields (RFC 4180: a quote opens a
    /// field only at its start, and closes it only before a delimiter, a line break or the end).
    /// A record whose quoted field is never closed properly is cut at the end of its first line, and
    /// splitting resumes on the next line, so one stray quote costs one row.
    private static func split(_ bytes: [UInt8]) -> [Span] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var spans: [Span] = []
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        while index < bytes.count {
            let start = index, startLine = line
            var inQuotes = false
            var fieldStart = true
            var broken = false
            var end = bytes.count
            var lines = 0
            var next = index
            scan: while next < bytes.count {
                let byte = bytes[next]
                if inQuotes {
                    if byte == quote {
                        let after = next + 1 < bytes.count ? bytes[next + 1] : nil
                        if after == quote {
                            next += 2
                            continue
                        }
                        guard after == nil || after == comma || after == cr || after == lf else {
                            broken = true
                            break scan
                        }
                        inQuotes = false
                    } else if byte == lf || (byte == cr && (next + 1 == bytes.count || bytes[next + 1] != lf)) {
                        lines += 1
                    }
                    next += 1
                    continue
                }
                switch byte {
                case quote where fieldStart:
                    inQuotes = true
                    fieldStart = false
                    next += 1
                case comma:
                    fieldStart = true
                    next += 1
                case cr, lf:
                    end = next
                    next += byte == cr && next + 1 < bytes.count && bytes[next + 1] == lf ? 2 : 1
                    lines += 1
                    break scan
                default:
                    fieldStart = false
                    next += 1
                }
            }
            if inQuotes || broken {
                // Not closed properly: take the first physical line only.
                var stop = start
                while stop < bytes.count, bytes[stop] != lf, bytes[stop] != cr { stop += 1 }
                var resume = stop
                if resume < bytes.count { resume += bytes[resume] == cr && resume + 1 < bytes.count && bytes[resume + 1] == lf ? 2 : 1 }
                spans.append(Span(range: start..<stop, line: startLine, unterminated: true))
                index = resume
                line = startLine + 1
                continue
            }
            spans.append(Span(range: start..<end, line: startLine, unterminated: false))
            index = next
            line = startLine + lines
        }
        return spans
    }
}

extension CSVError {
    fileprivate static let unknown = CSVError(.invalidHeader, file: nil, line: nil, "the header cannot be read")
}
