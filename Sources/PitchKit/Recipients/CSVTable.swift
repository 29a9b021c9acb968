public import Foundation

/// A CSV file (RFC 4180) read into rows keyed by column name.
///
/// - Quoted fields may hold the delimiter, `""` (an escaped quote) and line breaks.
/// - Records end with CRLF, LF or a lone CR; a UTF-8 byte order mark is skipped.
/// - The first non-blank record is the header: names are trimmed and lowercased, and must be unique
///   and non-empty. Blank lines, and rows whose fields are all empty (`,,,`), are skipped.
/// - A row with fewer fields than the header gets empty values for the rest; a row with more is an error.
/// - Each row keeps the 1-based file line on which it starts, for error messages.
///
/// ```swift
/// let table = try CSVTable.load(contentsOf: URL(filePath: "recipients.csv"))
/// for row in table.rows { print(row.line, row["handle"] ?? "") }
/// ```
public struct CSVTable: Sendable, Hashable {
    /// One data record.
    ///
    /// The values are stored by position, with the table's column index shared by every row (a
    /// dictionary per row cost about 800 bytes a row: 80 MB for a 100,000-row file).
    public struct Row: Sendable, Hashable {
        /// The 1-based file line on which the record starts.
        public let line: Int
        /// Column name → position in `values`; the same storage for every row of a table.
        let positions: [String: Int]
        /// The values, in header order.
        let values: [String]

        /// Creates a row.
        public init(line: Int, fields: [String: String]) {
            let names = fields.keys.sorted()
            self.init(line: line, positions: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }),
                      values: names.map { fields[$0]! })
        }

        init(line: Int, positions: [String: Int], values: [String]) {
            self.line = line
            self.positions = positions
            self.values = values
        }

        /// The values by column name (every header column is present, possibly empty).
        public var fields: [String: String] { positions.mapValues { values[$0] } }

        /// The value of a column, nil when the header has no such column.
        public subscript(column: String) -> String? { positions[column].map { values[$0] } }

        public static func == (lhs: Row, rhs: Row) -> Bool { lhs.line == rhs.line && lhs.fields == rhs.fields }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(line)
            hasher.combine(fields)
        }
    }

    /// The header's column names, trimmed and lowercased, in file order.
    public let columns: [String]
    /// The data rows, in file order.
    public let rows: [Row]

    /// Parses CSV bytes.
    ///
    /// - Parameters:
    ///   - data: The file contents, UTF-8 (a byte order mark is skipped).
    ///   - file: The path shown in errors.
    ///   - delimiter: The field separator, `,` by default (`;` for some spreadsheet exports).
    /// - Throws: ``CSVError`` naming the line.
    public init(data: Data, file: String? = nil, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        let (columns, rows) = try data.withUnsafeBytes { raw in
            var reader = Reader(bytes: raw.bindMemory(to: UInt8.self), file: file, delimiter: delimiter)
            return try reader.read()
        }
        self.columns = columns
        self.rows = rows
    }

    /// Parses CSV text.
    public init(string: String, file: String? = nil, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        try self.init(data: Data(string.utf8), file: file, delimiter: delimiter)
    }

    /// Reads and parses a CSV file.
    ///
    /// - Parameters:
    ///   - url: The file.
    ///   - displayPath: The path shown in errors; defaults to `url.path`.
    public static func load(contentsOf url: URL, displayPath: String? = nil, delimiter: UInt8 = UInt8(ascii: ","))
        throws -> CSVTable
    {
        let path = displayPath ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CSVError(
                .unreadableFile, file: path, line: nil,
                "cannot read the recipients file (\(PitchTemplate.reason(error))); check the path and permissions")
        }
        return try CSVTable(data: data, file: path, delimiter: delimiter)
    }

    /// The rows as plain dictionaries, in file order.
    public var records: [[String: String]] { rows.map(\.fields) }

    // MARK: - Reader

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String?
        let delimiter: UInt8
        var index = 0
        var line = 1
        /// Reused buffer for quoted fields with escaped quotes.
        var scratch: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>, file: String?, delimiter: UInt8) {
            self.bytes = bytes
            self.file = file
            self.delimiter = delimiter
        }

        private static let quote = UInt8(ascii: "\"")
        private static let cr = UInt8(ascii: "\r")
        private static let lf = UInt8(ascii: "\n")

        mutating func read() throws(CSVError) -> ([String], [Row]) {
            if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
                throw CSVError(
                    .invalidEncoding, file: file, line: 1,
                    "the file is UTF-16, not UTF-8; save it as \"CSV UTF-8\"")
            }
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }

            var header: [String] = []
            var headerLine = 0
            while let (recordLine, fields) = try nextRecord() {
                if fields.count == 1, fields[0].isEmpty { continue }
                header = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                headerLine = recordLine
                break
            }
            guard !header.isEmpty else {
                throw CSVError(.missingHeader, file: file, line: nil, "the file is empty; add a header row such as email,name,handle")
            }
            var seen: Set<String> = []
            for (position, name) in header.enumerated() {
                guard !name.isEmpty else {
                    throw CSVError(
                        .invalidHeader, file: file, line: headerLine,
                        "column \(position + 1) of the header has no name; name it or delete that column")
                }
                guard seen.insert(name).inserted else {
                    throw CSVError(
                        .invalidHeader, file: file, line: headerLine,
                        "the header names the column '\(name)' twice; rename or remove one of them")
                }
            }

            let positions = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, $0) })
            var rows: [Row] = []
            while let (recordLine, fields) = try nextRecord() {
                if fields.allSatisfy(\.isEmpty) { continue }
                guard fields.count <= header.count else {
                    throw CSVError(
                        .tooManyFields, file: file, line: recordLine,
                        "this row has \(fields.count) fields but the header has \(header.count) columns; quote values that contain '\(Character(Unicode.Scalar(delimiter)))' or add the missing column to the header")
                }
                var values = fields
                if values.count < header.count { values += Array(repeating: "", count: header.count - values.count) }
                rows.append(Row(line: recordLine, positions: positions, values: values))
            }
            return (header, rows)
        }

        /// Reads one record; nil at the end of the input.
        private mutating func nextRecord() throws(CSVError) -> (Int, [String])? {
            guard index < bytes.count else { return nil }
            let recordLine = line
            var fields: [String] = []
            while true {
                fields.append(try nextField())
                guard index < bytes.count else { break }
                let byte = bytes[index]
                if byte == delimiter {
                    index += 1
                    if index == bytes.count { fields.append(""); break }
                    continue
                }
                // A record separator: CRLF, LF or CR.
                index += 1
                if byte == Self.cr, index < bytes.count, bytes[index] == Self.lf { index += 1 }
                line += 1
                break
            }
            return (recordLine, fields)
        }

        /// Reads one field and stops on the delimiter, a line break or the end.
        private mutating func nextField() throws(CSVError) -> String {
            let fieldLine = line
            guard index < bytes.count, bytes[index] == Self.quote else {
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == delimiter || byte == Self.lf || byte == Self.cr { break }
                    index += 1
                }
                return try string(start..<index, line: fieldLine)
            }

            // Quoted field.
            index += 1
            var start = index
            var escaped = false
            scratch.removeAll(keepingCapacity: true)
            while true {
                guard index < bytes.count else {
                    throw CSVError(
                        .unterminatedQuote, file: file, line: fieldLine,
                        "a quoted field starting on this line is never closed; add the closing \" or double the quotes inside it (\"\")")
                }
                let byte = bytes[index]
                if byte == Self.quote {
                    if index + 1 < bytes.count, bytes[index + 1] == Self.quote {
                        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...index]))
                        escaped = true
                        index += 2
                        start = index
                        continue
                    }
                    break
                }
                if byte == Self.lf || (byte == Self.cr && (index + 1 == bytes.count || bytes[index + 1] != Self.lf)) {
                    line += 1
                }
                index += 1
            }
            let value: String
            if escaped {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                guard let decoded = String(validating: scratch, as: UTF8.self) else {
                    throw invalidUTF8(line: fieldLine)
                }
                value = decoded
            } else {
                value = try string(start..<index, line: fieldLine)
            }
            index += 1  // the closing quote
            if index < bytes.count {
                let next = bytes[index]
                guard next == delimiter || next == Self.lf || next == Self.cr else {
                    throw CSVError(
                        .unexpectedQuote, file: file, line: line,
                        "text follows the closing quote of a field; put the whole value inside the quotes and double any quote inside it (\"\")")
                }
            }
            return value
        }

        private func string(_ range: Range<Int>, line: Int) throws(CSVError) -> String {
            guard let value = String(validating: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) else {
                throw invalidUTF8(line: line)
            }
            return value
        }

        private func invalidUTF8(line: Int) -> CSVError {
            CSVError(
                .invalidEncoding, file: file, line: line,
                "this line is not valid UTF-8; save the file as \"CSV UTF-8\" or convert it from its encoding first")
        }
    }
}

