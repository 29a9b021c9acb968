import Foundation
import PitchStats
import Testing
@testable import PitchKit

@Suite struct OpenClassifierTests {
    let classifier = OpenClassifier()
    static let browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    static let gmailProxy = "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)"
    static let homeIP = "203.0.113.50"

    func hit(_ seconds: TimeInterval, ip: String = homeIP, agent: String = browser, flag: Bool? = nil) -> PixelHit {
        PixelHit(hitAt: SignalFixtures.at(seconds), deliveredAt: SignalFixtures.delivered, ip: ip, userAgent: agent, espMachineFlag: flag)
    }

    func click(_ seconds: TimeInterval, _ destination: String, ip: String = homeIP, agent: String = browser) -> ClickHit {
        ClickHit(clickedAt: SignalFixtures.at(seconds), deliveredAt: SignalFixtures.delivered, ip: ip, userAgent: agent, destination: destination)
    }

    // MARK: Rule 1: Apple

    @Test func espMachineFlagWinsOverEverything() {
        #expect(classifier.classify(hit(7200, ip: "66.249.84.1", agent: Self.gmailProxy, flag: true)) == .appleProxy)
        #expect(classifier.classify(hit(7200, flag: false)) == .human)
        #expect(classifier.classify(hit(7200, flag: nil)) == .human)
    }

    @Test func appleEgressAddressesAreAppleAtAnyTime() {
        #expect(classifier.classify(hit(3 * 86400, ip: "17.58.63.1")) == .appleProxy)
        #expect(classifier.classify(hit(1, ip: "17.0.0.1", agent: Self.gmailProxy)) == .appleProxy)
        #expect(classifier.classify(hit(1, ip: "146.75.168.85", agent: "curl/8.5.0")) == .appleProxy)
    }

    @Test func bareMozillaUserAgentIsAppleUpToExactlyTenMinutes() {
        #expect(classifier.classify(hit(0, agent: "Mozilla/5.0")) == .appleProxy)
        #expect(classifier.classify(hit(600, agent: "Mozilla/5.0")) == .appleProxy)
        #expect(classifier.classify(hit(600, agent: "  Mozilla/5.0 ")) == .appleProxy)
        #expect(classifier.classify(hit(600.001, agent: "Mozilla/5.0")) == .human)
        #expect(classifier.classify(hit(60, agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)")) == .human)
        #expect(classifier.classify(hit(60, agent: "mozilla/5.0")) == .human)
        // A bare user agent from a scanner network soon after delivery: Apple comes first.
        #expect(classifier.classify(hit(5, ip: "40.107.1.1", agent: "Mozilla/5.0")) == .appleProxy)
    }

    // MARK: Rule 2: Google

    @Test func gmailProxyByUserAgentOrAddress() {
        #expect(classifier.classify(hit(5, agent: Self.gmailProxy)) == .googleProxy)
        #expect(classifier.classify(hit(5, agent: "googleimageproxy")) == .googleProxy)
        #expect(classifier.classify(hit(9000, ip: "66.249.84.1")) == .googleProxy)
        #expect(classifier.classify(hit(9000, ip: "66.102.15.255")) == .googleProxy)
        #expect(classifier.classify(hit(9000, ip: "74.125.0.1")) == .googleProxy)
        #expect(classifier.classify(hit(9000, ip: "2a00:1450:4007:80f::2003")) == .googleProxy)
        // Google before scanner: a Google address within 30 s is still the proxy.
        #expect(classifier.classify(hit(1, ip: "66.249.84.1", agent: "python-requests/2.32")) == .googleProxy)
    }

    // MARK: Rule 3: scanners

    @Test func scannerNetworksWithinThirtySecondsInclusive() {
        #expect(classifier.classify(hit(0, ip: "40.107.5.9")) == .scanner)
        #expect(classifier.classify(hit(30, ip: "40.107.5.9")) == .scanner)
        #expect(classifier.classify(hit(30.001, ip: "40.107.5.9")) == .human)
        #expect(classifier.classify(hit(12, ip: "148.163.140.1")) == .scanner)
        #expect(classifier.classify(hit(12, ip: "2a01:111:f400:7e1b::5")) == .scanner)
        #expect(classifier.classify(hit(12, ip: "2a01:111:f500::5")) == .human)
    }

