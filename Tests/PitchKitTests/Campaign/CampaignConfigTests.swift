import Foundation
import PitchMail
import Testing

@testable import PitchKit

@Suite("Campaign configuration")
struct CampaignConfigTests {
    @Test("the documented example parses cleanly")
    func exampleParses() throws {
        let config = try CampaignTestSupport.config(CampaignConfig.example)
        #expect(config.campaign.id == "spring-creators")
        #expect(config.campaign.name == "Spring creator outreach")
        #expect(config.sender.address == "partnerships@brand.example")
        #expect(config.sender.replyTo == "maya@brand.example")
        #expect(config.smtp.url == "smtp://127.0.0.1:2525")
        #expect(config.smtp.password == nil)
        #expect(config.limits.perMinute == 20 && config.limits.perHour == 200 && config.limits.perDay == 500)
        #expect(config.limits.gap == SendGap(minimum: 3, maximum: 10))
        #expect(config.sendWindow.weekdays == Weekday.workdays)
        #expect(config.sendWindow.hours.map(\.description) == ["09:00-17:00"])
        #expect(config.sendWindow.fallbackTimeZone.identifier == "Europe/Paris")
        #expect(config.template == "dewpoint-peer")
        #expect(config.stages.map(\.dimension) == [.subject, .message, .offer])
        #expect(config.stages.map(\.size) == [nil, nil, 30])
        #expect(!config.stagesAreDefault)
        let goal = try #require(config.goal?.measure)
        #expect(goal.metric == .sales && goal.target == 5000 && goal.measuredBy == .codeOrURL)
        #expect(goal.deadline == Date(timeIntervalSince1970: 1_814_399_999))  // 2027-06-30 23:59:59 UTC
        #expect(config.goal?.description == "Sell the Barrier Routine kit through creator codes")
        #expect(config.scoring == ScoringConfig(valuePerView: 0.05, productCost: 118, shippingCost: 12, fees: 0))
        #expect(config.retry == .standard)  // the example spells out the defaults
    }

