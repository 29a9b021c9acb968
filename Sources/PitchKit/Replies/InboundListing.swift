import Foundation

/// One terminal line per stored inbound message (`pitchlab replies list`).
public enum InboundListing {
    /// `#12  2026-11-28 09:14  reply positive     stage 1 hook/main/fee  (in-reply-to)  Re: …`
    public static func line(_ message: StoredInbound) -> String {
        let date = (message.sentAt ?? message.importedAt).formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false))
        let what: String
        switch message.kind {
        case .human: what = "reply \(message.replyClass?.rawValue ?? "other")\(message.classSource == "manual" ? " (labelled)" : "")"
        case .autoReply: what = "automatic reply"
        case .bounce: what = "bounce \(message.bounceKind ?? "") \(message.bounceStatus ?? "")".trimmingCharacters(in: .whitespaces)
        }
        let send = message.ledgerID.map { _ in "stage \(message.stage ?? 0) \(message.variant ?? "")  (\(message.match ?? ""))" }
            ?? "unmatched, from \(message.from ?? "unknown sender")"
        var line = "#\(message.id)  \(date)  \(what.padding(toLength: 22, withPad: " ", startingAt: 0))  \(send)"
        if let subject = message.subject { line += "  \(subject.prefix(60))" }
        if !message.flags.isEmpty { line += "  [\(message.flags)]" }
        if message.suppressed { line += "  [suppressed]" }
        return line
    }
}
