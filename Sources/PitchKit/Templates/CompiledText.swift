import Mustache

/// The values a template provides itself, as opposed to the recipient row.
enum TemplateBuiltin: String, Sendable, CaseIterable {
    /// The chosen offer variant, rendered.
    case offer
    /// The ask, rendered.
    case ask
    /// The sender signature, rendered.
    case signature
    /// The `brand` front matter field.
    case brand
}

/// What a piece of template text is, which decides the built-in variables it may use.
enum TemplateTextRole: String, Sendable {
    case subject, message, offer, ask, signature

    /// The name used in messages ("subject 'a'", "the ask").
    var noun: String {
        switch self {
        case .subject: "subject"
        case .message: "message"
        case .offer: "offer"
        case .ask: "ask"
        case .signature: "signature"
        }
    }
}

/// A Mustache text parsed once into literal and field segments, rendered many times.
///
/// The supported Mustache subset is what a plain-text pitch needs: variables (`{{name}}`, `{{{name}}}`,
/// `{{& name}}`), sections and inverted sections on a value (`{{#handle}}…{{/handle}}`, `{{^handle}}…`),
/// `{{.}}` inside a section and comments, with the Mustache rules for standalone lines. Nothing is
/// escaped (plain text). Every text is also checked by swift-mustache, so a template that parses here
/// parses in any Mustache implementation. Partials, blocks, delimiter changes, pragmas, transforms and
/// dotted names are refused with a clear error.
///
/// A final class, so the renderer passes one reference around instead of copying its fields.
final class CompiledText: Sendable {
    /// What a variable or section name refers to.
    enum Reference: Sendable, Hashable {
        case column(String)
        case builtin(TemplateBuiltin)

        var name: String {
            switch self {
            case .column(let name): name
            case .builtin(let builtin): builtin.rawValue
            }
        }
    }

    enum Node: Sendable {
        case text(String)
        /// A variable; `tag` indexes ``tags`` (for the error position, kept out of the hot path).
        case variable(Reference, tag: Int)
        case current
        case section(Reference, inverted: Bool, children: [Node])
    }

    /// A tag as written, for the linter.
    struct Tag: Sendable {
        enum Kind: Sendable { case variable, section, invertedSection, closeSection, comment }
        var kind: Kind
        /// The tag's position in ``CompiledText/tags``.
        var index: Int
        /// The lowercased name (empty for comments, "." for the current value).
        var name: String
        var location: TemplateLocation
        /// UTF-8 offsets of the whole tag in the source.
        var range: Range<Int>
    }

    let source: String
    let origin: TextOrigin
    let role: TemplateTextRole
    let nodes: [Node]
    let tags: [Tag]

    init(source: String, origin: TextOrigin, role: TemplateTextRole, nodes: [Node], tags: [Tag]) {
        self.source = source
        self.origin = origin
        self.role = role
        self.nodes = nodes
        self.tags = tags
    }

