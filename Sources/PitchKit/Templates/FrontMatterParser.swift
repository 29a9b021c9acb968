import Yams

/// Splits a `.pitch` file into front matter and body, reads the YAML with positions, and compiles
/// every text once.
struct FrontMatterParser {
    static let knownFields: [String] = [
        "id", "brand", "description", "subjects", "messages", "offers", "ask", "signature", "defaults",
        "columns", "word_limit",
    ]

    let file: String
    /// The source with CRLF line ends turned into LF and a leading byte order mark removed.
    let source: String
    /// The source's lines (without line ends), for block scalar indentation.
    let lines: [Substring]

    /// Number of file lines before the YAML text's first line.
    private var yamlLineOffset = 1
    private var hasBrand = false
    private var fieldLocations: [String: TemplateLocation] = [:]

    init(source: String, file: String) {
        var text = source
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        if text.contains("\r\n") { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
        self.source = text
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    private func location(_ line: Int, _ column: Int) -> TemplateLocation {
        TemplateLocation(file: file, line: line, column: column)
    }

    private func location(of mark: Mark?) -> TemplateLocation {
        guard let mark else { return location(1, 1) }
        return location(mark.line + yamlLineOffset, mark.column)
    }

    mutating func parse() throws -> PitchTemplate {
        // Find the delimiters: the first line is "---", the front matter ends at the next "---" (or "...").
        func isDelimiter(_ line: Substring, _ markers: [String]) -> Bool {
            markers.contains(String(line).trimmingTemplateWhitespace()) && !line.hasPrefix(" ")
        }
        guard let first = lines.first, isDelimiter(first, ["---"]) else {
            throw TemplateError(
                .missingFrontMatter, at: location(1, 1),
                "a .pitch file must start with a line '---', then the YAML front matter, a closing '---' and the body; add the front matter")
        }
        guard let closing = lines.indices.dropFirst().first(where: { isDelimiter(lines[$0], ["---", "..."]) }) else {
            throw TemplateError(
                .missingFrontMatter, at: location(1, 1),
                "the front matter opened on line 1 is never closed; add a line '---' between the front matter and the body")
        }
        yamlLineOffset = 1
        let yaml = lines[1..<closing].joined(separator: "\n")
        let root = try composeYAML(yaml)
        guard let mapping = root?.mapping else {
            if root == nil || root?.scalar?.string.isEmpty == true {
                throw TemplateError(
                    .invalidField, at: location(2, 1),
                    "the front matter is empty; add at least id, subjects, offers, ask and signature")
            }
            throw TemplateError(
                .invalidField, at: location(of: root?.mark),
                "the front matter must be a YAML mapping of fields (id:, subjects:, offers:, …); write one field per line")
        }

        var unknownFields: [(key: String, location: TemplateLocation)] = []
        var values: [String: Node] = [:]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let keyLocation = location(of: keyNode.mark)
            fieldLocations[key] = keyLocation
            if Self.knownFields.contains(key) {
                values[key] = value
            } else {
                unknownFields.append((key, keyLocation))
            }
        }

        // Plain fields first: `brand` decides whether {{brand}} is a built-in.
        let id = try field(values["id"]) { try identifier($0, field: "id") } ?? defaultID()
        let brand = try field(values["brand"]) { try plainString($0, field: "brand") }
        hasBrand = brand != nil
        let summary = try field(values["description"]) { try plainString($0, field: "description") }
        let wordLimit = try field(values["word_limit"]) { try positiveInt($0, field: "word_limit") }
            ?? PitchTemplate.defaultWordLimit
        let (defaults, defaultLocations) = try field(values["defaults"]) { try parseDefaults($0) } ?? ([:], [:])
        let columns = try field(values["columns"]) { try parseColumns($0) } ?? []

        let subjects = try field(values["subjects"]) { try variants($0, field: "subjects", role: .subject) } ?? []
        let offers = try field(values["offers"]) { try variants($0, field: "offers", role: .offer) } ?? []
        let ask = try field(values["ask"]) { try single($0, field: "ask", role: .ask) }
        let signature = try field(values["signature"]) { try single($0, field: "signature", role: .signature) }
        var messages: [PitchVariant] = []
        if let body = try bodyMessage(after: closing) { messages.append(body) }
        if let node = values["messages"] { messages += try variants(node, field: "messages", role: .message) }
        try checkUnique(messages, field: "messages")

        return PitchTemplate(
            id: id, file: file, brand: brand, summary: summary, subjects: subjects, messages: messages,
            offers: offers, ask: ask, signature: signature, defaults: defaults, columns: columns,
            wordLimit: wordLimit, fieldLocations: fieldLocations, defaultLocations: defaultLocations,
            unknownFields: unknownFields)
    }

    private func field<T>(_ node: Node?, _ read: (Node) throws -> T) throws -> T? {
        guard let node else { return nil }
        return try read(node)
    }

    private func composeYAML(_ yaml: String) throws -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            let (problem, mark): (String, Mark?) =
                switch error {
                case .scanner(_, let problem, let mark, _): (problem, mark)
                case .parser(_, let problem, let mark, _): (problem, mark)
                case .composer(_, let problem, let mark, _): (problem, mark)
                case .duplicatedKeysInMapping(let duplicates, let context):
                    ("the key \(duplicates.joined(separator: ", ")) appears twice", context.mark)
                default: ("\(error)", nil)
                }
            throw TemplateError(
                .yamlSyntax, at: location(of: mark),
                "the YAML front matter does not parse (\(problem)); fix this line, and quote text that starts with {{ or contains ': '")
        } catch {
            throw TemplateError(
                .yamlSyntax, at: location(2, 1), "the YAML front matter does not parse (\(error)); fix the YAML")
        }
    }

    // MARK: Fields

    private func defaultID() -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        let suffix = "." + PitchTemplate.fileExtension
        return name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
    }

    private func scalar(_ node: Node, field: String) throws -> Node.Scalar {
        guard let scalar = node.scalar else {
            throw TemplateError(
                .invalidField, at: location(of: node.mark), "\(field) must be a single value, not a list or mapping; write it as text")
        }
        return scalar
    }

    private func plainString(_ node: Node, field: String) throws -> String {
        let value = try scalar(node, field: field).string.trimmingTemplateWhitespace()
        guard !value.isEmpty else {
            throw TemplateError(.invalidField, at: location(of: node.mark), "\(field) is empty; fill it in or remove the line")
        }
        return value
    }

    private func identifier(_ node: Node, field: String) throws -> String {
        let value = try plainString(node, field: field)
        guard Self.isIdentifier(value) else {
            throw TemplateError(
                .invalidField, at: location(of: node.mark),
                "\(field) '\(value)' is not a valid id; use letters, digits, '-', '_' or '.', starting with a letter or digit")
        }
        return value
    }

    static func isIdentifier(_ value: String) -> Bool {
        guard let first = value.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first)
        else { return false }
        return value.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
        }
    }

    private func positiveInt(_ node: Node, field: String) throws -> Int {
        guard let value = node.int, value > 0 else {
            throw TemplateError(
                .invalidField, at: location(of: node.mark), "\(field) must be a positive whole number; write e.g. \(field): 150")
        }
        return value
    }

    private func parseDefaults(_ node: Node) throws -> ([String: String], [String: TemplateLocation]) {
        guard let mapping = node.mapping else {
            throw TemplateError(
                .invalidField, at: location(of: node.mark),
                "defaults must be a mapping of variable names to fallback text; write one per line, e.g. 'name: there'")
        }
        var defaults: [String: String] = [:]
        var locations: [String: TemplateLocation] = [:]
        for (keyNode, value) in mapping {
            let key = (keyNode.string ?? "").trimmingTemplateWhitespace().lowercased()
            let keyLocation = location(of: keyNode.mark)
            guard !key.isEmpty, let text = value.scalar?.string.trimmingTemplateWhitespace() else {
                throw TemplateError(
                    .invalidField, at: keyLocation, "each default must be 'variable: fallback text'; fix this entry")
            }
            guard !text.isEmpty else {
                throw TemplateError(
                    .invalidField, at: keyLocation,
                    "the default for \(key) is empty, which would render an empty gap; give it fallback text, or remove it and list \(key) under columns")
            }
            guard defaults[key] == nil else {
                throw TemplateError(.invalidField, at: keyLocation, "\(key) has two defaults; keep one")
            }
            defaults[key] = text
            locations[key] = keyLocation
        }
        return (defaults, locations)
    }

    private func parseColumns(_ node: Node) throws -> [String] {
        guard let sequence = node.sequence else {
            throw TemplateError(
                .invalidField, at: location(of: node.mark),
                "columns must be a list of recipient column names; write e.g. columns: [recent_video]")
        }
        var columns: [String] = []
        for item in sequence {
            let name = try plainString(item, field: "each column").lowercased()
            columns.append(name)
        }
        return columns
    }

    // MARK: Texts

    /// Where a scalar's text starts in the file.
    private func origin(of scalar: Node.Scalar, fallback node: Node) -> TextOrigin {
        let mark = scalar.mark ?? node.mark
        let start = location(of: mark)
        switch scalar.style {
        case .literal, .folded:
            // The text starts on the line after the indicator, indented like its first non-blank line.
            let firstLine = start.line + 1
            var indent = 0
            for lineIndex in (firstLine - 1)..<lines.count where !lines[lineIndex].allSatisfy({ $0 == " " }) {
                indent = lines[lineIndex].prefix { $0 == " " }.count
                break
            }
            return TextOrigin(file: file, layout: .block(firstLine: firstLine, indent: indent))
        case .singleQuoted, .doubleQuoted:
            return TextOrigin(file: file, layout: .inline(line: start.line, column: start.column + 1))
        default:
            return TextOrigin(file: file, layout: .inline(line: start.line, column: start.column))
        }
    }

    private func compile(_ node: Node, field: String, role: TemplateTextRole) throws -> CompiledText {
        let scalar = try scalar(node, field: field)
        let text = Self.trimmingTrailingWhitespace(scalar.string)
        guard !text.trimmingTemplateWhitespace().isEmpty else {
            throw TemplateError(.invalidField, at: location(of: node.mark), "\(field) has no text; write it or remove it")
        }
        return try CompiledText.compile(text, origin: origin(of: scalar, fallback: node), role: role, hasBrand: hasBrand)
    }

    private func single(_ node: Node, field: String, role: TemplateTextRole) throws -> PitchVariant {
        let compiled = try compile(node, field: field, role: role)
        return PitchVariant(id: field, compiled: compiled, idLocation: fieldLocations[field] ?? location(of: node.mark))
    }

    /// Reads a variant list: a list of `{id, text}` mappings, a mapping of id to text, or one text (id `main`).
    private func variants(_ node: Node, field: String, role: TemplateTextRole) throws -> [PitchVariant] {
        var result: [PitchVariant] = []
        switch node {
        case .scalar:
            let compiled = try compile(node, field: field, role: role)
            result.append(
                PitchVariant(id: PitchTemplate.mainMessageID, compiled: compiled, idLocation: fieldLocations[field] ?? location(of: node.mark)))
        case .mapping(let mapping):
            for (keyNode, value) in mapping {
                let id = try identifier(keyNode, field: "a \(role.noun) id")
                let compiled = try compile(value, field: "\(field).\(id)", role: role)
                result.append(PitchVariant(id: id, compiled: compiled, idLocation: location(of: keyNode.mark)))
            }
        case .sequence(let sequence):
            for item in sequence {
                guard let mapping = item.mapping else {
                    throw TemplateError(
                        .invalidField, at: location(of: item.mark),
                        "each entry of \(field) needs an id and a text; write '- id: a' and '  text: …' on the next line")
                }
                guard let idNode = mapping["id"] else {
                    throw TemplateError(
                        .invalidField, at: location(of: item.mark), "this entry of \(field) has no id; add 'id: …'")
                }
                let id = try identifier(idNode, field: "the \(role.noun) id")
                guard let textNode = mapping["text"] else {
                    throw TemplateError(
                        .invalidField, at: location(of: item.mark),
                        "the \(role.noun) '\(id)' has no text; add 'text: …' under its id")
                }
                let compiled = try compile(textNode, field: "\(field) '\(id)'", role: role)
                result.append(PitchVariant(id: id, compiled: compiled, idLocation: location(of: idNode.mark)))
            }
        case .alias:
            throw TemplateError(.invalidField, at: location(of: node.mark), "\(field) cannot be a YAML alias; write it out")
        }
        try checkUnique(result, field: field)
        return result
    }

    private func checkUnique(_ variants: [PitchVariant], field: String) throws {
        var seen: Set<String> = []
        for variant in variants where !seen.insert(variant.id).inserted {
            throw TemplateError(
                .invalidField, at: variant.idLocation,
                "the id '\(variant.id)' is used twice in \(field); give each variant its own id")
        }
    }

    /// The text after the closing delimiter, as message `main`; nil when blank.
    private func bodyMessage(after closing: Int) throws -> PitchVariant? {
        var first = closing + 1
        while first < lines.count, lines[first].allSatisfy({ $0 == " " || $0 == "\t" }) { first += 1 }
        guard first < lines.count else { return nil }
        let text = Self.trimmingTrailingWhitespace(lines[first...].joined(separator: "\n"))
        guard !text.isEmpty else { return nil }
        let origin = TextOrigin(file: file, layout: .block(firstLine: first + 1, indent: 0))
        let compiled = try CompiledText.compile(text, origin: origin, role: .message, hasBrand: hasBrand)
        return PitchVariant(id: PitchTemplate.mainMessageID, compiled: compiled, idLocation: origin.start)
    }

    static func trimmingTrailingWhitespace(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" || last == "\n" || last == "\r" {
            scalars.removeLast()
        }
        return String(scalars)
    }
}
