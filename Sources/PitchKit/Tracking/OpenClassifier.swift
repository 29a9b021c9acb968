import Foundation

/// Classifies raw pixel hits and clicks and sums them up per recipient, exactly as stats.md §2.3:
/// a pure function of the stored hits and the ``Configuration``, so results can be recomputed
/// whenever the address lists or windows change.
///
/// Pixel rules, first match wins:
///
/// 1. ``OpenClass/appleProxy``: the ESP flags a machine open, or the IP is in Apple's networks, or
///    the user agent is exactly `Mozilla/5.0` and the hit is within 10 min of delivery.
/// 2. ``OpenClass/googleProxy``: the user agent contains `GoogleImageProxy`, or the IP is in
///    Google's proxy networks.
/// 3. ``OpenClass/scanner``: within 30 s of delivery, from a scanner network or with a scanner user
///    agent.
/// 4. ``OpenClass/human``: none of the above.
///
/// Windows are inclusive (a hit exactly 30 s after delivery is within 30 s), and a hit that clocks
/// place before delivery counts as 0 s after it.
///
/// ```swift
/// let classifier = OpenClassifier()
/// let summary = classifier.summarize(delivered: true, hits: hits, clicks: clicks, linkCount: 2, humanReply: false)
/// summary.trackable && summary.humanOpen
/// ```
public struct OpenClassifier: Sendable {
    /// The windows, lists and user agents in use.
    public let configuration: Configuration
    private let lowercasedScannerAgents: [String]

    /// Creates a classifier.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        lowercasedScannerAgents = configuration.scannerUserAgents.map { $0.lowercased() }.filter { !$0.isEmpty }
    }

    /// The class of one pixel hit.
    public func classify(_ hit: PixelHit) -> OpenClass {
        let elapsed = hit.secondsSinceDelivery
        let address = IPAddress(hit.ip)
        let agent = hit.userAgent.trimmingCharacters(in: .whitespaces)
        if hit.espMachineFlag == true { return .appleProxy }
        if let address, configuration.appleNetworks.contains(address) { return .appleProxy }
        if agent == Configuration.appleBareUserAgent, elapsed <= configuration.appleUserAgentWindow { return .appleProxy }
        if agent.range(of: Configuration.googleProxyUserAgentToken, options: .caseInsensitive) != nil { return .googleProxy }
        if let address, configuration.googleNetworks.contains(address) { return .googleProxy }
        if isScanner(address: address, agent: agent, elapsed: elapsed) { return .scanner }
        return .human
    }

    /// The class of each click of one send, in the order given.
    ///
    /// A click is a scanner when it comes within ``Configuration/scannerWindow`` of delivery from a
    /// scanner network or user agent, or when it belongs to a burst that followed all
    /// `linkCount` distinct links within ``Configuration/clickBurstWindow``. The burst rule needs at
    /// least two links: one click on a one-link message is not, by itself, a burst.
    ///
    /// - Parameters:
    ///   - clicks: The send's clicks, in any order.
    ///   - linkCount: How many distinct tracked links the message had.
    public func classify(clicks: [ClickHit], linkCount: Int) -> [ClickClass] {
        var classes = clicks.map { click -> ClickClass in
            isScanner(address: IPAddress(click.ip), agent: click.userAgent.trimmingCharacters(in: .whitespaces),
                      elapsed: click.secondsSinceDelivery) ? .scanner : .human
        }
        guard linkCount >= 2 else { return classes }
        let order = clicks.indices.sorted { (clicks[$0].clickedAt, $0) < (clicks[$1].clickedAt, $1) }
        var end = 0
        for (startPosition, start) in order.enumerated() {
            let limit = clicks[start].clickedAt.addingTimeInterval(configuration.clickBurstWindow)
            end = max(end, startPosition)
            while end + 1 < order.count, clicks[order[end + 1]].clickedAt <= limit { end += 1 }
            let window = order[startPosition...end]
            if Set(window.map { clicks[$0].destination }).count >= linkCount {
                for index in window { classes[index] = .scanner }
            }
        }
        return classes
    }

    /// One recipient's open signals for one send (§2.3).
    ///
    /// - Parameters:
    ///   - delivered: Whether the send was delivered (sent and not bounced).
    ///   - hits: Every pixel hit of the send, in any order.
    ///   - clicks: Every click of the send, in any order.
    ///   - linkCount: How many distinct tracked links the message had.
    ///   - humanReply: Whether a human (not automatic) reply came.
    public func summarize(
        delivered: Bool, hits: [PixelHit], clicks: [ClickHit], linkCount: Int, humanReply: Bool
    ) -> RecipientOpenSummary {
        let hitClasses = hits.map(classify)
        let clickClasses = classify(clicks: clicks, linkCount: linkCount)
        let mpp = hitClasses.contains(.appleProxy)
        let googleTimes = zip(hits, hitClasses).filter { $0.1 == .googleProxy }.map(\.0.hitAt)
        let googleRefetch = googleTimes.min().map { first in
            googleTimes.contains { $0.timeIntervalSince(first) >= configuration.googleRefetchGap }
        } ?? false
        let evidence: RecipientOpenSummary.Evidence? =
            if hitClasses.contains(.human) { .humanPixel }
            else if googleRefetch { .googleRefetch }
            else if clickClasses.contains(.human) { .humanClick }
            else if humanReply { .humanReply }
            else { nil }
        return RecipientOpenSummary(
            delivered: delivered, mppRecipient: mpp, humanOpen: evidence != nil, trackable: delivered && !mpp,
            rawOpen: !hits.isEmpty, evidence: evidence, hitClasses: hitClasses, clickClasses: clickClasses)
    }

    /// The scanner rule shared by pixels and clicks.
    private func isScanner(address: IPAddress?, agent: String, elapsed: TimeInterval) -> Bool {
        let scannerAgent = isScannerAgent(agent)
        if scannerAgent, configuration.scannerUserAgentsAtAnyTime { return true }
        guard elapsed <= configuration.scannerWindow else { return false }
        if scannerAgent { return true }
        if let address, configuration.scannerNetworks.contains(address) { return true }
        return false
    }

    /// True when `agent` contains a known scanner substring (case-insensitive).
    public func isScannerAgent(_ agent: String) -> Bool {
        let lower = agent.lowercased()
        return lowercasedScannerAgents.contains { lower.contains($0) }
    }
}
