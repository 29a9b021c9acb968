import Foundation
import PitchMail
import Yams

extension CampaignConfigParser {
    func parse(_ yaml: String) throws(CampaignConfigError) -> CampaignConfig {
        var text = yaml
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw error(.missingField, at: nil, field: nil,
                            "the campaign configuration is empty; run 'pitchlab init' for a documented example.")
            }
            root = node
        } catch let failure as CampaignConfigError {
            throw failure
        } catch let failure as YamlError {
            let (problem, mark): (String, Mark?) =
                switch failure {
                case .scanner(_, let problem, let mark, _): (problem, mark)
                case .parser(_, let problem, let mark, _): (problem, mark)
                case .composer(_, let problem, let mark, _): (problem, mark)
                case .duplicatedKeysInMapping(let duplicates, let context):
                    ("the key \(duplicates.joined(separator: ", ")) appears twice", context.mark)
                default: ("\(failure)", nil)
                }
            if case .duplicatedKeysInMapping(let duplicates, _) = failure {
                throw CampaignConfigError(
                    .yamlSyntax, file: file, line: mark?.line, column: mark?.column, field: duplicates.first,
                    "\(duplicates.joined(separator: ", ")) is set twice in the mapping that starts here; keep one.")
            }
            throw CampaignConfigError(
                .yamlSyntax, file: file, line: mark?.line, column: mark?.column, field: nil,
                "the YAML does not parse (\(problem)); fix this line, and quote values that contain ': ' or start with a special character.")
        } catch {
            throw CampaignConfigError(.yamlSyntax, file: file, line: nil, column: nil, field: nil,
                                      "the YAML does not parse (\(error)); fix the YAML.")
        }
        let top = try fields(root, path: "")
        func section(_ key: String) throws(CampaignConfigError) -> Fields? {
            guard let node = top.values[key], !Self.isNull(node) else { return nil }
            return try fields(node, path: key)
        }
        func requiredSection(_ key: String, example: String) throws(CampaignConfigError) -> Fields {
            guard let found = try section(key) else {
                throw error(.missingField, at: top.values[key] ?? root, field: key,
                            "the \(key) section is missing; add it, e.g. \(example).")
            }
            return found
        }

        // campaign
        let campaignFields = try requiredSection("campaign", example: "campaign: {id: spring-creators, name: Spring creators}")
        guard let campaignID = try identifier(campaignFields.values["id"], "campaign.id") else {
            throw error(.missingField, at: campaignFields.node, field: "campaign.id",
                        "campaign.id is missing; add it under campaign:, e.g. id: spring-creators.")
        }
        let campaign = CampaignConfig.Campaign(
            id: campaignID, name: try string(campaignFields.values["name"], "campaign.name") ?? campaignID)

        // sender
        let senderFields = try requiredSection("sender", example: "sender: {from: you@brand.example, name: Your Name}")
        if senderFields.values["from"] != nil, let duplicate = senderFields.values["address"] {
            throw invalid(duplicate, "sender.address", "repeats sender.from (address is another name for it); keep one.")
        }
        var fromFields = senderFields
        if let address = senderFields.values["address"] { fromFields.values["from"] = address }
        let from = try required(fromFields, "from", example: "partnerships@brand.example")
        try checkAddress(from, node: fromFields.values["from"], field: "sender.from")
        let replyTo = try string(senderFields.values["reply_to"], "sender.reply_to")
        if let replyTo { try checkAddress(replyTo, node: senderFields.values["reply_to"], field: "sender.reply_to") }
        let sender = CampaignConfig.Sender(
            address: from, name: try string(senderFields.values["name"], "sender.name"), replyTo: replyTo)

        let smtp = try parseSMTP(try section("smtp"), root: root)
        let limits = try parseLimits(try section("limits"))
        let retry = try parseRetry(try section("retry"))
        let window = try parseWindow(top.values["send_window"])

        let tracking = try section("tracking")
        let trackingURL = try url(tracking?.values["base_url"], "tracking.base_url", schemes: ["https", "http"])
        var trackingSettings = CampaignConfig.Tracking()
        if let tracking {
            if let value = try bool(tracking.values["opens"], "tracking.opens") { trackingSettings.opens = value }
            if let value = try bool(tracking.values["clicks"], "tracking.clicks") { trackingSettings.clicks = value }
            if let value = try string(tracking.values["key_env"], "tracking.key_env") { trackingSettings.keyEnvironment = value }
            if let value = try positiveInt(tracking.values["apple_window_minutes"], "tracking.apple_window_minutes", example: 10) ?? nil {
                trackingSettings.appleWindowSeconds = Double(value) * 60
            }
            if let value = try positiveInt(tracking.values["scanner_seconds"], "tracking.scanner_seconds", example: 30) ?? nil {
                trackingSettings.scannerSeconds = Double(value)
            }
            if let value = try positiveInt(tracking.values["google_refetch_seconds"], "tracking.google_refetch_seconds", example: 60) ?? nil {
                trackingSettings.googleRefetchSeconds = Double(value)
            }
            trackingSettings.appleRangesFile = try string(tracking.values["apple_ranges_file"], "tracking.apple_ranges_file")
            trackingSettings.googleRangesFile = try string(tracking.values["google_ranges_file"], "tracking.google_ranges_file")
            trackingSettings.scannerRangesFile = try string(tracking.values["scanner_ranges_file"], "tracking.scanner_ranges_file")
        }
        var imap: CampaignConfig.IMAP?
        if let imapFields = try section("imap") {
            let imapURL = try url(imapFields.values["url"], "imap.url", schemes: ["imaps", "imap"])
            guard let imapURL else {
                throw error(.missingField, at: imapFields.node, field: "imap.url",
                            "imap.url is missing; add it under imap:, e.g. url: imaps://imap.example.com/INBOX, or remove the imap section.")
            }
            imap = CampaignConfig.IMAP(
                url: imapURL, username: try string(imapFields.values["username"], "imap.username"),
                password: try secret(imapFields))
        }

        guard let template = try identifier(top.values["template"], "template") else {
            throw error(.missingField, at: top.values["template"] ?? root, field: "template",
                        "template is missing; add the id of a template in Templates/ at the top level, e.g. template: glow-peer.")
        }
        let size = try positiveInt(top.values["size_per_variant"], "size_per_variant", example: 20) ?? nil
        let seed = try parseSeed(top.values["seed"]) ?? Self.fnv1a(campaignID)
        let stages = try parseStages(top.values["stages"])
        let goal = try parseGoal(top.values["goal"])
        let scoring = try parseScoring(top.values["scoring"])

        var config = CampaignConfig(
            file: file, campaign: campaign, sender: sender, smtp: smtp, limits: limits, sendWindow: window,
            trackingBaseURL: trackingURL, tracking: trackingSettings, imap: imap, template: template,
            sizePerVariant: size ?? CampaignConfig.defaultSizePerVariant, seed: seed,
            stages: stages ?? StageConfig.defaultPlan, stagesAreDefault: stages == nil, goal: goal, scoring: scoring)
        config.retry = retry
        return config
    }

    /// The `retry:` section: how deferred sends back off (``BackoffPolicy``); each value optional.
    private func parseRetry(_ fields: Fields?) throws(CampaignConfigError) -> BackoffPolicy {
        let standard = BackoffPolicy.standard
        guard let fields else { return standard }
        func number(_ key: String, unit: Double, example: Int, positive: Bool = true) throws(CampaignConfigError) -> Double? {
            guard let node = fields.values[key], !Self.isNull(node) else { return nil }
            guard node.scalar != nil, let value = node.float, value.isFinite, positive ? value > 0 : value >= 0 else {
                throw invalid(node, "retry.\(key)", "must be a number\(positive ? " above 0" : ", 0 or more"); write e.g. \(key): \(example).")
            }
            return value * unit
        }
        let base = try number("first_delay_minutes", unit: 60, example: 5) ?? standard.base
        let maximum = try number("max_delay_minutes", unit: 60, example: 240) ?? max(standard.maximum, base)
        let minimum = try number("min_delay_seconds", unit: 1, example: 60, positive: false) ?? min(standard.minimumDelay, base)
        let giveUp = try number("give_up_after_hours", unit: 3_600, example: 72) ?? standard.giveUpAfter
        let pause = try number("throttle_pause_minutes", unit: 60, example: 15) ?? standard.throttlePause
        let maximumPause = try number("max_throttle_pause_minutes", unit: 60, example: 120) ?? max(standard.maximumThrottlePause, pause)
        guard maximum >= base else {
            throw invalid(fields.values["max_delay_minutes"] ?? fields.node, "retry.max_delay_minutes",
                          "is below retry.first_delay_minutes; make the maximum at least the first delay.")
        }
        guard maximumPause >= pause else {
            throw invalid(fields.values["max_throttle_pause_minutes"] ?? fields.node, "retry.max_throttle_pause_minutes",
                          "is below retry.throttle_pause_minutes; make the maximum at least the first pause.")
        }
        return BackoffPolicy(
            base: base, maximum: maximum, minimumDelay: minimum, giveUpAfter: giveUp, throttlePause: pause,
            maximumThrottlePause: maximumPause)
    }

    private func checkAddress(_ address: String, node: Node?, field: String) throws(CampaignConfigError) {
        do {
            _ = try MailAddress(address, field: field)
        } catch {
            throw invalid(node ?? Node(""), field, "is not a valid email address: it \(error.problem); write it as name@domain.example.")
        }
    }

    private func parseSMTP(_ fields: Fields?, root: Node) throws(CampaignConfigError) -> CampaignConfig.SMTP {
        let override = environment[CampaignConfig.smtpURLEnvironmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let configured = try url(fields?.values["url"], "smtp.url", schemes: ["smtp", "smtps"])
        guard let url = override ?? configured else {
            throw error(.missingField, at: fields?.node ?? root, field: "smtp.url",
                        "smtp.url is missing; add it under smtp:, e.g. url: smtps://smtp.example.com:465, or set \(CampaignConfig.smtpURLEnvironmentVariable).")
        }
        let connections = try positiveInt(fields?.values["connections"], "smtp.connections", example: 1) ?? nil
        return CampaignConfig.SMTP(
            url: url, urlFromEnvironment: override != nil,
            username: try string(fields?.values["username"], "smtp.username"),
            password: try fields.map { fields throws(CampaignConfigError) in try secret(fields) } ?? nil,
            connections: connections ?? 1,
            requireTLS: try bool(fields?.values["require_tls"], "smtp.require_tls") ?? false,
            insecure: try bool(fields?.values["insecure"], "smtp.insecure") ?? false,
            caFile: try string(fields?.values["ca_file"], "smtp.ca_file"))
    }

    private func parseLimits(_ fields: Fields?) throws(CampaignConfigError) -> CampaignConfig.Limits {
        var limits = CampaignConfig.Limits.standard
        guard let fields else { return limits }
        if let value = try positiveInt(fields.values["per_minute"], "limits.per_minute", example: 20, allowUnlimited: true) {
            limits.perMinute = value
        }
        if let value = try positiveInt(fields.values["per_hour"], "limits.per_hour", example: 200, allowUnlimited: true) {
            limits.perHour = value
        }
        if let value = try positiveInt(fields.values["per_day"], "limits.per_day", example: 500, allowUnlimited: true) {
            limits.perDay = value
        }
        if let value = try positiveInt(fields.values["concurrency"], "limits.concurrency", example: 1) ?? nil {
            limits.concurrency = value
        }
        let minimum = try seconds(fields.values["min_gap_seconds"], "limits.min_gap_seconds")
        let maximum = try seconds(fields.values["max_gap_seconds"], "limits.max_gap_seconds")
        let low = minimum ?? min(limits.gap.minimum, maximum ?? .infinity)
        let high = maximum ?? max(limits.gap.maximum, low)
        guard low <= high else {
            throw invalid(fields.values["max_gap_seconds"] ?? fields.node, "limits.max_gap_seconds",
                          "is below limits.min_gap_seconds; make the maximum at least the minimum.")
        }
        limits.gap = SendGap(minimum: low, maximum: high)
        return limits
    }

    private func parseWindow(_ node: Node?) throws(CampaignConfigError) -> SendWindow {
        let defaultZone = TimeZone(identifier: "UTC")!
        let standard = SendWindow(
            weekdays: Weekday.workdays, hours: [TimeOfDayRange(parsing: "09:00-17:00")!], fallbackTimeZone: defaultZone)
        guard let node, !Self.isNull(node) else { return standard }
        if let word = node.scalar?.string.lowercased() {
            guard word == "always" else {
                throw invalid(node, "send_window", "must be 'always' or a mapping with weekdays, hours and timezone.")
            }
            return .always
        }
        let fields = try fields(node, path: "send_window")
        var weekdays = standard.weekdays
        if let daysNode = fields.values["weekdays"], !Self.isNull(daysNode) {
            weekdays = []
            for item in try list(daysNode, "send_window.weekdays") {
                guard let text = item.scalar?.string else {
                    throw invalid(item, "send_window.weekdays", "must list day names such as mon, tue, or ranges such as mon-fri.")
                }
                for piece in text.split(separator: ",") {
                    let ends = piece.split(separator: "-", omittingEmptySubsequences: false)
                    let days = ends.compactMap { Weekday(name: String($0)) }
                    guard days.count == ends.count, (1...2).contains(days.count) else {
                        throw invalid(item, "send_window.weekdays", "'\(piece.trimmingCharacters(in: .whitespaces))' is not a day or day range; write mon, tue, … sun, or a range such as mon-fri.")
                    }
                    weekdays.formUnion(days.count == 1 ? days : Weekday.range(days[0], days[1]))
                }
            }
            guard !weekdays.isEmpty else {
                throw invalid(daysNode, "send_window.weekdays", "is empty, so nothing would ever be sent; list at least one day.")
            }
        }
        var hours = standard.hours
        if let hoursNode = fields.values["hours"], !Self.isNull(hoursNode) {
            hours = []
            for item in try list(hoursNode, "send_window.hours") {
                guard let text = item.scalar?.string, let span = TimeOfDayRange(parsing: text) else {
                    throw invalid(item, "send_window.hours", "'\(item.scalar?.string ?? "")' is not a span of hours; write HH:MM-HH:MM such as \"09:00-17:00\" (start before end, within one day).")
                }
                hours.append(span)
            }
            guard !hours.isEmpty else {
                throw invalid(hoursNode, "send_window.hours", "is empty, so nothing would ever be sent; give at least one span such as \"09:00-17:00\".")
            }
        }
        var zone = defaultZone
        if let zoneNode = fields.values["timezone"], let name = try string(zoneNode, "send_window.timezone") {
            guard let found = TimeZone(identifier: name) else {
                throw invalid(zoneNode, "send_window.timezone", "'\(name)' is not a known IANA time zone; write a name such as Europe/Paris, America/New_York or UTC.")
            }
            zone = found
        }
        return SendWindow(weekdays: weekdays, hours: hours, fallbackTimeZone: zone)
    }

    private func parseSeed(_ node: Node?) throws(CampaignConfigError) -> UInt64? {
        guard let node, !Self.isNull(node) else { return nil }
        guard let text = node.scalar?.string, let value = UInt64(text.replacingOccurrences(of: "_", with: "")) else {
            throw invalid(node, "seed", "must be a whole number from 0 to 18446744073709551615; write e.g. seed: 42.")
        }
        return value
    }

    private func parseStages(_ node: Node?) throws(CampaignConfigError) -> [StageConfig]? {
        guard let node, !Self.isNull(node) else { return nil }
        guard let sequence = node.sequence else {
            throw invalid(node, "stages", "must be a list of stages, each '- tests: subject' (or message, offer) with optional variants and size.")
        }
        var stages: [StageConfig] = []
        var seen: [StageDimension: Int] = [:]
        for (index, item) in sequence.enumerated() {
            let path = "stages[\(index + 1)]"
            let stageFields = try fields(item, path: path, schemaKey: "stages[]")
            guard let testsNode = stageFields.values["tests"], let word = try string(testsNode, "\(path).tests") else {
                throw error(.missingField, at: item, field: "\(path).tests",
                            "\(path).tests is missing; say what the stage varies: tests: subject, message or offer.")
            }
            let singular = word.lowercased().hasSuffix("s") ? String(word.lowercased().dropLast()) : word.lowercased()
            guard let dimension = StageDimension(rawValue: singular) else {
                throw invalid(testsNode, "\(path).tests", "'\(word)' is not something a stage can vary; write subject, message or offer.")
            }
            if let earlier = seen[dimension] {
                throw invalid(testsNode, "\(path).tests", "repeats stages[\(earlier)], which already tests \(dimension.plural); test each part once.")
            }
            seen[dimension] = index + 1
            var variants: [String]?
            if let variantsNode = stageFields.values["variants"], !Self.isNull(variantsNode) {
                var ids: [String] = []
                for idNode in try list(variantsNode, "\(path).variants") {
                    guard let id = try identifier(idNode, "\(path).variants") else { continue }
                    guard !ids.contains(id) else {
                        throw invalid(idNode, "\(path).variants", "lists '\(id)' twice; list each variant once.")
                    }
                    ids.append(id)
                }
                guard ids.count >= 2 else {
                    throw invalid(variantsNode, "\(path).variants", "needs at least two \(dimension) variants to compare; add one, or remove the stage.")
                }
                variants = ids
            }
            let size = try positiveInt(stageFields.values["size"], "\(path).size", example: 20) ?? nil
            stages.append(StageConfig(dimension: dimension, variants: variants, size: size, line: item.mark?.line))
        }
        guard !stages.isEmpty else {
            throw invalid(node, "stages", "is empty; list at least one stage, or remove the key for the default plan (subjects, messages, offers).")
        }
        return stages
    }

    /// FNV-1a 64 of the campaign id: the default seed, stable across runs and platforms.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
