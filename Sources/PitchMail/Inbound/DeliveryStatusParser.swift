/// Reads the fields of a `message/delivery-status` part (RFC 3464 §2): one per-message block,
/// then one block per recipient, separated by blank lines.
enum DeliveryStatusParser {
    static func report(from part: MIMEPart, message: InboundMessage, parts: [MIMEPart]) -> BounceReport? {
        let text = MIMEParser.normaliseNewlines(InboundCharset.lenient(part.body))
        let blocks = fieldBlocks(text)
        var reportingMTA: String?
        var recipients: [BounceReport.Recipient] = []
        for block in blocks {
            if let mta = block["reporting-mta"], reportingMTA == nil { reportingMTA = stripType(mta) }
            let final = block["final-recipient"].map { InboundAddress(name: nil, address: stripType($0)).address }
            let original = block["original-recipient"].map { InboundAddress(name: nil, address: stripType($0)).address }
            guard final != nil || original != nil || block["action"] != nil else { continue }
            let action = block["action"].map { String(HeaderBlock.trimWhitespace($0).lowercased().prefix { $0.isLetter }) }
            let diagnostic = block["diagnostic-code"].map { collapse(stripType($0)) }
            let status = refinedStatus(block["status"].flatMap { TextMatch.enhancedCode(in: Substring($0)) }, diagnostic: diagnostic)
            let failing = action == "failed" || action == "delayed"
                || (action == nil && (status?.hasPrefix("5") == true || status?.hasPrefix("4") == true))
            guard failing else { continue }  // delivered, relayed, expanded
            recipients.append(BounceReport.Recipient(
                finalRecipient: final?.isEmpty == false ? final : nil,
                originalRecipient: original?.isEmpty == false ? original : nil,
                action: action ?? (status?.hasPrefix("4") == true ? "delayed" : "failed"),
                status: status, diagnosticCode: diagnostic,
                remoteMTA: block["remote-mta"].map(stripType),
                kind: BounceReport.classify(action: action, status: status, diagnostic: diagnostic)))
        }
        // Failed recipients first, then delayed ones, each in message order.
        let ordered = recipients.filter { $0.action != "delayed" } + recipients.filter { $0.action == "delayed" }
        guard let first = ordered.first else { return nil }
        return BounceReport(
            kind: first.kind, format: .deliveryStatus, recipients: ordered,
            originalMessageID: BounceParser.originalMessageID(message, parts: parts), reportingMTA: reportingMTA)
    }

    /// The status code, replaced by the diagnostic's when the Status field is generic (`5.0.0`) or
    /// missing and the diagnostic holds a code of the same class.
    static func refinedStatus(_ status: String?, diagnostic: String?) -> String? {
        let fromDiagnostic = diagnostic.flatMap { TextMatch.enhancedCode(in: Substring($0)) }
        guard let status else { return fromDiagnostic }
        if status.hasSuffix(".0.0"), let better = fromDiagnostic, better.first == status.first, !better.hasSuffix(".0.0") {
            return better
        }
        return status
    }

    /// Blocks of fields, names lower-cased, continuation lines unfolded.
    static func fieldBlocks(_ text: String) -> [[String: String]] {
        var blocks: [[String: String]] = []
        var current: [String: String] = [:]
        var lastName: String?
        for line in TextMatch.lines(text) {
            if TextMatch.trimmed(line).isEmpty {
                if !current.isEmpty { blocks.append(current) }
                current = [:]
                lastName = nil
                continue
            }
            if let first = line.first, first == " " || first == "\t" {
                if let name = lastName { current[name, default: ""] += " " + TextMatch.trimmed(line) }
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = TextMatch.trimmed(line[..<colon]).lowercased()
            guard !name.isEmpty else { continue }
            if current[name] == nil { current[name] = String(TextMatch.trimmed(line[line.index(after: colon)...])) }
            lastName = name
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    /// `rfc822; user@example.org` → `user@example.org`; `smtp; 550 …` → `550 …`.
    static func stripType(_ value: String) -> String {
        let trimmed = HeaderBlock.trimWhitespace(value)
        if let semicolon = trimmed.firstIndex(of: ";") {
            let type = trimmed[..<semicolon]
            if type.count <= 16, type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == " " }) {
                return HeaderBlock.trimWhitespace(String(trimmed[trimmed.index(after: semicolon)...]))
            }
        }
        return trimmed
    }

    /// Runs of white space become one space.
    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
