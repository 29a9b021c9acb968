import Foundation
import PitchKit
import Testing

/// The report built from stored signals: stage numbers are the analysis', batches split by UTC day
/// and add up to the stage, the next step follows the decision, and the three outputs keep their shape.
@Suite("Campaign report")
struct CampaignReportTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15 08:00 UTC
    static let dayA = now.addingTimeInterval(-5 * 86_400)  // 2027-01-10 08:00 UTC
    static let dayB = now.addingTimeInterval(-4 * 86_400 + 3 * 3_600)  // 2027-01-11 11:00 UTC

    /// `count` accepted sends at `at`: the first `replies.count` reply 2 h later (and open), the first
    /// `humanOpens` open 1 h later from a desktop browser, the last `bounces` bounce.
    static func sends(
        stage: Int = 1, subject: String = "routine", message: String = "main", offer: String = "kit", at: Date, count: Int,
        replies: [ReplyClass] = [], humanOpens: Int = 0, bounces: Int = 0, startID: Int64
    ) -> [SendSignals] {
        let variant = CampaignVariant(template: "t", choice: PitchVariantChoice(subject: subject, message: message, offer: offer))
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
        return (0..<count).map { i in
            let id = startID + Int64(i)
            let hits: [SendSignals.Hit] = i < humanOpens
                ? [.init(id: id * 10, kind: .open, at: at.addingTimeInterval(3_600), ip: "198.51.100.9", userAgent: chrome)] : []
            let replyClass: ReplyClass? = i < replies.count ? replies[i] : nil
            return SendSignals(
                entryID: id, stage: stage, variant: variant, state: .accepted, acceptedAt: at, hits: hits,
                replies: replyClass.map { [$0] } ?? [], firstReplyAt: replyClass == nil ? nil : at.addingTimeInterval(7_200),
                bounced: i >= count - bounces, hardBounce: i >= count - bounces)
        }
    }

    static func report(
        _ sends: [SendSignals], dimension: StageDimension = .message, openTracking: Bool = false, stage: Int? = nil,
        now: Date = now
    ) throws -> CampaignReport {
        try CampaignReport.make(
            campaign: "spring-creators", sends: sends, dimensions: [1: dimension, 2: .message, 3: .offer],
            openTracking: openTracking, classifier: OpenClassifier(), replyWindow: .standard, engine: DiagnosisEngine(),
            now: now, stage: stage)
    }

    /// Two subjects over two days, tracked.
    static var twoDays: [SendSignals] {
        sends(subject: "hook", at: dayA, count: 25, replies: [.positive, .positive, .decline], humanOpens: 10, bounces: 1, startID: 1)
            + sends(subject: "plain", at: dayA.addingTimeInterval(600), count: 25, replies: [.negotiate], humanOpens: 4, startID: 100)
            + sends(subject: "hook", at: dayB, count: 20, replies: [.positive, .other], humanOpens: 8, startID: 200)
            + sends(subject: "plain", at: dayB.addingTimeInterval(600), count: 20, humanOpens: 3, bounces: 2, startID: 300)
    }

    @Test("per batch: split by UTC day, counts are the events', and batches add up to the stage")
    func batchesByDay() throws {
        let report = try Self.report(Self.twoDays, dimension: .subject, openTracking: true)
        let stage = try #require(report.stage(1))
        #expect(stage.batches.map(\.date) == ["2027-01-10", "2027-01-11"])
        #expect(stage.batches.map(\.index) == [1, 2])
        #expect(stage.batches[0].firstAcceptedAt == Self.dayA && stage.batches[0].lastAcceptedAt == Self.dayA.addingTimeInterval(600))

        let hookA = try #require(stage.batches[0].variants.first { $0.label == "hook/main/kit" })
        #expect(hookA.sent == 25 && hookA.hardBounces == 1 && hookA.delivered == 24)
        #expect(hookA.humanOpens == 10 && hookA.trackable == 24)
        #expect(hookA.replies.total == 3 && hookA.replies.positive == 2 && hookA.replies.decline == 1)
        #expect(hookA.rates.reply.successes == 3 && hookA.rates.reply.trials == 24)
        #expect(hookA.verdict == nil)
        let plainB = try #require(stage.batches[1].variants.first { $0.label == "plain/main/kit" })
        #expect(plainB.sent == 20 && plainB.delivered == 18 && plainB.replies.total == 0 && plainB.humanOpens == 3)

        // The stage rows are the analysis', and each is the sum of its batches.
        let analysis = try CampaignAnalysis.analyse(
            campaign: "spring-creators", sends: Self.twoDays, dimensions: [1: .subject], openTracking: true,
            classifier: OpenClassifier(), replyWindow: .standard, engine: DiagnosisEngine(), now: Self.now)
        let analysed = try #require(analysis.stages.first).diagnosis
        #expect(stage.variants.map(\.label) == ["hook/main/kit", "plain/main/kit"])
        for row in stage.variants {
            let funnel = try #require(analysed.variant(row.label)).funnel
            #expect(row.sent == funnel.sent && row.delivered == funnel.delivered && row.replies == funnel.replies)
            #expect(row.verdict?.cause == analysed.variant(row.label)?.verdict.cause)
            let parts = stage.batches.compactMap { batch in batch.variants.first { $0.label == row.label } }
            #expect(parts.reduce(0) { $0 + $1.sent } == row.sent)
            #expect(parts.reduce(0) { $0 + $1.delivered } == row.delivered)
            #expect(parts.reduce(0) { $0 + $1.replies.total } == row.replies.total)
            #expect(parts.reduce(0) { $0 + ($1.humanOpens ?? 0) } == row.humanOpens)
        }
        #expect(stage.variants[0].sent == 45 && stage.variants[0].delivered == 44 && stage.variants[0].replies.total == 5)
        #expect(stage.total.sent == 90 && stage.total.replies.total == 6)
        #expect(stage.comparison?.decision == analysed.comparison?.decision)
        #expect(stage.verdict.cause == analysed.verdict.cause)
    }

    @Test("a send accepted just before midnight UTC and one just after fall in two batches")
    func utcDayBoundary() throws {
        let midnight = Date(timeIntervalSince1970: 1_799_539_200)  // 2027-01-10 00:00 UTC
        let sends = Self.sends(subject: "a", at: midnight.addingTimeInterval(-1), count: 1, startID: 1)
            + Self.sends(subject: "a", at: midnight, count: 1, startID: 2)
        let stage = try #require(try Self.report(sends).stage(1))
        #expect(stage.batches.map(\.date) == ["2027-01-09", "2027-01-10"])
    }

    @Test("valid claim: promote the winner with the plan command that does it")
    func nextStepValidClaim() throws {
        let sends = Self.sends(message: "long", at: Self.dayA, count: 150, replies: [.positive], startID: 1)
            + Self.sends(message: "short", at: Self.dayA, count: 150, replies: Array(repeating: .positive, count: 15), startID: 1_000)
        let stage = try #require(try Self.report(sends).stage(1))
        #expect(stage.comparison?.decision.kind == .validClaim)
        #expect(stage.nextStep.action == .promote)
        #expect(stage.nextStep.command == "pitchlab promote --stage 1")
        #expect(stage.nextStep.text == "Promote routine/short/kit, a proven winner on reply rate: pitchlab promote --stage 1.")
    }

    @Test("better bet: promote it or send more, and never the word significant")
    func nextStepBetterBet() throws {
        let sends = Self.sends(message: "long", at: Self.dayA, count: 150, replies: [.positive, .decline], startID: 1)
            + Self.sends(message: "short", at: Self.dayA, count: 150, replies: Array(repeating: .positive, count: 8), startID: 1_000)
        let report = try Self.report(sends)
        let stage = try #require(report.stage(1))
        #expect(stage.comparison?.decision.kind == .betterBet)
        #expect(stage.nextStep.action == .promoteOrSendMore)
        #expect(stage.nextStep.text.hasPrefix("routine/short/kit is the better bet, not proven: promote it"))
        let more = try #require(stage.nextStep.sendsPerVariant)
        #expect(more > 0 && stage.nextStep.text.contains("send about \(more) more per variant"))
        #expect(stage.nextStep.command == "pitchlab promote --stage 1 --accept-better-bet")
        for output in [
            report.textLines.joined(separator: "\n"), try JSONOutput.string(report), CampaignReportHTML(report: report).html,
        ] {
            #expect(!output.lowercased().contains("significan"))
        }
    }

    @Test("undecided: about N more per variant; equal rates: decide on other grounds")
    func nextStepUndecided() throws {
        let close = Self.sends(message: "long", at: Self.dayA, count: 40, replies: [.positive, .other, .decline], startID: 1)
            + Self.sends(message: "short", at: Self.dayA, count: 40, replies: [.positive, .positive, .other, .decline], startID: 1_000)
        let stage = try #require(try Self.report(close).stage(1))
        #expect(stage.comparison?.decision.kind == .undecided)
        let more = try #require(stage.comparison?.decision.sendsToSettle)
        #expect(stage.nextStep.action == .sendMore && stage.nextStep.sendsPerVariant == more)
        #expect(stage.nextStep.text.replacingOccurrences(of: ",", with: "").hasPrefix("Send about \(more) more per variant"))

        let level = Self.sends(message: "long", at: Self.dayA, count: 40, replies: [.positive, .other], startID: 1)
            + Self.sends(message: "short", at: Self.dayA, count: 40, replies: [.positive, .other], startID: 1_000)
        let even = try #require(try Self.report(level).stage(1))
        #expect(even.nextStep.action == .decideOnOtherGrounds)
    }

    @Test("too early: wait until the last reply window closes; too few delivered: send more")
    func nextStepTooEarly() throws {
        let accepted = Self.now.addingTimeInterval(-3_600)
        let fresh = Self.sends(message: "long", at: accepted.addingTimeInterval(-600), count: 30, startID: 1)
            + Self.sends(message: "short", at: accepted, count: 30, startID: 1_000)
        let stage = try #require(try Self.report(fresh).stage(1))
        #expect(stage.verdict.cause == .tooEarly)
        #expect(stage.nextStep.action == .wait)
        #expect(stage.nextStep.waitUntil == accepted.addingTimeInterval(72 * 3_600))
        #expect(stage.nextStep.text == "Wait until 2027-01-18 07:00 UTC for the 72 h reply window to close, then run pitchlab report again.")

        let few = Self.sends(message: "long", at: Self.dayA, count: 12, startID: 1)
            + Self.sends(message: "short", at: Self.dayA, count: 25, bounces: 2, startID: 1_000)
        let small = try #require(try Self.report(few).stage(1))
        #expect(small.nextStep.action == .sendMore && small.nextStep.sendsPerVariant == 8)
        #expect(small.nextStep.text.hasPrefix("Send at least 8 more to routine/long/kit"))
    }

    @Test("--stage: only that stage; a stage without sends is an error naming the stages that have some")
    func stageFilter() throws {
        let sends = Self.twoDays + Self.sends(stage: 2, message: "short", at: Self.dayB, count: 20, startID: 5_000)
        let second = try Self.report(sends, stage: 2)
        #expect(second.stages.map(\.stage) == [2])
        #expect(try Self.report(sends).stages.map(\.stage) == [1, 2])
        let error = #expect(throws: ReportError.self) { try Self.report(sends, stage: 3) }
        #expect(error?.description == "Stage 3 has no accepted sends; stages with sends: 1, 2.")
        #expect(error?.isUsageError == true)
    }

    @Test("text: a table per stage with intervals, '–' for opens without tracking, batches, decision, next step")
    func textShape() throws {
        let text = try Self.report(Self.twoDays).textLines
        let joined = text.joined(separator: "\n")
        let header = try #require(text.first { $0.contains("VARIANT") })
        for column in ["SENT", "DELIVERED", "HUMAN OPENS", "OPEN RATE (95%)", "REPLIES (POS)", "REPLY RATE (95%)", "VERDICT"] {
            #expect(header.contains(column))
        }
        let hook = try #require(text.first { $0.hasPrefix("  hook/main/kit") })
        #expect(hook.contains("45") && hook.contains("44") && hook.contains("–") && hook.contains("5 (3)"))
        #expect(hook.contains("11.4% ("))  // 5 of 44, with its 95% range
        #expect(joined.contains("By batch (UTC day of acceptance):") && joined.contains("1 2027-01-10") && joined.contains("2 2027-01-11"))
        #expect(joined.contains("  Decision (") && joined.contains("  Next step: "))

        let tracked = try Self.report(Self.twoDays, dimension: .subject, openTracking: true).textLines
        let hookTracked = try #require(tracked.first { $0.hasPrefix("  hook/main/kit") })
        #expect(hookTracked.contains("18/44"))
    }

    @Test("JSON: exactly the keys docs/report-schema.md documents, top level, stage, row and next step")
    func jsonMatchesDocumentedSchema() throws {
        let report = try Self.report(Self.twoDays, dimension: .subject, openTracking: true)
        let json = try JSONOutput.string(report)
        #expect(!json.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let schema = try ReportSchemaDoc.load()
        #expect(Set(object.keys) == schema.keys("Top level"))
        let stages = try #require(object["stages"] as? [[String: Any]])
        let stage = try #require(stages.first)
        #expect(Set(stage.keys) == schema.keys("Stage"))
        let row = try #require((stage["variants"] as? [[String: Any]])?.first)
        #expect(Set(row.keys) == schema.keys("Row"))
        #expect(Set(try #require(stage["next_step"] as? [String: Any]).keys) == schema.keys("Next step"))
        #expect(Set(try #require((stage["batches"] as? [[String: Any]])?.first).keys) == schema.keys("Batch"))
        #expect(Set(try #require(stage["comparison"] as? [String: Any]).keys) == schema.keys("Comparison"))
        #expect(Set(try #require(stage["verdict"] as? [String: Any]).keys) == schema.keys("Verdict"))
        #expect(Set(try #require(row["rates"] as? [String: Any]).keys) == schema.keys("Rates"))
        #expect(object["schema_version"] as? Int == 1 && object["batching"] as? String == "utc_day")

        // Decodes back to the same report.
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        #expect(try decoder.decode(CampaignReport.self, from: Data(json.utf8)).stages.count == 1)

        // Without tracking the open fields are present and null.
        let untracked = try JSONOutput.string(try Self.report(Self.twoDays))
        #expect(untracked.contains("\"human_opens\":null") && untracked.contains("\"open\":null"))
    }

    @Test("HTML: self-contained, no scripts or external resources, every user string escaped")
    func htmlEscapingAndSelfContainment() throws {
        let hostile = "<script>alert(1)</script>"
        let sends = Self.sends(subject: hostile, at: Self.dayA, count: 30, replies: [.positive], humanOpens: 6, startID: 1)
            + Self.sends(subject: "a\"b'c&d", at: Self.dayB, count: 30, replies: [.positive, .positive], humanOpens: 9, startID: 100)
        let report = try CampaignReport.make(
            campaign: "<img src=x onerror=alert(2)>", sends: sends, dimensions: [1: .subject], openTracking: true,
            classifier: OpenClassifier(), replyWindow: .standard, engine: DiagnosisEngine(), now: Self.now)
        let html = CampaignReportHTML(report: report).html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;/main/kit"))
        #expect(html.contains("&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("a&quot;b&#39;c&amp;d/main/kit"))
        for external in ["http://", "https://", "url(", "@import", "<link", "<iframe", "<object", "<embed", "<img"] {
            #expect(!html.lowercased().contains(external), "found \(external)")
        }
        // Every '<' of user text is escaped, so any '<' starts a real tag: none loads anything or runs code.
        let attribute = try NSRegularExpression(pattern: "<[a-zA-Z][^>]*\\s(src|href|on[a-z]+)\\s*=", options: [.caseInsensitive])
        #expect(attribute.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)) == nil)
        // The pieces: verdict, next step, a funnel chart per variant, rate charts with whiskers and bands.
        #expect(html.contains("class=\"next\"") && html.contains("class=\"verdict"))
        #expect(html.components(separatedBy: "aria-label=\"Funnel of ").count - 1 == 2)
        #expect(html.contains("Reply rate (human replies / delivered)") && html.contains("Human open rate"))
        #expect(html.contains("batch 1 · 2027-01-10") && html.contains("batch 2 · 2027-01-11"))
        #expect(html.contains("<circle") && html.contains("stroke-dasharray"))
        #expect(CampaignReportHTML.escape("<&>\"'") == "&lt;&amp;&gt;&quot;&#39;")
    }

    @Test("HTML: written atomically, and a missing folder is a clear error")
    func htmlWrite() throws {
        let report = try Self.report(Self.twoDays)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("report.html")
        try CampaignReportHTML(report: report).write(to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == CampaignReportHTML(report: report).html)
        let missing = folder.appendingPathComponent("nope/report.html")
        let error = #expect(throws: ReportError.self) { try CampaignReportHTML(report: report).write(to: missing) }
        #expect(error?.description.hasPrefix("Cannot write the HTML report to \(missing.path)") == true)
    }
}

/// The key tables of docs/report-schema.md: under each `### Name` heading, the backticked first
/// column of every table row.
struct ReportSchemaDoc {
    var sections: [String: Set<String>]

    static func load() throws -> ReportSchemaDoc {
        var root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while root.path != "/", !FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) {
            root.deleteLastPathComponent()
        }
        let text = try String(contentsOf: root.appendingPathComponent("docs/report-schema.md"), encoding: .utf8)
        var sections: [String: Set<String>] = [:]
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                current = String(line.dropFirst(4)).components(separatedBy: " (").first?.trimmingCharacters(in: .whitespaces)
            } else if line.hasPrefix("## ") {
                current = nil
            } else if let current, line.hasPrefix("| `") {
                let key = line.dropFirst(3).prefix { $0 != "`" }
                sections[current, default: []].insert(String(key))
            }
        }
        return ReportSchemaDoc(sections: sections)
    }

    func keys(_ section: String) -> Set<String> { sections[section] ?? [] }
}
