import Foundation
import Testing
@testable import PitchKit

@Suite struct TrackingLinksTests {
    let links: TrackingLinks
    let campaign = TrackingToken.campaignNumber(for: "spring-skincare")

    init() throws {
        links = try TrackingLinks(baseURL: "https://track.example.com/", codec: SignalFixtures.codec)
    }

    @Test func buildsTheThreeRoutes() throws {
        let open = links.openPixelURL(campaign: campaign, entry: 42)
        let click = try links.clickURL(campaign: campaign, entry: 42, destination: "https://dewpoint.example/kit")
        let unsubscribe = links.unsubscribeURL(campaign: campaign, entry: 42)
        #expect(open.hasPrefix("https://track.example.com/o/") && open.hasSuffix(".gif"))
        #expect(click.hasPrefix("https://track.example.com/c/"))
        #expect(unsubscribe.hasPrefix("https://track.example.com/u/"))
        let path = { (url: String) in String(url.dropFirst("https://track.example.com".count)) }
        #expect(links.token(inPath: path(open)) == .open(campaign: campaign, entry: 42))
        #expect(links.token(inPath: path(click))?.destination == "https://dewpoint.example/kit")
        #expect(links.token(inPath: path(unsubscribe)) == .unsubscribe(campaign: campaign, entry: 42))
        #expect(links.token(inPath: path(unsubscribe) + "?List-Unsubscribe=One-Click") != nil)
    }

    @Test func pathsWithTheWrongRouteOrTokenAreRejected() throws {
        let open = links.openPixelURL(campaign: campaign, entry: 42)
        let token = String(open.split(separator: "/").last!.dropLast(4))
        #expect(links.token(inPath: "/c/\(token)") == nil)
        #expect(links.token(inPath: "/u/\(token)") == nil)
        #expect(links.token(inPath: "/x/\(token)") == nil)
        #expect(links.token(inPath: "/o/") == nil)
        #expect(links.token(inPath: "") == nil)
        #expect(links.token(inPath: "/t/o/\(token).gif") != nil)  // base URL with a path
    }

    @Test func refusesUnusableBaseURLs() {
        for base in ["track.example.com", "ftp://track.example.com", "https://track.example.com/?a=1", "https://u@track.example.com", "https://track.example.com/#x"] {
            #expect(throws: TrackingURLError.self) { _ = try TrackingLinks(baseURL: base, codec: SignalFixtures.codec) }
        }
    }

