import Foundation
public import PitchMail

/// Applies a campaign's tracking to an outgoing pitch: the RFC 8058 one-click unsubscribe header,
/// signed click redirects for its links, and (only when opens are tracked) an HTML part with the pixel.
///
/// Tokens name the ledger row and the campaign, never the address or the name. Without tracking
/// (no `tracking.base_url`), ``untracked(_:sender:)`` gives the plain-text pitch a `mailto:`
/// unsubscribe to the sender instead.
public struct PitchTracking: Sendable {
    /// The URLs and the signing codec.
    public let links: TrackingLinks
    /// The campaign's number in tokens.
    public let campaignNumber: UInt64
    /// Add the pixel (and so an HTML part).
    public let opens: Bool
    /// Rewrite links.
    public let clicks: Bool

    /// Tracking for a campaign.
    public init(links: TrackingLinks, campaign: String, opens: Bool, clicks: Bool) {
        self.links = links
        self.campaignNumber = TrackingToken.campaignNumber(for: campaign)
        self.opens = opens
        self.clicks = clicks
    }

    /// The campaign's tracking from `pitchlab.yaml`, or nil when `tracking.base_url` is not set.
    ///
    /// - Throws: ``TrackingKeyError`` when the key variable is missing or too short, or
    ///   ``TrackingURLError`` when the base URL cannot carry tokens.
    public static func make(config: CampaignConfig, environment: [String: String]) throws -> PitchTracking? {
        guard let base = config.trackingBaseURL else { return nil }
        let key = try TrackingKey.fromEnvironment(environment, variable: config.tracking.keyEnvironment)
        return PitchTracking(
            links: try TrackingLinks(baseURL: base, codec: TrackingTokenCodec(key: key)), campaign: config.campaign.id,
            opens: config.tracking.opens, clicks: config.tracking.clicks)
    }

    /// The message with its unsubscribe header, signed links and, when opens are tracked, the pixel.
    public func apply(to message: MailMessage, entry: Int64) -> MailMessage {
        var tracked = message
        tracked.unsubscribeURL = links.unsubscribeURL(campaign: campaignNumber, entry: entry)
        if clicks {
            tracked.text = links.rewrite(message.text, format: .plainText, campaign: campaignNumber, entry: entry).text
        }
        if opens {
            let html = Self.html(from: message.text)
            if clicks {
                tracked.html = links.rewrite(html, format: .html, campaign: campaignNumber, entry: entry, addPixel: true).text
            } else {
                let pixel = links.openPixelURL(campaign: campaignNumber, entry: entry)
                tracked.html = html.replacingOccurrences(
                    of: "</body>", with: "<img src=\"\(pixel)\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0\"></body>")
            }
        }
        return tracked
    }

    /// The message without tracking: plain text, with a `mailto:` unsubscribe to the sender.
    public static func untracked(_ message: MailMessage, sender: PitchSender) -> MailMessage {
        var plain = message
        let to = (sender.replyTo ?? sender.mailbox).address.description
        if to.unicodeScalars.allSatisfy(\.isASCII) {
            plain.unsubscribeURL = "mailto:\(to)?subject=unsubscribe"
        }
        return plain
    }

    /// A minimal HTML rendering of a plain-text pitch: escaped, paragraphs and line breaks kept,
    /// bare http(s) links made clickable.
    static func html(from text: String) -> String {
        let escaped = text
            .replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        var linked = ""
        var rest = Substring(escaped)
        while let start = rest.range(of: "http", options: .caseInsensitive) {
            let candidate = rest[start.lowerBound...]
            let lower = candidate.prefix(8).lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else {
                linked += rest[..<start.upperBound]
                rest = rest[start.upperBound...]
                continue
            }
            var url = String(candidate.prefix { !$0.isWhitespace && $0 != "&" && $0 != "<" && $0 != ">" && $0 != "\"" })
            while let last = url.last, ".,;:!?)".contains(last) { url.removeLast() }
            linked += rest[..<start.lowerBound] + "<a href=\"\(url)\">\(url)</a>"
            rest = candidate.dropFirst(url.count)
        }
        linked += rest
        let paragraphs = linked.components(separatedBy: "\n\n").map {
            "<p>" + $0.replacingOccurrences(of: "\n", with: "<br>\n") + "</p>"
        }
        return "<!DOCTYPE html>\n<html><body>\n" + paragraphs.joined(separator: "\n") + "\n</body></html>\n"
    }
}