    @Test(arguments: [
        "python-requests/2.32.3", "curl/8.5.0", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36",
        "Mozilla/5.0 (compatible; Proofpoint URL Defense)", "Mimecast-Scanner/1.0", "Barracuda Sentinel (EE)",
        "Microsoft SafeLinks", "Mozilla/5.0 (compatible; Microsoft Defender for Office 365)", "Go-http-client/1.1",
    ])
    func scannerUserAgentsWithinThirtySeconds(_ agent: String) {
        #expect(classifier.classify(hit(2, agent: agent)) == .scanner)
        #expect(classifier.classify(hit(30, agent: agent)) == .scanner)
        #expect(classifier.classify(hit(31, agent: agent)) == .human)
        let anyTime = OpenClassifier(configuration: .init(scannerUserAgentsAtAnyTime: true))
        #expect(anyTime.classify(hit(86400, agent: agent)) == .scanner)
    }

    // MARK: Rule 4 and configuration

    @Test func everythingElseIsHuman() {
        #expect(classifier.classify(hit(45)) == .human)
        #expect(classifier.classify(hit(45, ip: "2001:db8::42")) == .human)
        #expect(classifier.classify(hit(45, ip: "garbage", agent: "")) == .human)
        // Clock skew: a hit "before" delivery counts as 0 s after it.
        #expect(classifier.classify(hit(-5, ip: "40.107.5.9")) == .scanner)
        #expect(classifier.classify(hit(-5, agent: "Mozilla/5.0")) == .appleProxy)
    }

    @Test func windowsAndListsAreConfigurable() throws {
        let tuned = OpenClassifier(configuration: .init(
            appleUserAgentWindow: 120, scannerWindow: 5,
            appleNetworks: try CIDRSet(["198.51.100.0/24"]), googleNetworks: CIDRSet(), scannerNetworks: try CIDRSet(["192.0.2.0/24"]),
            scannerUserAgents: ["MyBot"]))
        #expect(tuned.classify(hit(121, agent: "Mozilla/5.0")) == .human)
        #expect(tuned.classify(hit(120, agent: "Mozilla/5.0")) == .appleProxy)
        #expect(tuned.classify(hit(9000, ip: "198.51.100.7")) == .appleProxy)
        #expect(tuned.classify(hit(9000, ip: "17.1.1.1")) == .human)
        #expect(tuned.classify(hit(9000, ip: "66.249.84.1")) == .human)
        #expect(tuned.classify(hit(5, ip: "192.0.2.1")) == .scanner)
        #expect(tuned.classify(hit(6, ip: "192.0.2.1")) == .human)
        #expect(tuned.classify(hit(1, agent: "mybot/2")) == .scanner)
        #expect(tuned.classify(hit(1, agent: "curl/8")) == .human)
    }

    @Test func refreshedAppleListIsUsedWithTheDefaults() throws {
        let refreshed = try CIDRSet.parse("172.224.224.0/27,GB,GB-EN,London,\n", file: "egress-ip-ranges.csv")
        let configured = OpenClassifier(configuration: .init(appleNetworks: CIDRSet.appleProxyDefaults.union(refreshed)))
        let relayed = hit(3600, ip: "172.224.224.9")
        #expect(classifier.classify(relayed) == .human)
        #expect(configured.classify(relayed) == .appleProxy)
    }

    // MARK: Clicks

    @Test func clickingEveryLinkWithinSecondsIsAScanner() {
        let clicks = [click(40, "https://a.example/"), click(42, "https://b.example/"), click(50, "https://c.example/"), click(3600, "https://a.example/")]
        #expect(classifier.classify(clicks: clicks, linkCount: 3) == [.scanner, .scanner, .scanner, .human])
        // 10 s is inclusive; 10.5 s is not a burst.
        let edge = [click(100, "https://a.example/"), click(110, "https://b.example/")]
        #expect(classifier.classify(clicks: edge, linkCount: 2) == [.scanner, .scanner])
        let apart = [click(100, "https://a.example/"), click(110.5, "https://b.example/")]
        #expect(classifier.classify(clicks: apart, linkCount: 2) == [.human, .human])
        // Only some of the links: a person.
        #expect(classifier.classify(clicks: Array(clicks.prefix(2)), linkCount: 3) == [.human, .human])
        // Input order does not matter.
        #expect(classifier.classify(clicks: clicks.reversed(), linkCount: 3) == [.human, .scanner, .scanner, .scanner])
    }

