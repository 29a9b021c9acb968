import Foundation
import PitchMail

/// Checks one CSV row of a recipients file and turns it into an import candidate or a row error.
///
/// Reasons never quote the address, so they are safe to print and log.
struct RecipientRowParser {
    let columns: RecipientColumns
    /// Time zone names already checked (the check is slow and names repeat).
    private var timeZones: [String: Bool] = [:]
    /// False when the system has no time zone database, so names cannot be checked.
    private let canCheckTimeZones = TimeZone(identifier: "Europe/Paris") != nil

    init(columns: RecipientColumns) {
        self.columns = columns
    }

    private struct Rejection: Error {
        let field: String
        let reason: String
    }

    /// The fields whose values can end up in a mail header (To's display name, a subject): no controls at all.
    private static let headerBound: [RecipientColumns.Field] = [.name, .handle, .platform, .persona, .type, .timezone]

    static let influencerTypes: Set<String> = ["peer", "authority", "aspirational"]

    /// A row's fate.
    enum Parsed {
        case candidate(RecipientImportBatch.Candidate)
        case rejected(RecipientRowError)
    }

    mutating func parse(_ row: CSVTable.Row) -> Parsed {
        do throws(Rejection) {
            return .candidate(try candidate(row))
        } catch {
            return .rejected(RecipientRowError(line: row.line, field: error.field, reason: error.reason))
        }
    }

    private mutating func candidate(_ row: CSVTable.Row) throws(Rejection) -> RecipientImportBatch.Candidate {
        let emailText = value(row, .email) ?? ""
        guard !emailText.isEmpty else {
            throw Rejection(field: "email", reason: "is empty; every row needs the creator's address")
        }
        let address: MailAddress
        do {
            address = try MailAddress(emailText, field: "email")
        } catch {
            throw Rejection(field: "email", reason: "\(error.problem); fix the address")
        }
        for field in Self.headerBound {
            if let text = value(row, field), text.unicodeScalars.contains(where: Self.isControl) {
                throw Rejection(
                    field: field.rawValue,
                    reason: "contains a control character (CR, LF, NUL or similar), which could inject mail headers; remove it")
            }
        }
        var fields = RecipientFields()
        fields.name = value(row, .name)
        fields.handle = value(row, .handle)
        fields.platform = value(row, .platform)
        fields.persona = value(row, .persona)
        fields.followers = try count(row, .followers)
        fields.avgViews = try count(row, .avgViews)
        if let text = value(row, .relevance) {
            guard let relevance = Self.relevance(text) else {
                throw Rejection(field: "relevance", reason: "must be a number from 0 to 1, such as 0.8 (or a percentage such as 80%)")
            }
            fields.relevance = relevance
        }
        if let text = value(row, .cost) {
            guard let cost = Self.amount(text) else {
                throw Rejection(field: "cost", reason: "must be an amount of 0 or more, such as 350 or 1,200.50")
            }
            fields.cost = cost
        }
        if let text = value(row, .type) {
            let type = text.lowercased()
            guard Self.influencerTypes.contains(type) else {
                throw Rejection(field: "type", reason: "must be peer, authority or aspirational")
            }
            fields.type = type
        }
        if let zone = value(row, .timezone) {
            guard isTimeZone(zone) else {
                throw Rejection(field: "timezone", reason: "is not an IANA time zone name such as Europe/Paris or America/New_York")
            }
            fields.timezone = zone
        }
        for column in columns.extra {
            guard let text = row[column]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
            if text.unicodeScalars.contains(where: { $0.value == 0 }) {
                throw Rejection(field: column, reason: "contains a NUL character; remove it")
            }
            fields.extra[column] = text
        }
        return RecipientImportBatch.Candidate(
            line: row.line, emailKey: address.normalizedKey, email: address.description, fields: fields)
    }

    private func value(_ row: CSVTable.Row, _ field: RecipientColumns.Field) -> String? {
        guard let column = columns.fields[field], let text = row[column] else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    private func count(_ row: CSVTable.Row, _ field: RecipientColumns.Field) throws(Rejection) -> Int? {
        guard let text = value(row, field) else { return nil }
        guard let number = Self.count(text) else {
            throw Rejection(field: field.rawValue, reason: "must be a whole number of 0 or more, such as 48200 or 48.2k")
        }
        return number
    }

    private mutating func isTimeZone(_ name: String) -> Bool {
        guard canCheckTimeZones else { return true }
        if let known = timeZones[name] { return known }
        let valid = TimeZone(identifier: name) != nil
        timeZones[name] = valid
        return valid
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// `48200`, `48,200`, `48 200`, `48.2k`, `1.25M` → a whole number ≥ 0.
    static func count(_ text: String) -> Int? {
        var body = text.lowercased().filter { $0 != " " && $0 != "_" && $0 != "\u{00A0}" }
        var multiplier = 1.0
        if body.hasSuffix("k") { multiplier = 1e3; body.removeLast() } else if body.hasSuffix("m") { multiplier = 1e6; body.removeLast() }
        guard let number = plainNumber(body), number >= 0 else { return nil }
        let value = (number * multiplier).rounded()
        guard multiplier > 1 || number == number.rounded(), value < 1e15 else { return nil }
        return Int(value)
    }

    /// `350`, `$350`, `1,200.50`, `€ 99` → an amount ≥ 0.
    static func amount(_ text: String) -> Double? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if let first = body.first, "$€£¥".contains(first) { body = body.dropFirst() }
        guard let number = plainNumber(body.trimmingCharacters(in: .whitespaces)), number >= 0 else { return nil }
        return number
    }

    /// `0.8`, `80%` → a number in 0…1.
    static func relevance(_ text: String) -> Double? {
        var body = text
        var scale = 1.0
        if body.hasSuffix("%") { body.removeLast(); scale = 100 }
        guard let number = plainNumber(body.trimmingCharacters(in: .whitespaces)) else { return nil }
        let value = number / scale
        return (0...1).contains(value) ? value : nil
    }

    /// Digits with an optional decimal point and comma thousands separators (`1,234,567.5`); finite.
    static func plainNumber(_ text: String) -> Double? {
        var digits = text
        if digits.contains(",") {
            let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
            guard let head = groups.first, (1...3).contains(head.count),
                  groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { return nil }
            digits = groups.joined() + (parts.count > 1 ? "." + parts[1] : "")
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              digits.filter({ $0 == "." }).count <= 1, digits != ".",
              let number = Double(digits), number.isFinite
        else { return nil }
        return number
    }
}
