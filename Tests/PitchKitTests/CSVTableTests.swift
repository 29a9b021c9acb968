import Foundation
import Testing

@testable import PitchKit

@Suite("CSV reading")
struct CSVTableTests {
    @Test("the sample recipients file reads with every column and Unicode intact")
    func sampleFile() throws {
        let table = try TemplateTestSupport.recipients()
        #expect(table.columns.prefix(11) == ArraySlice(PitchLinter.standardColumns))
        #expect(table.rows.count == 10)
        #expect(table.rows[0].line == 2)
        #expect(table.rows[0]["handle"] == "@aiko.glow")
        #expect(table.rows.map { $0["name"] ?? "" }.contains("李娜"))
        #expect(table.rows.map { $0["name"] ?? "" }.contains("Priya 🌸"))
        #expect(table.rows[6]["name"] == "")
        let siobhan = try #require(table.rows.first { $0["handle"] == "@siobhan_plays" })
        #expect(siobhan["persona"] == "fingerstyle teacher, \"no-nonsense\" reviews")
        #expect(table.rows.allSatisfy { row in
            let email = row["email"] ?? ""
            return email.hasSuffix("@example.com") || email.hasSuffix("@example.org")
        })
    }

    @Test("quoted fields hold commas, escaped quotes and line breaks; rows keep their start line")
    func quoting() throws {
        let csv = "Name,Note\n\"Ann, Jr.\",\"say \"\"hi\"\"\"\n\"Bo\",\"two\nlines\r\nthree\"\nCy,plain\n"
        let table = try CSVTable(string: csv)
        #expect(table.rows.count == 3)
        #expect(table.rows[0].fields == ["name": "Ann, Jr.", "note": "say \"hi\""])
        #expect(table.rows[1]["note"] == "two\nlines\r\nthree")
        #expect(table.rows.map(\.line) == [2, 3, 6])
    }

    @Test("CRLF, LF and CR record ends are all accepted", arguments: ["\r\n", "\n", "\r"])
    func lineEnds(_ end: String) throws {
        let table = try CSVTable(string: ["a,b", "1,2", "3,4"].joined(separator: end) + end)
        #expect(table.rows.map(\.fields) == [["a": "1", "b": "2"], ["a": "3", "b": "4"]])
        #expect(table.rows.map(\.line) == [2, 3])
    }

    @Test("the header is trimmed and lowercased; a BOM is skipped")
    func header() throws {
        let table = try CSVTable(data: Data([0xEF, 0xBB, 0xBF]) + Data(" Email , NAME,Avg_Views\nx@example.com,Ann,10".utf8))
        #expect(table.columns == ["email", "name", "avg_views"])
        #expect(table.rows[0]["email"] == "x@example.com")
    }

    @Test("blank lines are skipped, short rows are padded, a last line without a line end is read")
    func lenientShapes() throws {
        let table = try CSVTable(string: "\n\na,b,c\n\n1,2\n,,\n4,5,6")
        #expect(table.rows.map(\.fields) == [["a": "1", "b": "2", "c": ""], ["a": "4", "b": "5", "c": "6"]])
        #expect(table.rows.map(\.line) == [5, 7])
        #expect(try CSVTable(string: "a,b\n1,").rows[0].fields == ["a": "1", "b": ""])
    }

    @Test("a semicolon delimiter can be chosen")
    func semicolon() throws {
        let table = try CSVTable(string: "a;b\n\"1;2\";3", delimiter: UInt8(ascii: ";"))
        #expect(table.rows[0].fields == ["a": "1;2", "b": "3"])
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let name: String
        let data: Data
        let kind: CSVError.Kind
        let line: Int?
        let phrase: String
        var testDescription: String { name }
    }

    static let badCases: [BadCase] = [
        BadCase(
            name: "unterminated quote", data: Data("a,b\n1,2\n3,\"open\n4,5\n".utf8), kind: .unterminatedQuote, line: 3,
            phrase: "never closed"),
        BadCase(
            name: "more fields than the header", data: Data("a,b\n1,2\n1,2,3\n".utf8), kind: .tooManyFields, line: 3,
            phrase: "3 fields but the header has 2 columns"),
        BadCase(
            name: "text after a closing quote", data: Data("a,b\n\"x\"y,2\n".utf8), kind: .unexpectedQuote, line: 2,
            phrase: "closing quote"),
        BadCase(
            name: "invalid UTF-8", data: Data("a,b\n1,2\n3,".utf8) + Data([0xC3, 0x28]) + Data("\n".utf8),
            kind: .invalidEncoding, line: 3, phrase: "not valid UTF-8"),
        BadCase(
            name: "UTF-16", data: Data([0xFF, 0xFE, 0x61, 0x00]), kind: .invalidEncoding, line: 1, phrase: "UTF-16"),
        BadCase(
            name: "duplicate column", data: Data("name,Name\n".utf8), kind: .invalidHeader, line: 1, phrase: "twice"),
        BadCase(
            name: "unnamed column", data: Data("email,,name\n".utf8), kind: .invalidHeader, line: 1,
            phrase: "column 2 of the header has no name"),
        BadCase(name: "empty file", data: Data(), kind: .missingHeader, line: nil, phrase: "empty"),
    ]

    @Test("bad files give a clear error with the line", arguments: CSVTableTests.badCases)
    func badFiles(_ testCase: BadCase) throws {
        let error = try #require(throws: CSVError.self) { try CSVTable(data: testCase.data, file: "r.csv") }
        #expect(error.kind == testCase.kind)
        #expect(error.line == testCase.line)
        let prefix = testCase.line.map { "r.csv:\($0): " } ?? "r.csv: "
        #expect(error.description.hasPrefix(prefix), "\(error)")
        #expect(error.description.contains(testCase.phrase), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test("a missing file is a one-sentence error naming it")
    func missingFile() throws {
        let error = try #require(throws: CSVError.self) {
            try CSVTable.load(contentsOf: URL(fileURLWithPath: "/nonexistent/r.csv"), displayPath: "r.csv")
        }
        #expect(error.kind == .unreadableFile)
        #expect(error.description.hasPrefix("r.csv: cannot read"))
    }

    @Test("a large file reads correctly")
    func largeFile() throws {
        var csv = "email,name,handle,note\n"
        for index in 0..<20_000 {
            csv += "user\(index)@example.com,Näme \(index),@h\(index),\"a, \"\"quoted\"\"\nnote\"\n"
        }
        let table = try CSVTable(string: csv)
        #expect(table.rows.count == 20_000)
        #expect(table.rows[19_999]["name"] == "Näme 19999")
        #expect(table.rows[19_999].line == 2 + 19_999 * 2)
        #expect(table.rows[5]["note"] == "a, \"quoted\"\nnote")
    }
}
