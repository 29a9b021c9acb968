public import Foundation

/// Synthetic sends with known true rates, as the store would return them: the input of
/// ``CampaignAnalysis/analyse(campaign:sends:dimensions:openTracking:classifier:replyWindow:engine:now:)``
/// in simulations of the diagnosis (which rule fires for a planted cause, how often a winner is
/// claimed between equal arms).
///
/// Each recipient of an arm is drawn independently from the arm's ``Rates``: a bounce, or a
/// delivery; an Apple MPP pre-fetch (the recipient becomes untrackable and its real open is
/// invisible); a security-scanner fetch within seconds; a human open, whose pixel loads unless the
/// client blocks images, sometimes with a click; and, given a human open, a human reply with a class
/// drawn from the arm's ``ReplyMix``, inside or (for a share) after the reply window. The raw hits
/// carry the user agents, addresses and delays that ``OpenClassifier`` classifies (stats.md §2.3),
/// so the analysis measures the funnel the way it measures real campaigns.
///
/// Every draw comes from the injected generator: the same seed gives the same sends.
///
/// ```swift
/// let simulator = FunnelSimulator()
/// var rng = SplitMix64(seed: 7)
/// let arms = [FunnelSimulator.Arm(variant: a, rates: .baseline), FunnelSimulator.Arm(variant: b, rates: better)]
/// let sends = simulator.batch(stage: 1, arms: arms, sendsPerArm: 50, acceptedAt: start, firstEntryID: 1, using: &rng)
/// ```
public struct FunnelSimulator: Sendable {
    /// The class mix of human replies; the weights need not sum to 1 (they are normalised).
    public struct ReplyMix: Sendable, Hashable {
        /// Weight of interested replies.
        public var positive: Double
        /// Weight of price/terms objections.
        public var negotiate: Double
        /// Weight of refusals.
        public var decline: Double
        /// Weight of "not the right person" replies.
        public var wrongPerson: Double
        /// Weight of other human replies.
        public var other: Double

        /// A mix from non-negative weights (at least one positive).
        public init(positive: Double, negotiate: Double, decline: Double, wrongPerson: Double, other: Double) {
            self.positive = positive
            self.negotiate = negotiate
            self.decline = decline
            self.wrongPerson = wrongPerson
            self.other = other
        }

        /// The sum of the weights.
        public var total: Double { positive + negotiate + decline + wrongPerson + other }

        /// The share of `replyClass` among all replies.
        public func share(of replyClass: ReplyClass) -> Double {
            let weight: Double =
                switch replyClass {
                case .positive: positive
                case .negotiate: negotiate
                case .decline: decline
                case .wrongPerson: wrongPerson
                case .other: other
                }
            return total > 0 ? weight / total : 0
        }

        /// The class of one reply for a uniform draw `u` in [0, 1).
        func replyClass(for u: Double) -> ReplyClass {
            var threshold = u * total
            for (replyClass, weight) in [
                (ReplyClass.positive, positive), (.negotiate, negotiate), (.decline, decline),
                (.wrongPerson, wrongPerson),
            ] {
                if threshold < weight { return replyClass }
                threshold -= weight
            }
            return .other
        }
    }

    /// The true per-recipient probabilities of one arm.
    public struct Rates: Sendable, Hashable {
        /// P(bounce | sent).
        public var bounce: Double
        /// P(Apple MPP recipient | delivered): the pixel is pre-fetched by Apple's proxy and the
        /// recipient's real open cannot be seen.
        public var mpp: Double
        /// P(security-scanner fetch within seconds | delivered, not MPP).
        public var scannerPrefetch: Double
        /// P(human open | delivered): the true open rate.
        public var open: Double
        /// P(the client blocks the pixel | human open, not MPP): the open is invisible unless a click
        /// or a reply reveals it.
        public var imageBlocking: Double
        /// P(human click | human open).
        public var clickGivenOpen: Double
        /// P(human reply | human open).
        public var replyGivenOpen: Double
        /// P(the reply comes after the reply window | reply): it does not count.
        public var lateReply: Double
        /// The class mix of human replies.
        public var replyMix: ReplyMix

        /// Creates rates; every probability is clamped into [0, 1] when drawn.
        public init(
            bounce: Double, mpp: Double, scannerPrefetch: Double, open: Double, imageBlocking: Double,
            clickGivenOpen: Double, replyGivenOpen: Double, lateReply: Double, replyMix: ReplyMix
        ) {
            self.bounce = bounce
            self.mpp = mpp
            self.scannerPrefetch = scannerPrefetch
            self.open = open
            self.imageBlocking = imageBlocking
            self.clickGivenOpen = clickGivenOpen
            self.replyGivenOpen = replyGivenOpen
            self.lateReply = lateReply
            self.replyMix = replyMix
        }

        /// A healthy cold-email arm near the published benchmarks (stats.md §4): 1.5% bounces, 30% of
        /// delivered on Apple MPP, 5% scanner pre-fetches, 40% human opens (10% of them with images
        /// blocked, 10% with a click), 15% reply given open (a 6% reply rate), 5% of replies after the
        /// window, and replies 40% positive, 30% negotiate, 20% decline, 5% wrong person, 5% other.
        public static let baseline = Rates(
            bounce: 0.015, mpp: 0.30, scannerPrefetch: 0.05, open: 0.40, imageBlocking: 0.10, clickGivenOpen: 0.10,
            replyGivenOpen: 0.15, lateReply: 0.05,
            replyMix: ReplyMix(positive: 0.40, negotiate: 0.30, decline: 0.20, wrongPerson: 0.05, other: 0.05))

