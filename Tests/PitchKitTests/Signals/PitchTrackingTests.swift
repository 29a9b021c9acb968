import Foundation
import PitchKit
import PitchMail
import PitchStats
import Testing

/// Tracking applied to outgoing pitches: what the composed bytes carry, and what they never carry.
@Suite("Pitch tracking")
struct PitchTrackingTests {
    static let sender = try! PitchSender(address: "partners@brand.example", name: "Maya at Brand")

    static func tracking(opens: Bool, clicks: Bool = true) throws -> PitchTracking {
        PitchTracking(
            links: try TrackingLinks(baseURL: "https://t.brand.example", codec: SignalFixtures.codec),
            campaign: "spring-creators", opens: opens, clicks: clicks)
    }

    static func message(_ i: Int, name: String, address: String) throws -> MailMessage {
        let pitch = RenderedPitch(
            templateID: "t", choice: PitchVariantChoice(subject: "a", message: "b", offer: "c"),
            subject: "A collab for \(name)?",
            body: "Hi \(name),\n\nWe send the kit; you post one video by 14 May. Brief: https://brand.example/brief?c=\(i).\n\nMaya")
        return PitchMessageBuilder(sender: sender).message(
            for: pitch, to: Mailbox(name: name, address: try MailAddress(address)), date: Date(timeIntervalSince1970: 1_800_000_000),
            messageID: MessageID("pitchlab.\(i).abc@brand.example"))
    }

    static func urls(in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"https?://[^\s<>"]+"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range, in: text).map { range in
                var url = String(text[range])
                while let last = url.last, ".,;:!?)".contains(last) { url.removeLast() }
                return url
            }
        }
    }

    @Test("1,000 tracked messages: no address or name in any URL; every token names its send")
    func noAddressInURLs() throws {
        let tracking = try Self.tracking(opens: true)
        var rng = SplitMix64(seed: 5)
        for i in 0..<1_000 {
            let local = "creator\(i).x\(rng.next() % 100_000)"
            let name = "Ana Ruiz \(i)"
            let tracked = tracking.apply(to: try Self.message(i, name: name, address: "\(local)@example.org"), entry: Int64(i + 1))
            let bytes = try MessageComposer(smtpUTF8: false).compose(tracked)
            let text = String(decoding: bytes, as: UTF8.self)
                .replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
            let urls = Self.urls(in: text)
            #expect(urls.count >= 4)  // unsubscribe header, text link, html link, pixel
            for url in urls where url.hasPrefix("https://t.brand.example") {
                // (Tokens are random-looking base64: check whole identifiers, not 3-letter fragments.)
                let leaks = ["@", "%40", local, "Ana Ruiz", "Ana%20Ruiz", "Ana+Ruiz", "example.org"].filter { url.contains($0) }
                #expect(leaks.isEmpty, "\(url) carries \(leaks)")
                let path = URL(string: url)?.path ?? ""
                let token = tracking.links.token(inPath: path)
                #expect(token?.entry == Int64(i + 1))
            }
            #expect(text.contains("List-Unsubscribe: <https://t.brand.example/u/"))
            #expect(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
            #expect(text.contains("/o/") && text.contains(".gif"))
            // Links are rewritten (the HTML keeps the destination as the visible anchor text only).
            #expect(text.contains("Brief: https://t.brand.example/c/") && !text.contains("href=\"https://brand.example"))
        }
    }

    @Test("clicks only: the text links are signed, no HTML part and no pixel")
    func clicksOnly() throws {
        let tracked = try Self.tracking(opens: false).apply(to: try Self.message(1, name: "Ana", address: "ana@example.org"), entry: 9)
        #expect(tracked.html == nil)
        #expect(tracked.text.contains("https://t.brand.example/c/") && !tracked.text.contains("brand.example/brief"))
        let text = String(decoding: try MessageComposer().compose(tracked), as: UTF8.self)
        #expect(!text.contains("/o/") && text.contains("Content-Type: text/plain"))
    }

    @Test("tracking off: plain text, the original links, a mailto: unsubscribe without one-click POST")
    func untracked() throws {
        let plain = PitchTracking.untracked(try Self.message(1, name: "Ana", address: "ana@example.org"), sender: Self.sender)
        let text = String(decoding: try MessageComposer().compose(plain), as: UTF8.self)
        #expect(plain.html == nil)
        #expect(text.contains("List-Unsubscribe: <mailto:partners@brand.example?subject=unsubscribe>"))
        #expect(!text.contains("List-Unsubscribe-Post"))
        #expect(text.contains("https://brand.example/brief?c=1") && !text.contains("/o/"))
    }

    @Test("the campaign's tracking comes from pitchlab.yaml; a missing key is a clear error naming the variable")
    func fromConfig() throws {
        var config = try CampaignConfig.parse(CampaignConfig.example, environment: [:])
        #expect(try PitchTracking.make(config: config, environment: [:]) == nil)
        config.trackingBaseURL = "https://t.brand.example"
        config.tracking.opens = true
        #expect(throws: TrackingKeyError.self) { try PitchTracking.make(config: config, environment: [:]) }
        do {
            _ = try PitchTracking.make(config: config, environment: [:])
        } catch {
            #expect("\(error)".contains("PITCHLAB_TRACKING_KEY"))
        }
        let tracking = try #require(try PitchTracking.make(config: config, environment: ["PITCHLAB_TRACKING_KEY": SignalFixtures.keyHex]))
        #expect(tracking.opens && tracking.clicks)
    }
}
