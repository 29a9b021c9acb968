import Foundation

/// Builds the tracking URLs of one tracking server and rewrites message bodies to use them.
///
/// Routes, under the base URL (which may have a path, e.g. `https://track.example.com/t`):
///
/// | Purpose | Path |
/// |---|---|
/// | open pixel | `/o/TOKEN.gif` |
/// | click | `/c/TOKEN` (redirects to the destination the token signs) |
/// | unsubscribe | `/u/TOKEN` |
///
/// ```swift
/// let links = try TrackingLinks(baseURL: "https://track.example.com", codec: codec)
/// let body = links.rewrite(html, format: .html, campaign: campaign, entry: 42)
/// body.text          // every http(s) link now https://track.example.com/c/…, plus the pixel
/// links.token(inPath: "/c/AQK…")?.destination
/// ```
public struct TrackingLinks: Sendable {
    /// The kind of body to rewrite.
    public enum BodyFormat: Sendable, Hashable {
        /// Plain text: every `http://` or `https://` URL in the text is wrapped.
        case plainText
        /// HTML: the `href` of every `<a>` and `<area>` is wrapped, and a 1×1 pixel is added.
        case html
    }

    /// The base URL, without a trailing slash.
    public let baseURL: String
    /// The codec that signs and verifies tokens.
    public let codec: TrackingTokenCodec

    /// Creates the links of the tracking server at `baseURL`.
    ///
    /// - Throws: ``TrackingURLError`` when `baseURL` is not a plain http(s) URL, or has a query or fragment.
    public init(baseURL: String, codec: TrackingTokenCodec) throws(TrackingURLError) {
        var base = baseURL.trimmingCharacters(in: .whitespaces)
        try WebURLValidator.validate(base, subject: "tracking base URL", maximumLength: 512)
        guard !base.contains("?"), !base.contains("#") else {
            throw TrackingURLError(.queryOrFragment, subject: "tracking base URL",
                                   "has a query or fragment; give only the scheme, host and an optional path.")
        }
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.codec = codec
    }

    /// The URL that carries `token`.
    public func url(for token: TrackingToken) -> String {
        let text = codec.sign(token)
        switch token.purpose {
        case .open: return "\(baseURL)/o/\(text).gif"
        case .click: return "\(baseURL)/c/\(text)"
        case .unsubscribe: return "\(baseURL)/u/\(text)"
        }
    }

    /// The open pixel URL of one send: `BASE/o/TOKEN.gif`.
    public func openPixelURL(campaign: UInt64, entry: Int64) -> String {
        url(for: .open(campaign: campaign, entry: entry))
    }

    /// The tracked URL of one link of one send: `BASE/c/TOKEN`.
    ///
    /// - Throws: ``TrackingURLError`` when `destination` is not a plain http(s) URL.
    public func clickURL(campaign: UInt64, entry: Int64, destination: String) throws(TrackingURLError) -> String {
        url(for: try .click(campaign: campaign, entry: entry, destination: destination))
    }

    /// The unsubscribe URL of one send: `BASE/u/TOKEN` (also for `List-Unsubscribe`).
    public func unsubscribeURL(campaign: UInt64, entry: Int64) -> String {
        url(for: .unsubscribe(campaign: campaign, entry: entry))
    }

    /// The verified token of a request path such as `/o/TOKEN.gif`, `/c/TOKEN` or
    /// `/t/u/TOKEN?x=1` (the route is read from the last two segments); nil for any other path or
    /// any invalid token, with no hint of why.
    public func token(inPath path: some StringProtocol) -> TrackingToken? {
        let withoutQuery = path.prefix { $0 != "?" && $0 != "#" }
        let segments = withoutQuery.split(separator: "/")
        guard segments.count >= 2 else { return nil }
        var text = segments[segments.count - 1]
        let purpose: TrackingToken.Purpose
        switch segments[segments.count - 2] {
        case "o":
            purpose = .open
            if text.hasSuffix(".gif") { text = text.dropLast(4) }
        case "c": purpose = .click
        case "u": purpose = .unsubscribe
        default: return nil
        }
        return codec.verify(text, as: purpose)
    }

    /// Rewrites every http(s) link of `body` to a signed click URL of this send.
    ///
    /// Skipped and left as they are: non-web links (`mailto:`, `tel:`…), links already under this
    /// base URL (the unsubscribe link, the pixel, tracked links), links in `skipping`, and links
    /// that cannot be signed safely (backslashes, control characters, `user@host`…). Non-ASCII
    /// characters and spaces in a destination are percent-encoded before signing. In plain text,
    /// trailing punctuation and an unbalanced closing bracket are not part of a URL.
    ///
    /// - Parameters:
    ///   - body: The rendered body.
    ///   - format: ``BodyFormat/plainText`` or ``BodyFormat/html``.
    ///   - campaign: The campaign number of the send.
    ///   - entry: The ledger row of the send.
    ///   - addPixel: For HTML, add the open pixel before `</body>` (or at the end). Ignored for plain text.
    ///   - skipping: Exact URLs (after HTML entity decoding) to leave untracked.
    public func rewrite(
        _ body: String, format: BodyFormat, campaign: UInt64, entry: Int64, addPixel: Bool = true,
        skipping: Set<String> = []
    ) -> RewrittenBody {
        var destinations: [String] = []
        var seen: Set<String> = []
        let track = { (url: String) -> String? in
            guard !self.isOwn(url), !skipping.contains(url) else { return nil }
            let destination = Self.percentEncodeUnsafe(url)
            guard let tracked = try? self.clickURL(campaign: campaign, entry: entry, destination: destination) else {
                return nil
            }
            if seen.insert(destination).inserted { destinations.append(destination) }
            return tracked
        }
        switch format {
        case .plainText:
            let text = BodyLinkScanner.rewritePlainText(body, track)
            return RewrittenBody(text: text, destinations: destinations, hasPixel: false)
        case .html:
            var text = BodyLinkScanner.rewriteHTML(body, track)
            if addPixel {
                let pixel = "<img src=\"\(openPixelURL(campaign: campaign, entry: entry))\" width=\"1\" height=\"1\" alt=\"\" "
                    + "style=\"display:block;width:1px;height:1px;border:0\">"
                if let close = text.range(of: "</body", options: [.caseInsensitive, .backwards]) {
                    text.insert(contentsOf: pixel, at: close.lowerBound)
                } else {
                    text += pixel
                }
            }
            return RewrittenBody(text: text, destinations: destinations, hasPixel: addPixel)
        }
    }

    /// True for URLs under this base URL (already tracking links).
    private func isOwn(_ url: String) -> Bool {
        let lower = url.lowercased()
        let base = baseURL.lowercased()
        return lower == base || lower.hasPrefix(base + "/")
    }

    /// Percent-encodes spaces and non-ASCII characters (as UTF-8), leaving everything else.
    static func percentEncodeUnsafe(_ url: String) -> String {
        guard url.unicodeScalars.contains(where: { $0 == " " || !$0.isASCII }) else { return url }
        var output = ""
        for scalar in url.unicodeScalars {
            if scalar == " " || !scalar.isASCII {
                for byte in String(scalar).utf8 { output += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2) }
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
