import Foundation
import PitchMail
import PitchStats

/// A synthetic campaign with a known answer, run through the real pipeline: a workspace with
/// synthetic creators, each test stage planned, sent through SMTP, its creators reacting with true
/// rates (pixel fetches over HTTP to the tracking endpoint — some through an Apple-style proxy —
/// replies, out-of-office notices and bounces as .eml files imported like real mail), then promoted.
///
/// The caller provides the SMTP URL (a relay that accepts everything, such as the local test server)
/// and `fetch`, which requests a URL over HTTP with a user agent and an `X-Forwarded-For` address
/// (the tracking endpoint must run with `--trust-proxy` and the simulation's clock). Stage N's times
/// are `12 − 4(N−1)` days in the past, so every reply window has closed when it is diagnosed.
public struct CampaignSimulation: Sendable {
    /// What fails.
    public var truth: SimulationTruth
    /// Creators per variant per stage.
    public var perVariant: Int
    /// The seed of every random draw (creators, reactions, split).
    public var seed: UInt64
    /// How much the failing variant's rate is multiplied by (0.5 halves, 2 doubles).
    public var effect: Double

    /// The failing variant of each part (the template's second subject, message and offer).
    public static let treatment = PitchVariantChoice(subject: "barrier", message: "short", offer: "bigger-fee")
    /// The simulated campaign's id.
    public static let campaign = "simulated"

    /// A simulation.
    public init(truth: SimulationTruth, perVariant: Int = 100, seed: UInt64 = 1, effect: Double = 0.5) {
        self.truth = truth
        self.perVariant = perVariant
        self.seed = seed
        self.effect = effect
    }

    /// Creates the workspace: the scaffold template, a pitchlab.yaml sending to `smtpURL` with open
    /// and click tracking through `trackingBaseURL`, and enough synthetic creators for three stages.
    public func prepare(directory: String, smtpURL: String, trackingBaseURL: String) throws -> Workspace {
        let workspace = try Workspace.create(at: directory)
        let yaml = """
            # A simulated campaign (pitchlab simulate --truth \(truth)); the creators are synthetic.
            campaign:
              id: \(Self.campaign)
              name: "Simulated campaign, truth \(truth)"
            sender:
              from: partners@dewpoint.example
              name: Maya Ortiz
            smtp:
              url: \(smtpURL)
              connections: 1
            limits:
              per_minute: unlimited
              per_hour: unlimited
              per_day: unlimited
              min_gap_seconds: 0
              max_gap_seconds: 0
              concurrency: 8
            send_window: always
            tracking:
              base_url: \(trackingBaseURL)
              opens: true
              clicks: true
            template: dewpoint-peer
            size_per_variant: \(perVariant)
            seed: \(seed)
            """
        try Data(yaml.utf8).write(to: workspace.configURL)
        var rng = SplitMix64(seed: seed)
        let personas = ["skincare minimalist", "acne journey", "dermatology explainer", "luxury routines"]
        let types = ["peer", "authority", "aspirational"]
        var csv = "email,name,handle,platform,followers,avg_views,relevance,cost,persona,type,timezone\n"
        for i in 0..<(perVariant * 6 + perVariant) {
            let followers = 5_000 + Int(rng.next() % 400_000)
            csv += "creator\(i)@creators.example,Creator \(i),@creator\(i),TikTok,\(followers),\(followers / (3 + Int(rng.next() % 8))),"
            csv += "\(Double(50 + Int(rng.next() % 50)) / 100),\(200 + Int(rng.next() % 800)),"
            csv += "\(personas[Int(rng.next() % UInt64(personas.count))]),\(types[Int(rng.next() % UInt64(types.count))]),UTC\n"
        }
        try Data(csv.utf8).write(to: workspace.recipientsURL)
        let store = try workspace.openStore()
        _ = try RecipientImporter().importFile(at: workspace.recipientsURL, into: store)
        return workspace
    }

