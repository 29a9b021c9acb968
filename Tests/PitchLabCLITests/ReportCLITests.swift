import Foundation
import PitchKit
import PitchTestSupport
import Testing

/// `pitchlab report`: a workspace with real ledger rows and imported replies, in the three forms.
@Suite("pitchlab report (CLI)", .enabled(if: CLI.executable != nil, "needs the built pitchlab binary"))
struct ReportCLITests {
    @Test("report, report --json, report --html FILE: exit 0; --stage without sends is bad usage naming the stages")
    func reportForms() throws {
        let ws = try RepliesCLITests.RepliesWorkspace(count: 6)
        defer { try? FileManager.default.removeItem(at: ws.directory) }
        for (name, text) in RepliesCLITests.mailbox(ws) { _ = try ws.write(name, text) }
        let imported = CLI.run(["replies", "import", "inbox", "-C", ws.directory.path])
        #expect(imported.status == 0, "\(imported.stderr)")

        let text = CLI.run(["report", "-C", ws.directory.path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Stage 1 (tests subjects)") && text.stdout.contains("REPLY RATE (95%)"))
        #expect(text.stdout.contains("routine/main/fee-kit") && text.stdout.contains("Next step: Wait until"))

        let json = CLI.run(["report", "--json", "-C", ws.directory.path])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["campaign"] as? String == "replies-test")
        let stage = try #require((object["stages"] as? [[String: Any]])?.first)
        let row = try #require((stage["variants"] as? [[String: Any]])?.first)
        // 6 sent, 1 hard bounce; replies: positive ×2 (one truncated "Yes, interested"), negotiate, decline.
        #expect(row["sent"] as? Int == 6 && row["delivered"] as? Int == 5)
        let replies = try #require(row["replies"] as? [String: Int])
        #expect(replies["positive"] == 2 && replies["negotiate"] == 1 && replies["decline"] == 1)
        #expect((stage["next_step"] as? [String: Any])?["action"] as? String == "wait")

        let html = CLI.run(["report", "--html", "out.html", "-C", ws.directory.path], cwd: ws.directory)
        #expect(html.status == 0, "\(html.stderr)")
        let path = html.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(path == ws.directory.appendingPathComponent("out.html").standardizedFileURL.path)
        let page = try String(contentsOfFile: path, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("replies-test") && !page.contains("<script"))

        let only = CLI.run(["report", "--stage", "1", "--json", "-C", ws.directory.path])
        #expect(only.status == 0, "\(only.stderr)")
        let missing = CLI.run(["report", "--stage", "3", "-C", ws.directory.path])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("Stage 3 has no accepted sends; stages with sends: 1."))
    }
}

/// `pitchlab report --html` in a real headless Chromium: the page renders at 1200×1800 with its
/// charts (the first variant's bar colour is on screen), not as a blank or single-colour page.
@Suite("HTML report in headless Chromium", .enabled(if: Chromium.path != nil, Chromium.missingMessage))
struct ReportChromiumTests {
    @Test("the screenshot is 1200×1800, over 10 KB, many colours, the charts' colours present, unlike a blank page")
    func screenshot() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        try CampaignReportHTML(report: try ReportFixture.report()).write(to: page)
        let blank = folder.appendingPathComponent("blank.html")
        try Data("<!DOCTYPE html><html><body></body></html>".utf8).write(to: blank)

        let shot = try Chromium.screenshot(page, in: folder, name: "report.png")
        let data = try Data(contentsOf: shot)
        // To look at it: PITCHLAB_KEEP_SCREENSHOT=DIR keeps report.html and report.png there.
        if let keep = ProcessInfo.processInfo.environment["PITCHLAB_KEEP_SCREENSHOT"], !keep.isEmpty {
            for file in [page, shot] {
                let target = URL(fileURLWithPath: keep).appendingPathComponent(file.lastPathComponent)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: file, to: target)
            }
        }
        #expect(data.count > 10_000, "screenshot is only \(data.count) bytes")
        let size = try PNGImage.dimensions(of: data)
        #expect(size.width == 1200 && size.height == 1800)
        let image = try PNGImage(data: data)
        let histogram = image.histogram()
        let background = histogram.max { $0.value < $1.value }?.value ?? 0
        #expect(histogram.count > 50, "only \(histogram.count) colours: not rendered")
        #expect(Double(background) / Double(image.width * image.height) < 0.97, "one colour covers the page")
        // The first variant's funnel bar (#2563eb, opaque) and the page's card white are on screen.
        #expect((histogram[0x2563EB] ?? 0) > 500, "no chart bars in the screenshot")
        #expect((histogram[0xFFFFFF] ?? 0) > 10_000)

        let blankShot = try Chromium.screenshot(blank, in: folder, name: "blank.png")
        let blankImage = try PNGImage(data: try Data(contentsOf: blankShot))
        #expect(blankImage.histogram().count < 5)
        #expect(data.count > 3 * (try Data(contentsOf: blankShot)).count)
    }
}

