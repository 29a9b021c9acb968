public import Foundation

/// Renders a ``PitchTemplate`` for recipient rows: exactly the subject and body that will be sent.
///
/// Every text was parsed once when the template was loaded; rendering walks the compiled literal and
/// field segments, so a campaign's preflight (every recipient × every variant) stays fast.
///
/// ```swift
/// let renderer = try TemplateRenderer(template: PitchTemplate.load(contentsOf: url))
/// let pitch = try renderer.render(
///     PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit"),
///     row: ["name": "Aiko", "handle": "@aiko.glow"], rowNumber: 1)
/// print(pitch.subject, pitch.body)
/// ```
///
/// A variable is looked up in the row, then in the template's `defaults`. A value that is empty or only
/// whitespace counts as missing, and surrounding whitespace is trimmed. A variable with neither stops
/// the render with ``TemplateError/Kind-swift.struct/missingVariable``, naming the template, the
/// variable and the row — a pitch never goes out as "Hi ,".
public struct TemplateRenderer: Sendable {
    /// The template this renderer renders.
    public let template: PitchTemplate

    // Variant lists are short, so a linear search by id beats hashing.
    private let subjects: [(id: String, text: CompiledText)]
    private let messages: [(id: String, text: CompiledText)]
    private let offers: [(id: String, text: CompiledText)]
    private let ask: CompiledText
    private let signature: CompiledText?
    /// The rendered text of offers, ask and signature that use no variable, computed once.
    private let constantOffers: [String?]
    private let constantAsk: String?
    private let constantSignature: String?

    /// Prepares a template for rendering.
    ///
    /// - Throws: ``TemplateError`` of kind `incompleteTemplate` when the template has no subject, no
    ///   message, no offer or no ask (the linter reports these too).
    public init(template: PitchTemplate) throws {
        func incomplete(_ what: String, _ fix: String) -> TemplateError {
            TemplateError(
                .incompleteTemplate, at: template.fileStart,
                "template '\(template.id)' cannot be rendered because it has no \(what); \(fix)")
        }
        guard !template.subjects.isEmpty else { throw incomplete("subject", "add a subjects list to the front matter") }
        guard !template.messages.isEmpty else { throw incomplete("message body", "write the body after the closing ---") }
        guard !template.offers.isEmpty else { throw incomplete("offer", "add an offers list saying what the brand gives") }
        guard let ask = template.ask else { throw incomplete("ask", "add an ask saying what the creator does, by when") }
        if template.signature == nil,
            let message = template.messages.first(where: { $0.compiled.referencedNames.contains(TemplateBuiltin.signature.rawValue) })
        {
            throw TemplateError(
                .incompleteTemplate, at: message.location,
                "template '\(template.id)' uses {{signature}} but has no signature; add 'signature: |' with the sender's name and role to the front matter")
        }
        self.template = template
        self.subjects = template.subjects.map { ($0.id, $0.compiled) }
        self.messages = template.messages.map { ($0.id, $0.compiled) }
        self.offers = template.offers.map { ($0.id, $0.compiled) }
        self.ask = ask.compiled
        self.signature = template.signature?.compiled
        func constant(_ text: CompiledText) -> String? {
            guard text.isConstant else { return nil }
            return text.nodes.reduce(into: "") { out, node in if case .text(let literal) = node { out += literal } }
        }
        self.constantOffers = offers.map { constant($0.text) }
        self.constantAsk = constant(ask.compiled)
        self.constantSignature = signature.flatMap(constant)
    }

    /// Loads a template file and prepares it for rendering.
    public init(contentsOf url: URL, displayPath: String? = nil) throws {
        try self.init(template: PitchTemplate.load(contentsOf: url, displayPath: displayPath))
    }

    /// Checks that every id of `choice` names a variant of the template.
    ///
    /// - Throws: ``TemplateError`` of kind `unknownVariant`, listing the ids that exist.
    public func validate(_ choice: PitchVariantChoice) throws {
        _ = try parts(of: choice)
    }

    /// Renders the pitch for one recipient row.
    ///
    /// - Parameters:
    ///   - choice: The subject, message and offer variant ids.
    ///   - row: The recipient's values by lowercased column name (as ``CSVTable`` produces them).
    ///   - rowNumber: The row's number as the user sees it, used in errors instead of the address.
    /// - Returns: The subject (on one line) and the body.
    /// - Throws: ``TemplateError`` (`unknownVariant`, `missingVariable`).
    public func render(_ choice: PitchVariantChoice, row: [String: String], rowNumber: Int) throws -> RenderedPitch {
        let (subject, message, offerIndex) = try parts(of: choice)
        let offer = offers[offerIndex].text
        var scope = TemplateRenderScope(
            row: row, defaults: template.defaults, brand: template.brand ?? "", templateID: template.id,
            rowNumber: rowNumber)

        // The template's own parts first: they may use recipient variables too.
        scope.offer = try constantOffers[offerIndex] ?? Self.render(offer, scope)
        scope.ask = try constantAsk ?? Self.render(ask, scope)
        if let signature {
            scope.signature = try constantSignature ?? Self.render(signature, scope)
        }

        var subjectText = ""
        try subject.render(into: &subjectText, scope)
        let hasLineBreak =
            subjectText.utf8.withContiguousStorageIfAvailable { bytes in
                bytes.contains { $0 == 0x0A || $0 == 0x0D }
            } ?? subjectText.utf8.contains { $0 == 0x0A || $0 == 0x0D }
        if hasLineBreak {
            subjectText = subjectText.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
                .joined(separator: " ")
        }
        var body = ""
        body.reserveCapacity(message.source.utf8.count + scope.offer.utf8.count + scope.ask.utf8.count + 256)
        try message.render(into: &body, scope)
        return RenderedPitch(templateID: template.id, choice: choice, subject: subjectText, body: body)
    }

    /// Renders the template's first subject, message and offer for one row.
    public func render(row: [String: String], rowNumber: Int) throws -> RenderedPitch {
        guard let choice = template.defaultChoice else {
            throw TemplateError(
                .incompleteTemplate, at: template.fileStart,
                "template '\(template.id)' has no variants to render; add subjects, a body and offers")
        }
        return try render(choice, row: row, rowNumber: rowNumber)
    }

    private static func render(_ text: CompiledText, _ scope: TemplateRenderScope) throws(TemplateError) -> String {
        var out = ""
        try text.render(into: &out, scope)
        return out
    }

    /// The subject and message texts and the offer's index for a choice.
    private func parts(of choice: PitchVariantChoice) throws(TemplateError) -> (CompiledText, CompiledText, Int) {
        func unknown(_ part: String, _ id: String, _ variants: [PitchVariant]) -> TemplateError {
            let ids = variants.map(\.id).joined(separator: ", ")
            return TemplateError(
                .unknownVariant, at: nil, file: template.file,
                "template '\(template.id)' has no \(part) variant '\(id)'; use one of: \(ids)")
        }
        guard let subject = subjects.first(where: { $0.id == choice.subject })?.text else {
            throw unknown("subject", choice.subject, template.subjects)
        }
        guard let message = messages.first(where: { $0.id == choice.message })?.text else {
            throw unknown("message", choice.message, template.messages)
        }
        guard let offer = offers.firstIndex(where: { $0.id == choice.offer }) else {
            throw unknown("offer", choice.offer, template.offers)
        }
        return (subject, message, offer)
    }
}
