import Foundation
import PitchKit
import Testing

/// Importing recipients: encodings, CSV damage, validation, duplicates, suppression, one transaction.
@Suite("Recipient import")
struct RecipientImporterTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    /// Imports `bytes` into a fresh workspace; returns the workspace (to inspect) and the summary.
    private func importing(
        _ bytes: [UInt8], encoding: RecipientFileEncoding = .utf8
    ) throws -> (TestWorkspace, RecipientImportSummary) {
        let test = try TestWorkspace()
        let url = try test.write("input.csv", bytes)
        do {
            let summary = try RecipientImporter(encoding: encoding).importFile(at: url, displayPath: "input.csv", into: test.store, now: now)
            #expect(summary.addsUp, "\(summary)")
            return (test, summary)
        } catch {
            test.remove()
            throw error
        }
    }

    private func importing(_ text: String) throws -> (TestWorkspace, RecipientImportSummary) {
        try importing(Array(text.utf8))
    }

    @Test("the sample file imports cleanly")
    func sample() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        let summary = try RecipientImporter().importFile(at: test.workspace.recipientsURL, into: test.store, now: now)
        #expect(summary == RecipientImportSummary(rows: 5, imported: 5, merged: 0, rejected: 0, suppressed: 0, errors: []))
        let first = try #require(try test.store.recipients().first)
        #expect(first.fields.followers == 48200 && first.fields.relevance == 0.82 && first.fields.type == "peer")
        #expect(first.fields.timezone == "Asia/Tokyo")
        #expect(first.firstImportID == 1)
    }

    @Test("a UTF-8 byte order mark does not hide the email column")
    func byteOrderMark() throws {
        let (test, summary) = try importing([0xEF, 0xBB, 0xBF] + Array("email,name\nana@example.com,Ana\n".utf8))
        defer { test.remove() }
        #expect(summary.imported == 1 && summary.rows == 1)
        #expect(try test.store.recipients().first?.email == "ana@example.com")
    }

    /// `email,name` + a row whose name is "José" in Windows-1252 (0xE9), on line 3.
    private let windows1252: [UInt8] = Array("email,name\nana@example.com,Ana\njose@example.com,Jos".utf8) + [0xE9]
        + Array("\nzoe@example.org,Zo".utf8) + [0xEB, 0x20, 0x80] + Array("\n".utf8)

    @Test("Windows-1252 without --encoding is refused naming the line, and nothing is imported")
    func windows1252Refused() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        let url = try test.write("excel.csv", windows1252)
        let error = #expect(throws: RecipientImportError.self) {
            try RecipientImporter().importFile(at: url, displayPath: "excel.csv", into: test.store, now: now)
        }
        #expect(error?.kind == .invalidEncoding)
        #expect(error?.line == 3)
        #expect(error?.description.contains("excel.csv:3: not UTF-8 at line 3; if it comes from Excel, pass --encoding windows-1252") == true)
        #expect(try test.store.recipientCount() == 0)
        #expect(try test.store.imports().isEmpty)
    }

    @Test("Windows-1252 with --encoding windows-1252 decodes accents and the euro sign")
    func windows1252Accepted() throws {
        let (test, summary) = try importing(windows1252, encoding: .windows1252)
        defer { test.remove() }
        #expect(summary.imported == 3)
        let names = try test.store.recipients().map { $0.fields.name ?? "" }
        #expect(names == ["Ana", "José", "Zoë €"])
        #expect(RecipientFileEncoding(name: "CP1252") == .windows1252)
        #expect(RecipientFileEncoding(name: "UTF8") == .utf8)
        #expect(RecipientFileEncoding(name: "latin-2") == nil)
    }

    @Test("a UTF-8 byte order mark wins over --encoding windows-1252; UTF-16 is refused with advice")
    func byteOrderMarks() throws {
        let (test, summary) = try importing([0xEF, 0xBB, 0xBF] + Array("email,name\nzoe@example.org,Zoë\n".utf8), encoding: .windows1252)
        defer { test.remove() }
        #expect(summary.imported == 1)
        #expect(try test.store.recipients().first?.fields.name == "Zoë")
        let url = try test.write("utf16.csv", [0xFF, 0xFE] + Array("e\0m\0".utf8))
        let error = #expect(throws: RecipientImportError.self) {
            try RecipientImporter().importFile(at: url, displayPath: "utf16.csv", into: test.store, now: now)
        }
        #expect(error?.kind == .invalidEncoding)
        #expect(error?.description.contains("UTF-16") == true)
    }

    @Test("ragged rows: a short row is padded, a long one is rejected with its line")
    func raggedRows() throws {
        let (test, summary) = try importing("""
            email,name,handle
            a@example.com,Ana
            b@example.com,Bo,@bo,surplus
            c@example.com,Cy,@cy

            """)
        defer { test.remove() }
        #expect(summary.rows == 3 && summary.imported == 2 && summary.rejected == 1)
        #expect(summary.errors.map(\.line) == [3])
        #expect(summary.errors.first?.field == "row")
        #expect(summary.errors.first?.reason.contains("4 fields but the header has 3 columns") == true)
    }

    @Test("bad quotes reject only their row; quoted commas, quotes and line breaks are fine")
    func badQuotes() throws {
        let (test, summary) = try importing("""
            email,name,notes
            a@example.com,"Ruiz, Ana","likes ""clean"" beauty"
            b@example.com,"Bo" Smith,x
            c@example.com,"Cy,unfinished
            d@example.com,Di,"two
            lines"
            e@example.com,Ed,z

            """)
        defer { test.remove() }
        #expect(summary.rows == 5)
        #expect(summary.errors.map(\.line) == [3, 4])
        #expect(summary.errors.allSatisfy { $0.field == "row" })
        #expect(summary.imported == 3)
        let recipients = try test.store.recipients()
        #expect(recipients.map(\.email) == ["a@example.com", "d@example.com", "e@example.com"])
        #expect(recipients[0].fields.name == "Ruiz, Ana")
        #expect(recipients[0].fields.extra["notes"] == "likes \"clean\" beauty")
        #expect(recipients[1].fields.extra["notes"] == "two\nlines")
        #expect(recipients[2].fields.name == "Ed")
    }

    @Test("bad addresses are rejected with field email and a reason that never quotes the address")
    func badAddresses() throws {
        let bad = ["no-at-sign.example.com", "two@@example.com", "trailing.@example.com", "x@-example.com", "a@b",
                   String(repeating: "l", count: 65) + "@example.com", "ana@exa mple.com", ""]
        let text = "email,name\n" + bad.map { "\"\($0)\",X" }.joined(separator: "\n") + "\nok@example.com,Ok\n"
        let (test, summary) = try importing(text)
        defer { test.remove() }
        #expect(summary.rows == bad.count + 1)
        #expect(summary.imported == 1)
        #expect(summary.rejected == bad.count)
        #expect(summary.errors.map(\.line) == Array(2...(bad.count + 1)))
        for (error, address) in zip(summary.errors, bad) {
            #expect(error.field == "email")
            if !address.isEmpty { #expect(!error.reason.contains(address)) }
            #expect(!error.reason.contains("@example"))
        }
    }

    @Test("duplicates by case are merged within the file and fill missing fields")
    func duplicatesByCase() throws {
        let (test, summary) = try importing("""
            email,name,followers
            Ana@Example.com,Ana,
            ana@example.COM,,1200
            ANA@EXAMPLE.COM,Other name,99

            """)
        defer { test.remove() }
        #expect(summary.rows == 3 && summary.imported == 1 && summary.merged == 2)
        let recipient = try #require(try test.store.recipients().first)
        #expect(try test.store.recipientCount() == 1)
        #expect(recipient.emailKey == "ana@example.com")
        #expect(recipient.email == "Ana@example.com")
        #expect(recipient.fields.name == "Ana")
        #expect(recipient.fields.followers == 1200)
    }

    @Test("header injection attempts in names and handles reject the row, naming the field")
    func injection() throws {
        let (test, summary) = try importing(
            "email,name,handle,platform\n"
                + "a@example.com,\"Ana\r\nBcc: victim@example.org\",@ana,TikTok\n"
                + "b@example.com,Bo,\"@bo\nTo: x@example.org\",TikTok\n"
                + "c@example.com,\"Cy\u{0}\",@cy,TikTok\n"
                + "d@example.com,Di,@di,\"Tik\rTok\"\n"
                + "e@example.com,Ed,@ed,TikTok\n")
        defer { test.remove() }
        #expect(summary.rows == 5)
        #expect(summary.imported == 1)
        #expect(summary.errors.map(\.field) == ["name", "handle", "name", "platform"])
        #expect(summary.errors.map(\.line) == [2, 4, 6, 7])
        #expect(summary.errors.allSatisfy { $0.reason.contains("inject") })
    }

    @Test("numbers are validated: counts, amounts, relevance 0–1, type and time zone")
    func numbers() throws {
        let (test, summary) = try importing("""
            email,followers,avg_views,relevance,cost,type,timezone
            a@example.com,"48,200",12k,80%,"$1,200.50",Peer,Europe/Paris
            b@example.com,-5,,,,,
            c@example.com,,1.5x,,,,
            d@example.com,,,1.5,,,
            e@example.com,,,,-3,,
            f@example.com,,,,,celebrity,
            g@example.com,,,,,,Mars/Olympus
            h@example.com,"1,2",,,,,
            i@example.com,1.25M,,0,0,authority,UTC

            """)
        defer { test.remove() }
        #expect(summary.rows == 9)
        #expect(summary.errors.map(\.field) == ["followers", "avg_views", "relevance", "cost", "type", "timezone", "followers"])
        #expect(summary.imported == 2)
        let recipients = try test.store.recipients()
        let a = recipients[0].fields
        #expect(a.followers == 48200 && a.avgViews == 12000 && a.relevance == 0.8 && a.cost == 1200.5)
        #expect(a.type == "peer" && a.timezone == "Europe/Paris")
        #expect(recipients[1].fields.followers == 1_250_000)
    }

    @Test("headers are matched case- and space-insensitively, with aliases; other columns are kept")
    func headerAliases() throws {
        let (test, summary) = try importing("""
            E-mail , Full Name,Followers Count,Avg Views,Time Zone,Recent Video
            a@example.com,Ana,100,50,Asia/Tokyo,Morning routine

            """)
        defer { test.remove() }
        #expect(summary.imported == 1)
        let fields = try #require(try test.store.recipients().first?.fields)
        #expect(fields.name == "Ana" && fields.followers == 100 && fields.avgViews == 50 && fields.timezone == "Asia/Tokyo")
        #expect(fields.extra == ["recent video": "Morning routine"])
        for header in ["Email Address", "EMAIL", "email_address", "e-mail address"] {
            let (other, result) = try importing("\(header),name\nb@example.com,Bo\n")
            other.remove()
            #expect(result.imported == 1, "\(header)")
        }
    }

    @Test("file-level problems import nothing: no email column, two email columns, empty file")
    func fileLevelProblems() throws {
        let cases: [(String, RecipientImportError.Kind)] = [
            ("name,handle\nAna,@ana\n", .missingEmailColumn),
            ("email,e-mail\na@example.com,b@example.com\n", .ambiguousColumns),
            ("\n\n", .invalidHeader),
            ("email,email\na@example.com,b@example.com\n", .invalidHeader),
        ]
        for (text, kind) in cases {
            let test = try TestWorkspace()
            defer { test.remove() }
            let url = try test.write("bad.csv", text)
            let error = #expect(throws: RecipientImportError.self) {
                try RecipientImporter().importFile(at: url, displayPath: "bad.csv", into: test.store, now: now)
            }
            #expect(error?.kind == kind, "\(text)")
            #expect(error?.description.hasPrefix("bad.csv") == true)
            #expect(error?.description.hasSuffix("nothing was imported.") == true)
            #expect(try test.store.recipientCount() == 0)
        }
    }

    @Test("nothing is half-imported: a bad byte on line 500 of 1,000 keeps all 1,000 rows out")
    func nothingHalfImported() throws {
        var bytes = Array("email,name\n".utf8)
        for index in 1...1000 {
            bytes += Array("creator\(index)@example.com,Name \(index)".utf8)
            if index == 499 { bytes.append(0xFF) }
            bytes += Array("\n".utf8)
        }
        let test = try TestWorkspace()
        defer { test.remove() }
        let url = try test.write("big.csv", bytes)
        let error = #expect(throws: RecipientImportError.self) {
            try RecipientImporter().importFile(at: url, into: test.store, now: now)
        }
        #expect(error?.line == 500)
        #expect(try test.store.recipientCount() == 0)
        // Once fixed, the whole file goes in.
        bytes.removeAll { $0 == 0xFF }
        try Data(bytes).write(to: url)
        let summary = try RecipientImporter().importFile(at: url, into: test.store, now: now)
        #expect(summary.imported == 1000 && summary.addsUp)
    }

    @Test("re-importing the same file imports nothing new: every valid row merges")
    func reimport() throws {
        let text = "email,name\na@example.com,Ana\nB@example.com,Bo\nbroken,X\n"
        let (test, first) = try importing(text)
        defer { test.remove() }
        #expect(first.imported == 2 && first.rejected == 1)
        let url = try test.write("again.csv", text.uppercased())
        let second = try RecipientImporter().importFile(at: url, into: test.store, now: now)
        #expect(second == RecipientImportSummary(rows: 3, imported: 0, merged: 2, rejected: 1, suppressed: 0, errors: second.errors))
        #expect(try test.store.recipientCount() == 2)
        #expect(try test.store.imports().map(\.imported) == [2, 0])
    }

    @Test("suppressed addresses are kept out of the import, whatever their case")
    func suppressedKeptOut() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        try test.store.addSuppressions(["ana@example.com"], reason: .unsubscribe, source: "test", now: now)
        let url = try test.write("in.csv", "email\nANA@example.com\nbo@example.com\n")
        let summary = try RecipientImporter().importFile(at: url, into: test.store, now: now)
        #expect(summary == RecipientImportSummary(rows: 2, imported: 1, merged: 0, rejected: 0, suppressed: 1, errors: []))
        #expect(try test.store.recipients().map(\.emailKey) == ["bo@example.com"])
    }

    @Test("the summary adds up for a messy file, and encodes to exactly the JSON contract")
    func summaryJSON() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        try test.store.addSuppressions(["s@example.com"], reason: .manual, source: "test", now: now)
        let url = try test.write("mix.csv", "email,name\na@example.com,A\nA@example.com,A2\ns@example.com,S\nbad,B\n\nc@example.com,C\n")
        let summary = try RecipientImporter().importFile(at: url, into: test.store, now: now)
        #expect(summary.rows == 5 && summary.imported == 2 && summary.merged == 1 && summary.suppressed == 1 && summary.rejected == 1)
        #expect(summary.addsUp)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONOutput.string(summary).utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["rows", "imported", "merged", "rejected", "suppressed", "errors"])
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(Set(errors[0].keys) == ["line", "field", "reason"])
        #expect(errors[0]["line"] as? Int == 5)
        #expect(errors[0]["field"] as? String == "email")
    }
}