/// A two-variant, two-day stage with opens and replies, for the rendered page.
enum ReportFixture {
    static func report() throws -> CampaignReport {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
        var sends: [SendSignals] = []
        var id: Int64 = 1
        for (subject, day, count, opens, replies) in [
            ("hook", 5.0, 40, 18, 4), ("plain", 5.0, 40, 7, 1), ("hook", 4.0, 35, 15, 3), ("plain", 4.0, 35, 6, 1),
        ] {
            let at = now.addingTimeInterval(-day * 86_400)
            for i in 0..<count {
                let hits: [SendSignals.Hit] = i < opens
                    ? [.init(id: id, kind: .open, at: at.addingTimeInterval(3_600), ip: "198.51.100.9", userAgent: chrome)] : []
                let reply: [ReplyClass] = i < replies ? [i == 0 ? .negotiate : .positive] : []
                sends.append(SendSignals(
                    entryID: id, stage: 1,
                    variant: CampaignVariant(template: "t", choice: PitchVariantChoice(subject: subject, message: "main", offer: "kit")),
                    state: .accepted, acceptedAt: at, hits: hits, replies: reply,
                    firstReplyAt: reply.isEmpty ? nil : at.addingTimeInterval(7_200), bounced: i == count - 1, hardBounce: i == count - 1))
                id += 1
            }
        }
        return try CampaignReport.make(
            campaign: "spring-creators", sends: sends, dimensions: [1: .subject], openTracking: true,
            classifier: OpenClassifier(), replyWindow: .standard, engine: DiagnosisEngine(), now: now)
    }
}

/// Headless Chromium, run through PitchTestSupport.Subprocess with a timeout.
enum Chromium {
    /// The browser: `$PITCHLAB_CHROMIUM`, else `chromium` or `chromium-browser` in /usr/bin.
    static let path: String? = {
        let candidates = [ProcessInfo.processInfo.environment["PITCHLAB_CHROMIUM"], "/usr/bin/chromium", "/usr/bin/chromium-browser"]
        return candidates.compactMap { $0 }.first { !$0.isEmpty && FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static let missingMessage: Comment =
        "chromium is not installed: make test installs it (apt package chromium), or set PITCHLAB_CHROMIUM"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Screenshots `page` at 1200×1800 into `folder/name` and returns the PNG's URL.
    static func screenshot(_ page: URL, in folder: URL, name: String, timeout: TimeInterval = 120) throws -> URL {
        guard let path else { throw Failure(description: "chromium is not installed") }
        let out = folder.appendingPathComponent(name)
        let profile = folder.appendingPathComponent("profile-\(name)")
        let log = folder.appendingPathComponent("\(name).log")
        let pid = try Subprocess.spawn(path, [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1800",
            "--user-data-dir=\(profile.path)", "--no-first-run", "--screenshot=\(out.path)", page.absoluteString,
        ], stderr: log.path)
        let deadline = Date().addingTimeInterval(timeout)
        while !Subprocess.hasExited(pid) {
            if Date() > deadline {
                kill(pid, SIGKILL)
                Subprocess.wait(pid)
                throw Failure(description: "chromium took longer than \(Int(timeout)) s to screenshot \(page.lastPathComponent)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        guard FileManager.default.fileExists(atPath: out.path) else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw Failure(description: "chromium wrote no screenshot: \(output.suffix(800))")
        }
        return out
    }
}
