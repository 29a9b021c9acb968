/// One lint finding: which rule, where (file:line:column), what is wrong and how to fix it.
///
/// `description` reads like a compiler diagnostic:
///
/// ```
/// Templates/glow.pitch:9:9: warning: subject 'deal' is about 74 characters, over 60 [subject-length]; hint: …
/// ```
public struct LintDiagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The rule id (see ``LintRule``).
    public let rule: String
    /// The rule's severity.
    public let severity: LintSeverity
    /// Where the problem is.
    public let location: TemplateLocation
    /// What is wrong, in one sentence.
    public let message: String
    /// How to fix it.
    public let hint: String

    /// Creates a finding of `rule` at `location`.
    public init(_ rule: LintRule, at location: TemplateLocation, _ message: String, hint: String) {
        self.rule = rule.id
        self.severity = rule.severity
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// True for error findings.
    public var isError: Bool { severity == .error }

    /// `file:line:column: severity: message [rule]; hint: …`
    public var description: String { "\(location): \(severity): \(message) [\(rule)]; hint: \(hint)" }

    private enum CodingKeys: String, CodingKey {
        case rule, severity, file, line, column, message, hint
    }

    /// Decodes the flat JSON form written by ``encode(to:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rule = try container.decode(String.self, forKey: .rule)
        severity = try container.decode(LintSeverity.self, forKey: .severity)
        location = TemplateLocation(
            file: try container.decode(String.self, forKey: .file),
            line: try container.decode(Int.self, forKey: .line),
            column: try container.decode(Int.self, forKey: .column))
        message = try container.decode(String.self, forKey: .message)
        hint = try container.decode(String.self, forKey: .hint)
    }

    /// Encodes as a flat object: rule, severity, file, line, column, message, hint.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rule, forKey: .rule)
        try container.encode(severity, forKey: .severity)
        try container.encode(location.file, forKey: .file)
        try container.encode(location.line, forKey: .line)
        try container.encode(location.column, forKey: .column)
        try container.encode(message, forKey: .message)
        try container.encode(hint, forKey: .hint)
    }
}