/// An error reading a CSV file; `description` is one sentence naming the file and line.
///
/// ```
/// recipients.csv:12: a quoted field starting on this line is never closed; add the closing " …
/// ```
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``CSVError`` (the kinds are in the extension below).
    public typealias Kind = ErrorKind<CSVError>

    /// The category of this error.
    public let kind: Kind
    /// The file, when known.
    public let file: String?
    /// The 1-based line, when the error is tied to one.
    public let line: Int?
    /// What is wrong and what to do.
    public let message: String

    init(_ kind: Kind, file: String?, line: Int?, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, or `line N: message` without a file.
    public var description: String {
        switch (file, line) {
        case (let file?, let line?): "\(file):\(line): \(message)"
        case (let file?, nil): "\(file): \(message)"
        case (nil, let line?): "line \(line): \(message)"
        case (nil, nil): message
        }
    }
}

extension ErrorKind where Owner == CSVError {
    /// The file could not be read.
    public static var unreadableFile: Self { Self("unreadableFile") }
    /// The file is not UTF-8.
    public static var invalidEncoding: Self { Self("invalidEncoding") }
    /// The file has no header row.
    public static var missingHeader: Self { Self("missingHeader") }
    /// A header name is empty or repeated.
    public static var invalidHeader: Self { Self("invalidHeader") }
    /// A quoted field is never closed.
    public static var unterminatedQuote: Self { Self("unterminatedQuote") }
    /// Text follows a closing quote.
    public static var unexpectedQuote: Self { Self("unexpectedQuote") }
    /// A row has more fields than the header.
    public static var tooManyFields: Self { Self("tooManyFields") }
}