    @Test func rewritesPlainTextLinks() throws {
        let unsubscribe = links.unsubscribeURL(campaign: campaign, entry: 7)
        let body = """
        Hi Zoë, see https://dewpoint.example/kit. Or (https://dewpoint.example/faq) and <https://dewpoint.example/about>!
        Write to mailto:maya@dewpoint.example or call tel:+331234.
        Not a link: xhttps://nope.example, ftp://files.example/a.
        Wikipedia: https://en.wikipedia.org/wiki/Barrier_(skin)
        Same link twice: https://dewpoint.example/kit
        Unsubscribe: \(unsubscribe)
        """
        let result = links.rewrite(body, format: .plainText, campaign: campaign, entry: 7)
        #expect(result.destinations == [
            "https://dewpoint.example/kit", "https://dewpoint.example/faq", "https://dewpoint.example/about",
            "https://en.wikipedia.org/wiki/Barrier_(skin)",
        ])
        #expect(result.linkCount == 4)
        #expect(!result.hasPixel)
        #expect(!result.text.contains("https://dewpoint.example"))
        #expect(result.text.contains("mailto:maya@dewpoint.example"))
        #expect(result.text.contains("xhttps://nope.example"))
        #expect(result.text.contains("ftp://files.example/a."))
        #expect(result.text.contains("Unsubscribe: \(unsubscribe)"))
        #expect(result.text.contains(". Or ("))
        #expect(result.text.contains(")!\n") == false)
        // Every tracked URL verifies back to its destination.
        let tracked = result.text.split(whereSeparator: { " \n()<>".contains($0) }).filter { $0.hasPrefix("https://track.example.com/c/") }
        #expect(tracked.count == 5)
        let destinations = tracked.compactMap { links.token(inPath: String($0.trimmingCharacters(in: CharacterSet(charactersIn: ".!")).dropFirst(25)))?.destination }
        #expect(Set(destinations) == Set(result.destinations))
    }

    @Test func rewritesHTMLHrefsAndAddsThePixel() throws {
        let unsubscribe = links.unsubscribeURL(campaign: campaign, entry: 7)
        let html = """
        <html><body>
        <p>Hi <a href="https://dewpoint.example/kit?a=1&amp;b=2">the kit</a>,
        <A class='x' HREF='http://dewpoint.example/faq'>FAQ</A>
        <a href=https://dewpoint.example/bare>bare</a>
        <a title="x > y" href="https://dewpoint.example/gt">gt</a>
        <a href="mailto:maya@dewpoint.example">mail</a> <a href="#top">top</a>
        <!-- <a href="https://dewpoint.example/commented">no</a> -->
        <abbr title="https://not-a-link.example">abbr</abbr>
        Text URL https://dewpoint.example/text stays.
        <a href="\(unsubscribe)">Unsubscribe</a>
        </p></BODY></html>
        """
        let result = links.rewrite(html, format: .html, campaign: campaign, entry: 7)
        #expect(result.destinations == [
            "https://dewpoint.example/kit?a=1&b=2", "http://dewpoint.example/faq", "https://dewpoint.example/bare",
            "https://dewpoint.example/gt",
        ])
        #expect(result.hasPixel)
        #expect(result.text.contains("<a href=\"https://track.example.com/c/"))
        #expect(result.text.contains("HREF='https://track.example.com/c/"))
        #expect(result.text.contains("<a href=\"https://track.example.com/c/") && result.text.contains(">bare</a>"))
        #expect(result.text.contains("href=\"mailto:maya@dewpoint.example\""))
        #expect(result.text.contains("href=\"#top\""))
        #expect(result.text.contains("https://dewpoint.example/commented"))
        #expect(result.text.contains("Text URL https://dewpoint.example/text stays."))
        #expect(result.text.contains("<a href=\"\(unsubscribe)\">Unsubscribe</a>"))
        let pixel = links.openPixelURL(campaign: campaign, entry: 7)
        #expect(result.text.contains("<img src=\"\(pixel)\" width=\"1\" height=\"1\" alt=\"\""))
        let pixelRange = try #require(result.text.range(of: pixel))
        let bodyClose = try #require(result.text.range(of: "</BODY>"))
        #expect(pixelRange.lowerBound < bodyClose.lowerBound)
    }

    @Test func appendsThePixelWithoutABodyTagAndSkipsGivenLinks() {
        let html = #"<p><a href="https://a.example/">a</a> <a href="https://b.example/">b</a></p>"#
        let result = links.rewrite(html, format: .html, campaign: campaign, entry: 1, skipping: ["https://b.example/"])
        #expect(result.destinations == ["https://a.example/"])
        #expect(result.text.hasSuffix(".gif\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;width:1px;height:1px;border:0\">"))
        #expect(result.text.contains(#"<a href="https://b.example/">b</a>"#))
        let noPixel = links.rewrite(html, format: .html, campaign: campaign, entry: 1, addPixel: false)
        #expect(!noPixel.hasPixel && !noPixel.text.contains("/o/"))
    }

    @Test func leavesUnsignableLinksAloneAndEncodesNonASCII() {
        let text = "Bad: https://good.example@evil.example/ and good: https://dewpoint.example/été"
        let result = links.rewrite(text, format: .plainText, campaign: campaign, entry: 1)
        #expect(result.text.hasPrefix("Bad: https://good.example@evil.example/ and good: https://track.example.com/c/"))
        #expect(result.destinations == ["https://dewpoint.example/%C3%A9t%C3%A9"])
    }
}