    @Test func singleLinkAndScannerClicks() {
        #expect(classifier.classify(clicks: [click(120, "https://a.example/")], linkCount: 1) == [.human])
        #expect(classifier.classify(clicks: [click(3, "https://a.example/")], linkCount: 1) == [.human])
        #expect(classifier.classify(clicks: [click(3, "https://a.example/", ip: "40.107.1.1")], linkCount: 1) == [.scanner])
        #expect(classifier.classify(clicks: [click(3, "https://a.example/", agent: "python-requests/2")], linkCount: 1) == [.scanner])
        // Private Relay users click from Apple addresses: still a person.
        #expect(classifier.classify(clicks: [click(900, "https://a.example/", ip: "17.5.5.5")], linkCount: 1) == [.human])
        #expect(classifier.classify(clicks: [], linkCount: 3) == [])
    }

    // MARK: Per recipient

    @Test func mppRecipientIsNotTrackable() {
        let summary = classifier.summarize(delivered: true, hits: [hit(2, ip: "17.1.1.1"), hit(4000)], clicks: [], linkCount: 0, humanReply: false)
        #expect(summary.mppRecipient && !summary.trackable)
        #expect(summary.humanOpen && summary.evidence == .humanPixel)
        #expect(summary.hitClasses == [.appleProxy, .human])
        #expect(summary.rawOpen)
    }

    @Test func googleFirstFetchIsACacheFillAndAReFetchCountsFromSixtySeconds() {
        let first = hit(20, ip: "66.249.84.1", agent: Self.gmailProxy)
        let only = classifier.summarize(delivered: true, hits: [first], clicks: [], linkCount: 0, humanReply: false)
        #expect(!only.humanOpen && only.trackable && only.rawOpen && only.evidence == nil)
        let early = classifier.summarize(delivered: true, hits: [first, hit(79.9, ip: "66.249.84.2", agent: Self.gmailProxy)],
                                         clicks: [], linkCount: 0, humanReply: false)
        #expect(!early.humanOpen)
        let exact = classifier.summarize(delivered: true, hits: [hit(80, agent: Self.gmailProxy), first], clicks: [], linkCount: 0, humanReply: false)
        #expect(exact.humanOpen && exact.evidence == .googleRefetch)
    }

    @Test func humanClicksAndRepliesCountAsOpens() {
        let scannerOnly = classifier.summarize(delivered: true, hits: [hit(3, ip: "40.107.1.1")],
                                               clicks: [click(3, "https://a.example/", ip: "40.107.1.1")], linkCount: 1, humanReply: false)
        #expect(!scannerOnly.humanOpen && scannerOnly.trackable && scannerOnly.clickClasses == [.scanner])
        let clicked = classifier.summarize(delivered: true, hits: [], clicks: [click(600, "https://a.example/")], linkCount: 2, humanReply: false)
        #expect(clicked.humanOpen && clicked.evidence == .humanClick && !clicked.rawOpen)
        let replied = classifier.summarize(delivered: true, hits: [], clicks: [], linkCount: 0, humanReply: true)
        #expect(replied.humanOpen && replied.evidence == .humanReply && replied.trackable)
        let nothing = classifier.summarize(delivered: true, hits: [], clicks: [], linkCount: 0, humanReply: false)
        #expect(!nothing.humanOpen && nothing.trackable && !nothing.mppRecipient)
        let bounced = classifier.summarize(delivered: false, hits: [], clicks: [], linkCount: 0, humanReply: false)
        #expect(!bounced.trackable)
    }

    @Test func classificationIsAPureFunctionOfHitsAndConfiguration() {
        var generator = SplitMix64(seed: 42)
        let ips = ["17.1.1.1", "66.249.84.1", "40.107.1.1", Self.homeIP, "2a04:4e41:1301:8000::1", "2001:db8::9"]
        let agents = [Self.browser, "Mozilla/5.0", Self.gmailProxy, "curl/8"]
        for _ in 0..<200 {
            let hits = (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                hit(Double(Int.random(in: -5...900, using: &generator)), ip: ips.randomElement(using: &generator)!,
                    agent: agents.randomElement(using: &generator)!, flag: [nil, false, true].randomElement(using: &generator)!)
            }
            let a = classifier.summarize(delivered: true, hits: hits, clicks: [], linkCount: 0, humanReply: false)
            let b = OpenClassifier().summarize(delivered: true, hits: hits, clicks: [], linkCount: 0, humanReply: false)
            #expect(a == b)
            var shuffled = hits
            shuffled.shuffle(using: &generator)
            let c = classifier.summarize(delivered: true, hits: shuffled, clicks: [], linkCount: 0, humanReply: false)
            #expect((a.mppRecipient, a.humanOpen, a.trackable, a.evidence) == (c.mppRecipient, c.humanOpen, c.trackable, c.evidence))
        }
    }
}