    /// Plans, sends and plays one test stage, then imports its mail and promotes its leader.
    ///
    /// - Returns: The stage's promotion (what the analyser decided).
    public func runStage(
        _ stage: Int, workspace: Workspace, environment: [String: String], clock: SimulationClock,
        fetch: @escaping @Sendable (_ url: String, _ userAgent: String, _ forwardedFor: String) async throws -> Void
    ) async throws -> StagePromotion {
        clock.setOffset(Double(12 - 4 * (stage - 1)) * 86_400)
        let store = try workspace.openStore()
        let planner = try CampaignPlanner.load(workspace: workspace, store: store, environment: environment)
        let plan = try planner.plan(stage: stage, winners: try planner.storedWinners(), now: clock.now())
        guard plan.isOK else {
            throw SimulationError("stage \(stage) could not be planned: \(plan.textLines.joined(separator: " "))")
        }
        let summary = try await CampaignSender.run(
            workspace: workspace, options: CampaignSendOptions(stage: stage), environment: environment,
            stop: SendStopFlag(), progress: nil, clock: clock)
        guard summary.accepted > 0 else {
            throw SimulationError("the relay accepted none of stage \(stage)'s pitches (\(summary.error ?? "no error"))")
        }
        let config = try CampaignConfig.load(contentsOf: workspace.configURL, displayPath: Workspace.configFileName, environment: environment)
        guard let tracking = try PitchTracking.make(config: config, environment: environment) else {
            throw SimulationError("the simulated workspace has no tracking base URL")
        }
        var rng = SplitMix64(seed: seed &+ UInt64(stage) &* 0x9E37_79B9)
        let folder = workspace.directory.appendingPathComponent("simulated-mail/stage-\(stage)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let recipients = Dictionary(uniqueKeysWithValues: try store.recipients().map { ($0.id, $0) })
        let chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15"
        let sent = try store.entries(campaign: Self.campaign, state: .accepted).filter { $0.stage == stage }
        for (index, entry) in sent.enumerated() {
            guard let recipient = recipients[entry.recipientID], let messageID = entry.messageID else { continue }
            let behaviour = SimulatedBehaviour.of(entry.variant.choice, truth: truth, effect: effect, treatment: Self.treatment)
            let accepted = entry.updatedAt
            func draw() -> Double { Double(rng.next() >> 11) / Double(1 << 53) }
            if draw() < behaviour.bounce {
                try write(SimulatedReply.bounce(
                    recipient: recipient.email, to: "partners@dewpoint.example", original: messageID,
                    date: accepted.addingTimeInterval(60), index: index), to: folder, name: "bounce-\(index).eml")
                continue
            }
            let pixel = tracking.links.openPixelURL(campaign: tracking.campaignNumber, entry: entry.id)
            let mpp = draw() < behaviour.mpp
            if mpp {  // Apple's proxy fetches the pixel soon after delivery, whether or not anyone reads.
                try await fetch(pixel, "Mozilla/5.0", "17.58.\(Int(rng.next() % 250)).\(Int(rng.next() % 250))")
            }
            let opened = draw() < behaviour.open
            if opened && !mpp {
                try await fetch(pixel, chrome, "198.51.100.\(Int(rng.next() % 250))")
            }
            let subject = "A Dewpoint kit for your routine"
            if opened && draw() < behaviour.replyGivenOpen {
                let replyClass = Self.pick(behaviour.classShares, draw())
                try write(SimulatedReply.eml(
                    from: recipient.email, name: recipient.fields.name ?? "Creator", to: "partners@dewpoint.example",
                    subject: subject, inReplyTo: messageID, date: accepted.addingTimeInterval(3_600 * (1 + 20 * draw())),
                    replyClass: replyClass, index: index), to: folder, name: "reply-\(index).eml")
            } else if draw() < behaviour.autoReply {
                try write(SimulatedReply.outOfOffice(
                    from: recipient.email, name: recipient.fields.name ?? "Creator", to: "partners@dewpoint.example",
                    subject: subject, inReplyTo: messageID, date: accepted.addingTimeInterval(30), index: index),
                    to: folder, name: "ooo-\(index).eml")
            }
        }
        _ = try workspace.importReplies(paths: [folder.path], store: store, now: Date())
        let analysis = try CampaignAnalysis.load(workspace: workspace, environment: environment, now: Date())
        var promotion = try StagePromotion.promote(workspace: workspace, analysis: analysis, stage: stage, acceptBetterBet: true)
        if promotion.winner == nil, let leader = promotion.leader ?? Optional(Self.control[promotion.dimension]) {
            // Undecided: the simulated user goes on with the leader so the next stage can run; the
            // promotion record still says nothing was proven.
            let file = CampaignWinnersFile(workspace: workspace)
            var winners = try file.winners(campaign: Self.campaign)
            winners[promotion.dimension] = leader
            try file.save(winners, campaign: Self.campaign)
            promotion.reason += " The simulation goes on with \(leader), the leader, without a proven difference."
        }
        return promotion
    }

    /// The variant of each part that never fails.
    public static let control = PitchVariantChoice(subject: "routine", message: "main", offer: "fee-kit")

    static func pick(_ shares: [ReplyClass: Double], _ u: Double) -> ReplyClass {
        var cumulative = 0.0
        for replyClass in ReplyClass.allCases {
            cumulative += shares[replyClass] ?? 0
            if u < cumulative { return replyClass }
        }
        return .other
    }

    private func write(_ text: String, to folder: URL, name: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }
}

/// A simulation that cannot go on; one sentence saying why.
public struct SimulationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
