extension PitchTemplate {
    /// The variant choice for optional ids, each defaulting to the template's first variant; an
    /// unknown id is an error that names the option and lists the template's ids.
    public func choice(subject: String? = nil, message: String? = nil, offer: String? = nil) throws -> PitchVariantChoice {
        guard let first = defaultChoice else {
            throw TemplateError(.incompleteTemplate, at: nil, file: file,
                                "there is no subject, body or offer to render; run pitchlab template lint \(file).")
        }
        func pick(_ id: String?, _ fallback: String, _ variants: [PitchVariant], _ option: String) throws -> String {
            guard let id else { return fallback }
            guard variants.contains(where: { $0.id == id }) else {
                throw TemplateError(.unknownVariant, at: nil, file: file,
                                    "\(option) '\(id)' is not one of its variants; use one of: \(variants.map(\.id).joined(separator: ", ")).")
            }
            return id
        }
        return PitchVariantChoice(
            subject: try pick(subject, first.subject, subjects, "--subject"),
            message: try pick(message, first.message, messages, "--message"),
            offer: try pick(offer, first.offer, offers, "--offer"))
    }
}