    /// The source with every tag blanked out (newlines kept), so scalar positions still match the source.
    var literalText: String {
        var bytes = Array(source.utf8)
        for tag in tags {
            for index in tag.range where bytes[index] != UInt8(ascii: "\n") {
                // Keep one byte per scalar so columns stay right: blank lead bytes, drop continuation bytes.
                bytes[index] = bytes[index] & 0xC0 == 0x80 ? 0 : UInt8(ascii: " ")
            }
        }
        bytes.removeAll { $0 == 0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The names of variables and sections (not comments or closing tags), in text order.
    var referencedNames: [String] {
        tags.compactMap { tag in
            switch tag.kind {
            case .variable, .section, .invertedSection: tag.name == "." ? nil : tag.name
            case .closeSection, .comment: nil
            }
        }
    }

    /// True when the text holds no tag at all, so it renders to itself.
    var isConstant: Bool { nodes.allSatisfy { if case .text = $0 { true } else { false } } }
}

// MARK: - Compiling

extension CompiledText {
    /// Parses `source` once. `hasBrand` says whether the template defines `brand`, which then is a built-in.
    static func compile(_ source: String, origin: TextOrigin, role: TemplateTextRole, hasBrand: Bool) throws(TemplateError)
        -> CompiledText
    {
        var scanner = Scanner(bytes: Array(source.utf8), origin: origin)
        let tokens = try scanner.scan()
        let kept = removeStandaloneLines(tokens, bytes: scanner.bytes)
        let tags = tokens.compactMap { if case .tag(let tag) = $0 { tag } else { nil } }
        let nodes = try buildTree(kept, bytes: scanner.bytes, role: role, hasBrand: hasBrand, source: source)
        try validateWithMustache(source, origin: origin)
        return CompiledText(source: source, origin: origin, role: role, nodes: nodes, tags: tags)
    }

    enum Token {
        /// A run of text; `endsLine` when it ends with "\n".
        case text(Range<Int>, endsLine: Bool)
        case tag(Tag)
    }

    struct Scanner {
        let bytes: [UInt8]
        let origin: TextOrigin
        var index = 0
        var line = 1
        var column = 1
        var tagCount = 0

        init(bytes: [UInt8], origin: TextOrigin) {
            self.bytes = bytes
            self.origin = origin
        }

        private static let open = UInt8(ascii: "{")
        private static let close = UInt8(ascii: "}")
        private static let newline = UInt8(ascii: "\n")

        /// Moves past one byte, keeping line and column (in scalars) current.
        private mutating func step() {
            let byte = bytes[index]
            index += 1
            if byte == Self.newline {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }

        private func error(_ message: String, line: Int, column: Int) -> TemplateError {
            TemplateError(.mustacheSyntax, at: origin.location(line: line, column: column), message)
        }

        mutating func scan() throws(TemplateError) -> [Token] {
            var tokens: [Token] = []
            var textStart = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == Self.open, index + 1 < bytes.count, bytes[index + 1] == Self.open {
                    if textStart < index { tokens.append(.text(textStart..<index, endsLine: false)) }
                    tokens.append(.tag(try scanTag()))
                    textStart = index
                } else if byte == Self.newline {
                    step()
                    tokens.append(.text(textStart..<index, endsLine: true))
                    textStart = index
                } else {
                    step()
                }
            }
            if textStart < bytes.count { tokens.append(.text(textStart..<bytes.count, endsLine: false)) }
            return tokens
        }

        /// Reads one tag starting at `{{`.
        private mutating func scanTag() throws(TemplateError) -> Tag {
            let start = index
            let (tagLine, tagColumn) = (line, column)
            step()
            step()
            let triple = index < bytes.count && bytes[index] == Self.open
            let sigil: UInt8? = index < bytes.count && !triple ? bytes[index] : nil
            let kind: Tag.Kind
            switch sigil {
            case UInt8(ascii: "#"): kind = .section
            case UInt8(ascii: "^"): kind = .invertedSection
            case UInt8(ascii: "/"): kind = .closeSection
            case UInt8(ascii: "!"): kind = .comment
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                throw error(
                    "partials ({{> name}}) are not supported in pitch templates; write the text in place",
                    line: tagLine, column: tagColumn)
            case UInt8(ascii: "$"):
                throw error(
                    "blocks ({{$ name}}) are not supported in pitch templates; use message variants instead",
                    line: tagLine, column: tagColumn)
            case UInt8(ascii: "="):
                throw error(
                    "changing delimiters ({{= =}}) is not supported in pitch templates; keep {{ and }}",
                    line: tagLine, column: tagColumn)
            case UInt8(ascii: "%"):
                throw error(
                    "pragmas ({{% …}}) are not supported in pitch templates; remove the tag, output is always plain text",
                    line: tagLine, column: tagColumn)
            default: kind = .variable
            }
            if triple || sigil == UInt8(ascii: "&") || kind != .variable { step() }

            // Find the closing delimiter: "}}}" for triple mustaches, "}}" otherwise. Only comments may
            // span lines.
            let closing = triple ? 3 : 2
            let contentStart = index
            while true {
                guard index < bytes.count, kind == .comment || bytes[index] != Self.newline else {
                    let shown = triple ? "}}}" : "}}"
                    throw error(
                        "this {{ tag is not closed on its line; add the closing \(shown)",
                        line: tagLine, column: tagColumn)
                }
                if bytes[index] == Self.close, index + closing <= bytes.count,
                    bytes[index..<index + closing].allSatisfy({ $0 == Self.close })
                {
                    break
                }
                step()
            }
            let content = String(decoding: bytes[contentStart..<index], as: UTF8.self)
            for _ in 0..<closing { step() }
            let range = start..<index
            let location = origin.location(line: tagLine, column: tagColumn)
            tagCount += 1
            if kind == .comment {
                return Tag(kind: .comment, index: tagCount - 1, name: "", location: location, range: range)
            }
            let name = try Self.validName(content, location: location)
            return Tag(kind: kind, index: tagCount - 1, name: name, location: location, range: range)
        }

        private static func validName(_ raw: String, location: TemplateLocation) throws(TemplateError) -> String {
            let name = raw.trimmingTemplateWhitespace()
            if name.isEmpty {
                throw TemplateError(
                    .mustacheSyntax, at: location,
                    "this tag has no variable name; write a name between the braces, e.g. {{name}}")
            }
            if name == "." { return name }
            if name.contains("(") {
                throw TemplateError(
                    .mustacheSyntax, at: location,
                    "transforms like {{\(name)}} are not supported in pitch templates; put the text as it should appear in the recipients file")
            }
            if name.contains(".") {
                throw TemplateError(
                    .mustacheSyntax, at: location,
                    "dotted names like {{\(name)}} are not supported because recipient rows are flat; use the column name alone")
            }
            let allowed = name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
            }
            guard allowed else {
                throw TemplateError(
                    .mustacheSyntax, at: location,
                    "{{\(name)}} is not a valid variable name; use ASCII letters, digits, _ or - as in the recipients file header")
            }
            return name.lowercased()
        }
    }

    /// Applies the Mustache standalone rule: a line holding only whitespace and one section, inverted
    /// section, closing or comment tag disappears entirely, newline included.
    static func removeStandaloneLines(_ tokens: [Token], bytes: [UInt8]) -> [Token] {
        var kept: [Token] = []
        kept.reserveCapacity(tokens.count)
        var line: [Token] = []
        var index = 0
        while index < tokens.count {
            line.removeAll(keepingCapacity: true)
            while index < tokens.count {
                let token = tokens[index]
                line.append(token)
                index += 1
                if case .text(_, endsLine: true) = token { break }
            }
            let tags = line.compactMap { if case .tag(let tag) = $0 { tag } else { nil } }
            if tags.count == 1, tags[0].kind != .variable, line.allSatisfy({ token in
                if case .text(let range, _) = token {
                    return bytes[range].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
                }
                return true
            }) {
                kept.append(.tag(tags[0]))
            } else {
                kept.append(contentsOf: line)
            }
        }
        return kept
    }

    private static func buildTree(
        _ tokens: [Token], bytes: [UInt8], role: TemplateTextRole, hasBrand: Bool, source: String
    ) throws(TemplateError) -> [Node] {
        struct Frame {
            var tag: Tag
            var nodes: [Node]
        }
        var stack: [Frame] = []
        var nodes: [Node] = []

        func append(_ node: Node) {
            if stack.isEmpty { appendMerging(node, to: &nodes) } else { appendMerging(node, to: &stack[stack.count - 1].nodes) }
        }

        for token in tokens {
            switch token {
            case .text(let range, _):
                append(.text(String(decoding: bytes[range], as: UTF8.self)))
            case .tag(let tag):
                switch tag.kind {
                case .comment:
                    continue
                case .variable:
                    if tag.name == "." {
                        guard !stack.isEmpty else {
                            throw TemplateError(
                                .mustacheSyntax, at: tag.location,
                                "{{.}} only means something inside a section; write the variable name instead")
                        }
                        append(.current)
                    } else {
                        append(.variable(try reference(tag, role: role, hasBrand: hasBrand), tag: tag.index))
                    }
                case .section, .invertedSection:
                    if tag.name == "." {
                        throw TemplateError(
                            .mustacheSyntax, at: tag.location,
                            "a section needs a variable name, not '.'; write e.g. {{#handle}}")
                    }
                    _ = try reference(tag, role: role, hasBrand: hasBrand)
                    stack.append(Frame(tag: tag, nodes: []))
                case .closeSection:
                    guard let frame = stack.popLast() else {
                        throw TemplateError(
                            .mustacheSyntax, at: tag.location,
                            "{{/\(tag.name)}} closes a section that was never opened; remove it or add {{#\(tag.name)}} before it")
                    }
                    guard frame.tag.name == tag.name else {
                        throw TemplateError(
                            .mustacheSyntax, at: tag.location,
                            "{{/\(tag.name)}} does not match the open section {{#\(frame.tag.name)}} from line \(frame.tag.location.line); close that section first with {{/\(frame.tag.name)}}")
                    }
                    let ref = try reference(frame.tag, role: role, hasBrand: hasBrand)
                    append(.section(ref, inverted: frame.tag.kind == .invertedSection, children: frame.nodes))
                }
            }
        }
        if let open = stack.last {
            let sigil = open.tag.kind == .invertedSection ? "^" : "#"
            throw TemplateError(
                .mustacheSyntax, at: open.tag.location,
                "the section {{\(sigil)\(open.tag.name)}} is never closed; add {{/\(open.tag.name)}} where it should end")
        }
        return nodes
    }

    private static func appendMerging(_ node: Node, to nodes: inout [Node]) {
        if case .text(let new) = node, case .text(let old)? = nodes.last {
            nodes[nodes.count - 1] = .text(old + new)
        } else {
            nodes.append(node)
        }
    }

    private static func reference(_ tag: Tag, role: TemplateTextRole, hasBrand: Bool) throws(TemplateError) -> Reference {
        guard let builtin = TemplateBuiltin(rawValue: tag.name) else { return .column(tag.name) }
        switch builtin {
        case .brand:
            return hasBrand ? .builtin(.brand) : .column(tag.name)
        case .offer, .ask, .signature:
            guard role == .message else {
                throw TemplateError(
                    .mustacheSyntax, at: tag.location,
                    "{{\(tag.name)}} can only be used in a message body, not in the \(role.noun); write the text here instead")
            }
            return .builtin(builtin)
        }
    }

    /// Renders the text with swift-mustache in its plain-text mode: the reference the compiled form is
    /// checked against in tests. Blank values are left out, as the compiled renderer treats them as missing.
    func renderWithSwiftMustache(_ values: [String: String]) -> String {
        guard let template = try? MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}\n" + source) else { return "" }
        return template.render(values.filter { $0.value.trimmedNonBlank != nil }.mapValues { String($0.trimmedNonBlank!) })
    }

    /// Cross-checks the text with swift-mustache, the reference parser, and reports its error with our position.
    private static func validateWithMustache(_ source: String, origin: TextOrigin) throws(TemplateError) {
        do {
            _ = try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            let location = origin.location(line: error.context.lineNumber, column: error.context.columnNumber)
            throw TemplateError(
                .mustacheSyntax, at: location,
                "the Mustache text does not parse (\(error.error)); check the tags on this line")
        } catch {
            throw TemplateError(
                .mustacheSyntax, at: origin.start,
                "the Mustache text does not parse (\(error)); check its tags")
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and newlines.
    func trimmingTemplateWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
