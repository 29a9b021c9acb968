/// The values one render can see: the recipient row, the template's defaults and its own parts.
struct TemplateRenderScope {
    let row: [String: String]
    let defaults: [String: String]
    var offer = ""
    var ask = ""
    var signature = ""
    let brand: String
    let templateID: String
    let rowNumber: Int

    init(row: [String: String], defaults: [String: String], brand: String, templateID: String, rowNumber: Int) {
        self.row = row
        self.defaults = defaults
        self.brand = brand
        self.templateID = templateID
        self.rowNumber = rowNumber
    }

    /// The value of a name, trimmed; nil when the row and the defaults have nothing non-blank.
    @inline(__always)
    func value(_ reference: CompiledText.Reference) -> String? {
        switch reference {
        case .column(let name):
            if let value = row[name], let trimmed = value.trimmedNonBlank { return trimmed }
            return defaults[name]
        case .builtin(let builtin):
            let value: String =
                switch builtin {
                case .offer: offer
                case .ask: ask
                case .signature: signature
                case .brand: brand
                }
            return value.isEmpty ? nil : value
        }
    }

    func missing(_ reference: CompiledText.Reference, at location: TemplateLocation) -> TemplateError {
        let name = reference.name
        return TemplateError(
            .missingVariable, at: location,
            "template '\(templateID)' needs {{\(name)}} but recipient row \(rowNumber) has no value for it and there is no default; fill in the \(name) column for that row or add \(name) to defaults",
            templateID: templateID, variable: name, row: rowNumber)
    }
}

extension CompiledText {
    /// Appends the rendered text to `out`.
    func render(into out: inout String, _ scope: TemplateRenderScope) throws(TemplateError) {
        try render(nodes, into: &out, scope, current: nil)
    }

    private func render(_ nodes: [Node], into out: inout String, _ scope: TemplateRenderScope, current: String?)
        throws(TemplateError)
    {
        for node in nodes {
            switch node {
            case .text(let text):
                out += text
            case .variable(let reference, let tag):
                guard let value = scope.value(reference) else { throw scope.missing(reference, at: tags[tag].location) }
                out += value
            case .current:
                if let current { out += current }
            case .section(let reference, let inverted, let children):
                let value = scope.value(reference)
                if inverted {
                    if value == nil { try render(children, into: &out, scope, current: current) }
                } else if let value {
                    try render(children, into: &out, scope, current: value)
                }
            }
        }
    }
}

extension String {
    /// The string without surrounding whitespace, or nil when nothing is left. Returns `self` (no copy)
    /// when there is nothing to trim.
    @inline(__always)
    var trimmedNonBlank: String? {
        // Fast path: visible ASCII at both ends.
        guard let firstByte = utf8.first, let lastByte = utf8.last else { return nil }
        if (0x21...0x7E).contains(firstByte), (0x21...0x7E).contains(lastByte) { return self }
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return nil }
        if Self.isVisible(first), Self.isVisible(last) { return self }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return nil }
        return String(scalars[start...end])
    }

    @inline(__always)
    private static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value > 0x20 && scalar.value < 0x7F || scalar.value > 0xA0 && !scalar.properties.isWhitespace
    }
}