        /// The expected human reply rate per delivered recipient that the analysis counts
        /// (replies inside the window).
        public var expectedReplyRate: Double {
            Self.unit(open) * Self.unit(replyGivenOpen) * (1 - Self.unit(lateReply))
        }

        static func unit(_ p: Double) -> Double { p.isFinite ? min(1, max(0, p)) : 0 }
    }

    /// One arm of a simulated stage: the variant it sends and its recipients' true rates.
    public struct Arm: Sendable, Hashable {
        /// The variant (its label names the funnel).
        public var variant: CampaignVariant
        /// The recipients' true rates.
        public var rates: Rates

        /// Creates an arm.
        public init(variant: CampaignVariant, rates: Rates) {
            self.variant = variant
            self.rates = rates
        }
    }

    /// The reply window the analysis will use; on-time replies land inside it, late ones after it.
    public var replyWindow: ReplyWindow

    /// A simulator for analyses with `replyWindow` (72 h unless given).
    public init(replyWindow: ReplyWindow = .standard) {
        self.replyWindow = replyWindow
    }

    /// User agents and addresses of the simulated hits, chosen so that ``OpenClassifier`` with its
    /// default configuration classifies them as intended.
    enum Source {
        /// Apple's MPP proxy: the bare user agent from Apple's 17.0.0.0/8.
        static let appleAgent = "Mozilla/5.0"
        static let appleAddress = "17.58.102.7"
        /// A Microsoft Safe Links fetch from Exchange Online Protection (40.107.0.0/16).
        static let scannerAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
        static let scannerAddress = "40.107.22.41"
        /// A person in a desktop browser (TEST-NET-2: on no list).
        static let humanAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"
        static let humanAddress = "198.51.100.23"
        static let destination = "https://example.com/brand"
    }

    /// One batch: `sendsPerArm` accepted sends for each arm, all accepted at `acceptedAt`, with entry
    /// ids counting up from `firstEntryID` (arm by arm).
    ///
    /// - Parameters:
    ///   - stage: The stage number on every send.
    ///   - arms: The arms, in order.
    ///   - sendsPerArm: Sends per arm in this batch.
    ///   - acceptedAt: When the relay accepted the batch.
    ///   - firstEntryID: The first ledger id; hit ids are derived from the entry ids.
    ///   - rng: The source of every random draw.
    public func batch(
        stage: Int, arms: [Arm], sendsPerArm: Int, acceptedAt: Date, firstEntryID: Int64,
        using rng: inout some RandomNumberGenerator
    ) -> [SendSignals] {
        var sends: [SendSignals] = []
        sends.reserveCapacity(arms.count * max(0, sendsPerArm))
        var entryID = firstEntryID
        for arm in arms {
            for _ in 0..<max(0, sendsPerArm) {
                sends.append(send(
                    entryID: entryID, stage: stage, variant: arm.variant, rates: arm.rates, acceptedAt: acceptedAt, using: &rng))
                entryID += 1
            }
        }
        return sends
    }

    /// One recipient's send drawn from `rates`.
    public func send(
        entryID: Int64, stage: Int, variant: CampaignVariant, rates: Rates, acceptedAt: Date,
        using rng: inout some RandomNumberGenerator
    ) -> SendSignals {
        func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < Rates.unit(p) }
        func seconds(_ low: Double, _ high: Double) -> TimeInterval { Double.random(in: low..<high, using: &rng) }

        guard !chance(rates.bounce) else {
            return SendSignals(
                entryID: entryID, stage: stage, variant: variant, state: .accepted, acceptedAt: acceptedAt, hits: [],
                replies: [], firstReplyAt: nil, bounced: true, hardBounce: chance(0.7))
        }
        var hits: [SendSignals.Hit] = []
        var hitID = entryID * 8
        func hit(_ kind: TrackingEvent.Kind, after delay: TimeInterval, ip: String, agent: String, destination: String? = nil) {
            hits.append(SendSignals.Hit(
                id: hitID, kind: kind, at: acceptedAt.addingTimeInterval(delay), ip: ip, userAgent: agent,
                destination: destination))
            hitID += 1
        }
        let mpp = chance(rates.mpp)
        if mpp {
            hit(.open, after: seconds(2, 300), ip: Source.appleAddress, agent: Source.appleAgent)
        } else if chance(rates.scannerPrefetch) {
            hit(.open, after: seconds(1, 25), ip: Source.scannerAddress, agent: Source.scannerAgent)
        }
        let opened = chance(rates.open)
        var replies: [ReplyClass] = []
        var firstReplyAt: Date?
        if opened {
            let openDelay = seconds(1_800, 48 * 3_600)
            if !mpp && !chance(rates.imageBlocking) {
                hit(.open, after: openDelay, ip: Source.humanAddress, agent: Source.humanAgent)
            }
            if chance(rates.clickGivenOpen) {
                hit(.click, after: openDelay + seconds(5, 600), ip: Source.humanAddress, agent: Source.humanAgent,
                    destination: Source.destination)
            }
            if chance(rates.replyGivenOpen) {
                replies.append(rates.replyMix.replyClass(for: Double.random(in: 0..<1, using: &rng)))
                let window = replyWindow.hours * 3_600
                // On-time replies come after the open and inside the window; late ones after it closes.
                let delay = chance(rates.lateReply)
                    ? window + seconds(3_600, 48 * 3_600)
                    : min(window - 60, openDelay + seconds(60, max(120, window - openDelay - 60)))
                firstReplyAt = acceptedAt.addingTimeInterval(delay)
            }
        }
        return SendSignals(
            entryID: entryID, stage: stage, variant: variant, state: .accepted, acceptedAt: acceptedAt, hits: hits,
            replies: replies, firstReplyAt: firstReplyAt, bounced: false)
    }
}
