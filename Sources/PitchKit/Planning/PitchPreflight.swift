public import Foundation
public import PitchMail

/// Renders and composes a recipient's pitch exactly as the sender would, to find what would stop it:
/// a variable with no value and no default, an invalid address, a value that would inject a header.
///
/// ```swift
/// let preflight = PitchPreflight(renderer: renderer, sender: try config.sender.makePitchSender())
/// let problems = preflight.check(recipient, variants: plan.arms.map(\.variant))
/// ```
///
/// Problems name the recipient by its store id and the field, never by its address.
public struct PitchPreflight: Sendable {
    /// The renderer of the campaign's template.
    public let renderer: TemplateRenderer
    /// Builds the message for each rendered pitch.
    public let builder: PitchMessageBuilder
    /// The composer; UTF-8 addresses are allowed (the relay's SMTPUTF8 is checked at send time).
    public let composer: MessageComposer
    private let messageID: MessageID
    private let date: Date

    /// Prepares a preflight for one template and sender.
    public init(renderer: TemplateRenderer, sender: PitchSender, date: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.renderer = renderer
        self.builder = PitchMessageBuilder(sender: sender)
        self.composer = MessageComposer(smtpUTF8: true)
        self.messageID = MessageID("pitchlab.preflight@\(sender.mailbox.address.domain)")
        self.date = date
    }

    /// The problems of sending `recipient` each of `variants`, one per field and reason.
    public func check(_ recipient: StoredRecipient, variants: [CampaignVariant]) -> [PlanProblem] {
        var problems: [PlanProblem] = []
        func add(_ field: String, _ variant: CampaignVariant?, _ reason: String) {
            guard !problems.contains(where: { $0.field == field && $0.reason == reason }) else { return }
            problems.append(PlanProblem(recipientID: recipient.id, field: field, variant: variant?.key, reason: reason))
        }
        let mailbox: Mailbox
        do {
            mailbox = try recipient.mailbox()
        } catch {
            add("email", nil, "has an address that \(error.problem); fix it in the recipients file and import again, or suppress it")
            return problems
        }
        let values = recipient.renderValues
        for variant in variants {
            let pitch: RenderedPitch
            do {
                pitch = try renderer.render(variant.choice, row: values, rowNumber: Int(recipient.id))
            } catch let error as TemplateError where error.kind == .missingVariable {
                let name = error.variable ?? "a variable"
                add(
                    name, variant,
                    "has no value for {{\(name)}} and template '\(renderer.template.id)' has no default for it; fill in the \(name) column and import again, or add \(name) to the template's defaults")
                continue
            } catch let error as TemplateError {
                add("template", variant, error.message)
                continue
            } catch {
                add("template", variant, "cannot be rendered (\(error))")
                continue
            }
            let message = builder.message(for: pitch, to: mailbox, date: date, messageID: messageID)
            do {
                _ = try composer.compose(message)
            } catch {
                add(error.field, variant, Self.reason(error))
            }
        }
        return problems
    }

    /// What is wrong with a composed header, in words that never quote the value.
    static func reason(_ error: MessageError) -> String {
        switch error.reason {
        case .controlCharacter:
            "would contain a control character (CR, LF, NUL or similar) after rendering, which could inject a header; remove it from the recipient's values"
        case .empty: "would be empty after rendering; give the recipient a value or the template a default"
        case .tooLong: "would be too long for a header line after rendering; shorten the recipient's value"
        case .needsSMTPUTF8: "needs a relay that offers SMTPUTF8 (a non-ASCII address)"
        case .invalidAddress(let address): "has an address that \(address.problem); fix it and import again"
        default: "cannot be composed: \(error.description)"
        }
    }
}