    @Test("retry: sets the backoff; bad values name the setting and line")
    func retrySection() throws {
        let yaml = CampaignTestSupport.minimalYAML + """

            retry:
              first_delay_minutes: 2
              max_delay_minutes: 30
              min_delay_seconds: 0
              give_up_after_hours: 12
              throttle_pause_minutes: 5
            """
        let retry = try CampaignTestSupport.config(yaml).retry
        #expect(retry.base == 120 && retry.maximum == 1_800 && retry.minimumDelay == 0)
        #expect(retry.giveUpAfter == 43_200 && retry.throttlePause == 300 && retry.maximumThrottlePause == 7_200)
        #expect(try CampaignSendSettings(config: CampaignTestSupport.config(yaml), smtpUTF8: false).backoff == retry)
        #expect(try CampaignTestSupport.config().retry == .standard)

        let negative = try #require(CampaignTestSupport.failure(CampaignTestSupport.minimalYAML + "\nretry:\n  give_up_after_hours: -1\n"))
        #expect(negative.field == "retry.give_up_after_hours" && negative.line == 9)
        #expect(negative.description.contains("must be a number above 0"))
        let inverted = try #require(CampaignTestSupport.failure(
            CampaignTestSupport.minimalYAML + "\nretry:\n  first_delay_minutes: 60\n  max_delay_minutes: 10\n"))
        #expect(inverted.field == "retry.max_delay_minutes" && inverted.line == 10)
        #expect(CampaignTestSupport.failure(CampaignTestSupport.minimalYAML + "\nretry:\n  give_up_after: 3\n")?.kind == .unknownKey)
    }

    @Test("the example works with the repository's template")
    func exampleWithRepositoryTemplate() throws {
        let config = try CampaignTestSupport.config(CampaignConfig.example)
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates/dewpoint-peer.pitch")
        let template = try PitchTemplate.load(contentsOf: url)
        let plan = try StagePlan.make(config: config, template: template, stage: 1)
        #expect(plan.arms.map(\.variant.choice.subject) == ["routine", "barrier"])
    }

    @Test("defaults fill everything but the four required settings")
    func defaults() throws {
        let config = try CampaignTestSupport.config()
        #expect(config.campaign.name == "spring")
        #expect(config.sender.name == nil && config.sender.replyTo == nil)
        #expect(config.smtp.connections == 1 && !config.smtp.requireTLS && !config.smtp.insecure)
        #expect(!config.smtp.urlFromEnvironment)
        #expect(config.limits == .standard)
        #expect(config.limits.rateLimits == [.perMinute(20), .perHour(200), .perDay(500)])
        #expect(config.sendWindow.weekdays == Weekday.workdays)
        #expect(config.sendWindow.fallbackTimeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 0)) == 0)
        #expect(config.sizePerVariant == 20)
        #expect(config.stagesAreDefault)
        #expect(config.stages.map(\.dimension) == [.subject, .message, .offer])
        #expect(config.seed == CampaignConfigParser.fnv1a("spring"))
        #expect(config.trackingBaseURL == nil && config.imap == nil && config.goal == nil)
        #expect(config.sendingAccount == "maya@brand.example")
        #expect(try config.sender.makePitchSender().mailbox.address.description == "maya@brand.example")
    }

    @Test("PITCHLAB_SMTP_URL overrides smtp.url, and stands in for a missing one")
    func environmentOverride() throws {
        let env = ["PITCHLAB_SMTP_URL": "smtps://relay.example.com:465"]
        let config = try CampaignTestSupport.config(environment: env)
        #expect(config.smtp.url == "smtps://relay.example.com:465")
        #expect(config.smtp.urlFromEnvironment)
        let withoutURL = CampaignTestSupport.minimalYAML.replacingOccurrences(of: "smtp:\n  url: smtp://127.0.0.1:2525\n", with: "")
        #expect(try CampaignTestSupport.config(withoutURL, environment: env).smtp.url == "smtps://relay.example.com:465")
        let empty = try CampaignTestSupport.config(environment: ["PITCHLAB_SMTP_URL": ""])
        #expect(empty.smtp.url == "smtp://127.0.0.1:2525")
    }

    @Test("sender.address is another name for sender.from")
    func senderAddressSynonym() throws {
        let yaml = CampaignTestSupport.minimalYAML.replacingOccurrences(of: "  from: maya@brand.example", with: "  address: maya@brand.example")
        #expect(try CampaignTestSupport.config(yaml).sender.address == "maya@brand.example")
        let both = CampaignTestSupport.minimalYAML.replacingOccurrences(
            of: "  from: maya@brand.example", with: "  from: maya@brand.example\n  address: maya@brand.example")
        #expect(CampaignTestSupport.failure(both)?.field == "sender.address")
    }

    @Test("secrets are named, never written")
    func secrets() throws {
        let yaml = CampaignTestSupport.minimalYAML + "\n" + """
            imap:
              url: imaps://imap.brand.example/INBOX
              password_file: /run/secrets/imap
            """
        let withEnv = yaml.replacingOccurrences(
            of: "url: smtp://127.0.0.1:2525", with: "url: smtp://127.0.0.1:2525\n  username: maya\n  password_env: SMTP_PASS")
        let config = try CampaignTestSupport.config(withEnv)
        #expect(config.smtp.password == .environment("SMTP_PASS"))
        #expect(config.smtp.makeConfiguration().password == .environment("SMTP_PASS"))
        #expect(config.sendingAccount == "maya")
        #expect(config.imap?.password == .file("/run/secrets/imap"))

        let inline = CampaignTestSupport.minimalYAML.replacingOccurrences(
            of: "url: smtp://127.0.0.1:2525", with: "url: smtp://127.0.0.1:2525\n  password: hunter2")
        let error = try #require(CampaignTestSupport.failure(inline))
        #expect(error.line == 7 && error.field == "smtp.password")
        #expect(!error.description.contains("hunter2"))
        #expect(error.description.contains("password_env"))

        let both = CampaignTestSupport.minimalYAML.replacingOccurrences(
            of: "url: smtp://127.0.0.1:2525", with: "url: smtp://127.0.0.1:2525\n  password_env: A\n  password_file: /x")
        #expect(CampaignTestSupport.failure(both)?.field == "smtp.password_file")
        let notAName = CampaignTestSupport.minimalYAML.replacingOccurrences(
            of: "url: smtp://127.0.0.1:2525", with: "url: smtp://127.0.0.1:2525\n  password_env: \"s3cr3t!\"")
        #expect(CampaignTestSupport.failure(notAName)?.field == "smtp.password_env")
    }

    @Test("unknown keys are errors with a did-you-mean hint")
    func unknownKeys() throws {
        let typo = CampaignTestSupport.minimalYAML + "\nlimits:\n  per_minut: 10\n"
        let error = try #require(CampaignTestSupport.failure(typo))
        #expect(error.kind == .unknownKey)
        #expect(error.line == 9 && error.column == 3 && error.field == "limits.per_minut")
        #expect(error.description.hasPrefix("pitchlab.yaml:9:3: limits.per_minut is not a known setting (did you mean per_minute?)"))

        let misplaced = CampaignTestSupport.minimalYAML + "\nper_day: 10\n"
        let placeError = try #require(CampaignTestSupport.failure(misplaced))
        #expect(placeError.description.contains("it belongs under limits:"))

        let nonsense = CampaignTestSupport.minimalYAML + "\nzzzz: 1\n"
        #expect(CampaignTestSupport.failure(nonsense)?.description.contains("known here:") == true)
        #expect(CampaignTestSupport.failure(CampaignTestSupport.minimalYAML + "\ntemplates: x\n")?.description
            .contains("did you mean template?") == true)
    }

    /// Each bad value, the line it sits on, and the setting the error must name.
    static let badValues: [(yaml: String, line: Int, field: String)] = [
        ("campaign:\n  id: \"no spaces\"", 2, "campaign.id"),
        ("sender:\n  from: not-an-address", 2, "sender.from"),
        ("smtp:\n  url: http://relay.example.com", 2, "smtp.url"),
        ("smtp:\n  url: smtp://user:pw@relay.example.com", 2, "smtp.url"),
        ("smtp:\n  url: smtp://127.0.0.1:2525\n  connections: 0", 3, "smtp.connections"),
        ("smtp:\n  url: smtp://127.0.0.1:2525\n  insecure: maybe", 3, "smtp.insecure"),
        ("limits:\n  per_minute: -3", 2, "limits.per_minute"),
        ("limits:\n  per_hour: lots", 2, "limits.per_hour"),
        ("limits:\n  min_gap_seconds: 9\n  max_gap_seconds: 2", 3, "limits.max_gap_seconds"),
        ("send_window:\n  weekdays: [mon, funday]", 2, "send_window.weekdays"),
        ("send_window:\n  hours: \"17:00-09:00\"", 2, "send_window.hours"),
        ("send_window:\n  hours: [\"09:00-12:00\", \"25:00-26:00\"]", 2, "send_window.hours"),
        ("send_window:\n  timezone: Europe/Pariss", 2, "send_window.timezone"),
        ("send_window: sometimes", 1, "send_window"),
        ("tracking:\n  base_url: not a url", 2, "tracking.base_url"),
        ("size_per_variant: 0", 1, "size_per_variant"),
        ("seed: -1", 1, "seed"),
        ("stages: subject", 1, "stages"),
        ("stages:\n  - tests: colour", 2, "stages[1].tests"),
        ("stages:\n  - tests: subject\n  - tests: subjects", 3, "stages[2].tests"),
        ("stages:\n  - tests: offer\n    variants: [a]", 3, "stages[1].variants"),
        ("stages:\n  - tests: offer\n    size: 1.5", 3, "stages[1].size"),
        ("stages:\n  - tests: offer\n    sise: 3", 3, "stages[1].sise"),
    ]

    @Test("every bad value is one sentence naming the file, the line and the setting", arguments: badValues.indices)
    func badValue(_ index: Int) throws {
        let (snippet, line, field) = Self.badValues[index]
        // Replace the minimal file's section of the same name, or append the snippet.
        let section = String(snippet.prefix { $0 != ":" })
        var lines = CampaignTestSupport.minimalYAML.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let start = lines.firstIndex(where: { $0.hasPrefix(section + ":") }) {
            var end = start + 1
            while end < lines.count, lines[end].hasPrefix(" ") { end += 1 }
            lines.removeSubrange(start..<end)
        }
        let offset = lines.count
        let yaml = (lines + snippet.split(separator: "\n").map(String.init)).joined(separator: "\n")
        let error = try #require(CampaignTestSupport.failure(yaml), "expected an error for \(snippet)")
        #expect(error.field == field)
        #expect(error.line == offset + line)
        #expect(error.description.hasPrefix("pitchlab.yaml:\(offset + line):"))
        #expect(error.description.contains(field))
        #expect(error.description.hasSuffix("."))
        #expect(!error.description.dropLast().contains("\n"))
    }

    @Test("missing required settings name the setting and where to add it")
    func missing() throws {
        let noID = CampaignTestSupport.minimalYAML.replacingOccurrences(of: "  id: spring\n", with: "  name: Spring\n")
        let idError = try #require(CampaignTestSupport.failure(noID))
        #expect(idError.kind == .missingField && idError.field == "campaign.id" && idError.line == 2)
        let noTemplate = CampaignTestSupport.minimalYAML.replacingOccurrences(of: "\ntemplate: dew", with: "")
        #expect(CampaignTestSupport.failure(noTemplate)?.field == "template")
        let noSender = CampaignTestSupport.minimalYAML.replacingOccurrences(of: "sender:\n  from: maya@brand.example\n", with: "")
        #expect(CampaignTestSupport.failure(noSender)?.field == "sender")
        let noSMTP = CampaignTestSupport.minimalYAML.replacingOccurrences(of: "smtp:\n  url: smtp://127.0.0.1:2525\n", with: "")
        let smtpError = try #require(CampaignTestSupport.failure(noSMTP))
        #expect(smtpError.field == "smtp.url" && smtpError.description.contains("PITCHLAB_SMTP_URL"))
        #expect(CampaignTestSupport.failure("")?.kind == .missingField)
    }

    @Test("YAML syntax errors carry the line")
    func syntax() throws {
        let broken = CampaignTestSupport.minimalYAML + "\nlimits:\n  per_minute: [10\n"
        let error = try #require(CampaignTestSupport.failure(broken))
        #expect(error.kind == .yamlSyntax)
        #expect(error.line != nil)
        #expect(error.description.hasPrefix("pitchlab.yaml:"))
        let duplicate = CampaignTestSupport.minimalYAML + "\ntemplate: other\n"
        #expect(CampaignTestSupport.failure(duplicate) != nil)
    }

    @Test("send windows, limits and stages read every accepted form")
    func forms() throws {
        let yaml = CampaignTestSupport.minimalYAML + "\n" + """
            limits:
              per_minute: unlimited
              per_day: 50
              min_gap_seconds: 0.5
              concurrency: 2
            send_window:
              weekdays: [fri-mon, Wednesday]
              hours: ["08:30-12:00", "14:00-24:00"]
              timezone: America/New_York
            size_per_variant: 15
            seed: 42
            stages:
              - tests: offers
                variants: [bigger-fee, fee-kit]
              - tests: subject
                size: 5
            goal:
              metric: signups
              target: 40
              measured_by: urls
              deadline: 2026-09-30
            """
        let config = try CampaignTestSupport.config(yaml)
        #expect(config.limits.perMinute == nil && config.limits.perHour == 200 && config.limits.perDay == 50)
        #expect(config.limits.gap == SendGap(minimum: 0.5, maximum: 10))
        #expect(config.limits.concurrency == 2)
        #expect(config.limits.rateLimits == [.perHour(200), .perDay(50)])
        #expect(config.sendWindow.weekdays == [.friday, .saturday, .sunday, .monday, .wednesday])
        #expect(config.sendWindow.hours.map(\.description) == ["08:30-12:00", "14:00-24:00"])
        #expect(config.sendWindow.fallbackTimeZone.identifier == "America/New_York")
        #expect(config.sizePerVariant == 15 && config.seed == 42)
        #expect(config.stages == [
            StageConfig(dimension: .offer, variants: ["bigger-fee", "fee-kit"], line: 20),
            StageConfig(dimension: .subject, size: 5, line: 22),
        ])
        #expect(config.goal?.measure?.metric == .signups && config.goal?.measure?.target == 40)
        #expect(config.goal?.measure?.measuredBy == .url && config.goal?.description == nil)
        #expect(try CampaignTestSupport.config(CampaignTestSupport.minimalYAML + "\nsend_window: always").sendWindow == .always)
    }

    @Test("load reads a file and names it in errors")
    func load() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("pitchlab.yaml")
        try Data((CampaignTestSupport.minimalYAML + "\nlimits: 3\n").utf8).write(to: url)
        #expect(throws: CampaignConfigError.self) {
            try CampaignConfig.load(contentsOf: url, displayPath: "work/pitchlab.yaml", environment: [:])
        }
        do {
            _ = try CampaignConfig.load(contentsOf: url, displayPath: "work/pitchlab.yaml", environment: [:])
        } catch {
            #expect(error.description.hasPrefix("work/pitchlab.yaml:8:9: limits must be a mapping"))
        }
        let missing = directory.appendingPathComponent("nope.yaml")
        do {
            _ = try CampaignConfig.load(contentsOf: missing, displayPath: "nope.yaml", environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unreadableFile && error.description.contains("pitchlab init"))
        }
    }
}
