import Foundation

extension SendSignals {
    /// The pixel fetches of the send, in stored order.
    var openHits: [Hit] { hits.filter { $0.kind == .open } }
    /// The clicks of the send, in stored order.
    var clickHits: [Hit] { hits.filter { $0.kind == .click } }

    /// The send's open signals (stats.md §2.3): its pixel fetches and clicks classified against the
    /// time the relay accepted it. ``RecipientOpenSummary/hitClasses`` and `clickClasses` follow the
    /// order of ``openHits`` and ``clickHits``.
    ///
    /// - Parameters:
    ///   - deliveredAt: When the relay accepted the send.
    ///   - linkCount: How many distinct tracked links the variant's message has.
    ///   - humanReply: Whether a human reply counts for this send.
    func openSummary(
        classifier: OpenClassifier, deliveredAt: Date, linkCount: Int, humanReply: Bool
    ) -> RecipientOpenSummary {
        classifier.summarize(
            delivered: !bounced,
            hits: openHits.map { PixelHit(hitAt: $0.at, deliveredAt: deliveredAt, ip: $0.ip, userAgent: $0.userAgent) },
            clicks: clickHits.map {
                ClickHit(clickedAt: $0.at, deliveredAt: deliveredAt, ip: $0.ip, userAgent: $0.userAgent, destination: $0.destination ?? "")
            },
            linkCount: max(1, linkCount), humanReply: humanReply)
    }
}

extension Collection<SendSignals> {
    /// The distinct destinations clicked across these sends: the tracked links of their message, as
    /// far as the clicks show them.
    var clickedLinkCount: Int { Set(flatMap { $0.clickHits.map { $0.destination ?? "" } }).count }
}
