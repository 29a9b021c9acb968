/// One recipient's open signals for one send, per stats.md §2.3, computed by
/// ``OpenClassifier/summarize(delivered:hits:clicks:linkCount:humanReply:)``.
///
/// Open metrics use ``trackable`` recipients only: the human open rate is
/// |humanOpen ∩ trackable| / |trackable|, because an MPP recipient's opens cannot be seen.
public struct RecipientOpenSummary: Sendable, Hashable, Codable {
    /// What made ``humanOpen`` true (the first that applies, in this order).
    public enum Evidence: String, Sendable, Hashable, Codable {
        /// A pixel hit classed ``OpenClass/human``.
        case humanPixel = "human_pixel"
        /// A Gmail proxy fetch at least the re-fetch gap after the first (cache-fill) fetch.
        case googleRefetch = "google_refetch"
        /// A human click.
        case humanClick = "human_click"
        /// A human reply.
        case humanReply = "human_reply"
    }

    /// The send was delivered.
    public let delivered: Bool
    /// At least one pixel hit was ``OpenClass/appleProxy``.
    public let mppRecipient: Bool
    /// A human pixel hit, a Gmail re-fetch, a human click or a human reply.
    public let humanOpen: Bool
    /// Delivered and not an MPP recipient: the denominator of open metrics.
    public let trackable: Bool
    /// Any pixel hit at all (the raw open, a deliverability signal only).
    public let rawOpen: Bool
    /// Why ``humanOpen`` is true; nil when it is false.
    public let evidence: Evidence?
    /// The class of each pixel hit, in the order given.
    public let hitClasses: [OpenClass]
    /// The class of each click, in the order given.
    public let clickClasses: [ClickClass]

    /// Creates a summary (``OpenClassifier`` builds these).
    public init(
        delivered: Bool, mppRecipient: Bool, humanOpen: Bool, trackable: Bool, rawOpen: Bool, evidence: Evidence?,
        hitClasses: [OpenClass], clickClasses: [ClickClass]
    ) {
        self.delivered = delivered
        self.mppRecipient = mppRecipient
        self.humanOpen = humanOpen
        self.trackable = trackable
        self.rawOpen = rawOpen
        self.evidence = evidence
        self.hitClasses = hitClasses
        self.clickClasses = clickClasses
    }
}
