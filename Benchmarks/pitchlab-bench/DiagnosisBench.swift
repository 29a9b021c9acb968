import Foundation
import PitchKit
import PitchStats

// The diagnosis-quality benchmark: seeded synthetic campaigns with a planted cause go through
// SendSignals → CampaignAnalysis after every batch (the user looks after each one), and the verdicts
// are scored against the truth. Base rates: FunnelSimulator.Rates.baseline. Each look is built as
// CampaignAnalysis.analyse builds it (CampaignAnalysis.funnel per variant, DiagnosisEngine.diagnoseStage),
// classifying each batch once; every 20th campaign also runs analyse itself at every look and must agree.
//
// Per campaign: one stage, two arms (A = control, B = treatment, differing only in the stage's
// dimension), up to 5 batches of n sends per arm (n = 20, 50, 100), each batch accepted 4 days after
// the previous one and looked at 3.5 days after it was sent (every 72 h reply window closed).
//
// Planted truths (the effect multiplies the treatment arm's rate; ×2 makes the control the worse arm):
//   subject   B's human open rate × effect (stage: subjects)
//   message   B's reply-given-open rate × effect (stage: messages)
//   offer     B's positive share of replies × effect; negotiate and decline absorb the difference
//             (stage: offers)
//   audience  both arms: open and reply-given-open × effect (×½, ×¼) and the share of on-target
//             repliers × effect (wrong-person share 52.5% at ×½, 76% at ×¼) (stage: subjects)
//   none      both arms baseline, in a subject, a message and an offer stage

/// What a simulated campaign plants.
enum PlantedCause: String, Sendable, CaseIterable {
    case subject, message, offer, audience, none

    /// The verdict cause that names this truth; nil for none.
    var cause: Verdict.Cause? {
        switch self {
        case .subject: .subject
        case .message: .message
        case .offer: .offer
        case .audience: .audience
        case .none: nil
        }
    }
}

/// One cell of the benchmark: a truth, a stage, a batch size and an effect.
struct DiagnosisScenario: Sendable {
    var truth: PlantedCause
    var dimension: StageDimension
    var sendsPerBatch: Int
    /// The multiplier of the planted rate (1 for none).
    var effect: Double
    /// Mixed into the seed so every cell has its own streams.
    var index: Int

    static let batches = 5
    static let control = CampaignVariant(template: "bench", choice: PitchVariantChoice(subject: "s1", message: "m1", offer: "o1"))

    var effectLabel: String {
        switch effect {
        case 1: "-"
        case 2: "x2"
        case 0.5: "x0.5"
        case 0.25: "x0.25"
        default: "x\(effect)"
        }
    }

    var key: String {
        truth == .none
            ? "none/\(dimension.rawValue)/n\(sendsPerBatch)"
            : "\(truth.rawValue)/n\(sendsPerBatch)/\(effectLabel)"
    }

    /// The treatment variant: the control with the stage's dimension changed.
    var treatment: CampaignVariant {
        var choice = Self.control.choice
        switch dimension {
        case .subject: choice = PitchVariantChoice(subject: "s2", message: choice.message, offer: choice.offer)
        case .message: choice = PitchVariantChoice(subject: choice.subject, message: "m2", offer: choice.offer)
        case .offer: choice = PitchVariantChoice(subject: choice.subject, message: choice.message, offer: "o2")
        }
        return CampaignVariant(template: Self.control.template, choice: choice)
    }

    /// The two arms with their true rates.
    var arms: [FunnelSimulator.Arm] {
        let base = FunnelSimulator.Rates.baseline
        var a = base
        var b = base
        switch truth {
        case .subject:
            b.open = min(1, base.open * effect)
        case .message:
            b.replyGivenOpen = min(1, base.replyGivenOpen * effect)
        case .offer:
            let mix = base.replyMix
            let positive = min(mix.positive + mix.negotiate + mix.decline, mix.positive * effect)
            let objections = mix.negotiate + mix.decline
            let scale = (objections + mix.positive - positive) / objections
            b.replyMix = FunnelSimulator.ReplyMix(
                positive: positive, negotiate: mix.negotiate * scale, decline: mix.decline * scale,
                wrongPerson: mix.wrongPerson, other: mix.other)
        case .audience:
            let mix = base.replyMix
            let onTarget = 1 - mix.share(of: .wrongPerson)
            a.open = base.open * effect
            a.replyGivenOpen = base.replyGivenOpen * effect
            a.replyMix = FunnelSimulator.ReplyMix(
                positive: mix.positive * effect, negotiate: mix.negotiate * effect, decline: mix.decline * effect,
                wrongPerson: (1 - onTarget * effect) * mix.total, other: mix.other * effect)
            b = a
        case .none:
            break
        }
        return [.init(variant: Self.control, rates: a), .init(variant: treatment, rates: b)]
    }

    /// The label of the worse arm (the one the planted cause should be blamed on); nil when the arms
    /// are equal.
    var worseLabel: String? {
        guard truth != .none, truth != .audience else { return nil }
        return effect < 1 ? treatment.label : Self.control.label
    }

    /// The label of the better arm; nil when the arms are equal.
    var betterLabel: String? {
        guard truth != .none, truth != .audience else { return nil }
        return effect < 1 ? Self.control.label : treatment.label
    }

    /// Every cell, in table order.
    static func all() -> [DiagnosisScenario] {
        var cells: [DiagnosisScenario] = []
        let sizes = [20, 50, 100]
        for truth in [PlantedCause.subject, .message, .offer] {
            let dimension: StageDimension = truth == .subject ? .subject : (truth == .message ? .message : .offer)
            for effect in [2.0, 0.5] {
                for n in sizes {
                    cells.append(.init(truth: truth, dimension: dimension, sendsPerBatch: n, effect: effect, index: cells.count))
                }
            }
        }
        for effect in [0.5, 0.25] {
            for n in sizes {
                cells.append(.init(truth: .audience, dimension: .subject, sendsPerBatch: n, effect: effect, index: cells.count))
            }
        }
        for dimension in StageDimension.allCases {
            for n in sizes {
                cells.append(.init(truth: .none, dimension: dimension, sendsPerBatch: n, effect: 1, index: cells.count))
            }
        }
        return cells
    }
}

/// The scores of one analysis mode (open tracking on or off) over a cell's campaigns.
struct DiagnosisTally: Sendable {
    var campaigns = 0
    /// Final look: the affected arm (or the stage, for audience) names the planted cause; for none,
    /// nothing is blamed anywhere.
    var correct = 0
    /// Final look: the planted cause is named by the affected unit's primary or a secondary verdict.
    var namedAnywhere = 0
    /// Final look: a different cause is blamed (too early, undecided and working are not blame).
    var wrongBlame = 0
    /// At some look a different cause was blamed.
    var wrongBlameEver = 0
    /// At some look the production path (analyse) declared a valid_claim winner.
    var claimEver = 0
    /// At some look the engine, given the batches, declared a valid_claim winner (e-process from the
    /// second batch; Fisher at the first look).
    var claimEverWithBatches = 0
    /// At some look a naive pooled two-proportion z-test (α = 0.05) on the cumulative counts rejected.
    var naiveZEver = 0
    /// Final look: the decision promotes the better arm (valid claim or better bet) / the worse arm.
    var rightWinner = 0
    var wrongWinner = 0
    /// Final look: the decision is a valid claim for the better arm.
    var rightClaim = 0
    /// Final look: the highest raw rate on the decision metric is the better arm / the worse arm
    /// (ties: no winner).
    var rawRight = 0
    var rawWrong = 0
    /// Final look: the primary cause named for the affected unit, by cause.
    var finalCauses: [Verdict.Cause: Int] = [:]

    static func + (lhs: DiagnosisTally, rhs: DiagnosisTally) -> DiagnosisTally {
        var sum = lhs
        sum.campaigns += rhs.campaigns
        sum.correct += rhs.correct
        sum.namedAnywhere += rhs.namedAnywhere
        sum.wrongBlame += rhs.wrongBlame
        sum.wrongBlameEver += rhs.wrongBlameEver
        sum.claimEver += rhs.claimEver
        sum.claimEverWithBatches += rhs.claimEverWithBatches
        sum.naiveZEver += rhs.naiveZEver
        sum.rightWinner += rhs.rightWinner
        sum.wrongWinner += rhs.wrongWinner
        sum.rightClaim += rhs.rightClaim
        sum.rawRight += rhs.rawRight
        sum.rawWrong += rhs.rawWrong
        sum.finalCauses.merge(rhs.finalCauses, uniquingKeysWith: +)
        return sum
    }

    func share(_ count: Int) -> Double { campaigns > 0 ? Double(count) / Double(campaigns) : 0 }
}

/// A cell's scores with open tracking on and off (the same simulated sends).
struct DiagnosisCellResult: Sendable {
    var tracked = DiagnosisTally()
    var untracked = DiagnosisTally()

    static func + (lhs: DiagnosisCellResult, rhs: DiagnosisCellResult) -> DiagnosisCellResult {
        DiagnosisCellResult(tracked: lhs.tracked + rhs.tracked, untracked: lhs.untracked + rhs.untracked)
    }
}

/// Runs campaigns `range` of one cell.
struct DiagnosisCampaignRunner: Sendable {
    let scenario: DiagnosisScenario
    let seed: UInt64
    /// Analyse with open tracking off as well (the same sends), for the §5.4 tables.
    let untrackedToo: Bool
    let simulator = FunnelSimulator()
    let classifier = OpenClassifier()
    let engine = DiagnosisEngine()
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// Every `checkEvery`-th campaign is also analysed at every look by the full
    /// `CampaignAnalysis.analyse` over all its sends so far, and must give the identical diagnosis.
    static let checkEvery = 20

    func run(_ range: Range<Int>) throws -> DiagnosisCellResult {
        var result = DiagnosisCellResult()
        for campaign in range {
            var rng = SplitMix64(seed: seed &+ UInt64(scenario.index) &* 0x9E37_79B9, stream: UInt64(campaign))
            try runCampaign(&rng, check: campaign % Self.checkEvery == 0, into: &result)
        }
        return result
    }

    /// What one mode remembers across the looks of a campaign.
    private struct LookState {
        /// The stage's funnels so far, by arm.
        var cumulative: [VariantFunnel] = []
        /// Each batch's funnels, by arm.
        var batches: [[VariantFunnel]] = []
        var claim = false
        var claimWithBatches = false
        var naiveZ = false
        var wrongBlame = false
    }

    /// One campaign: after each batch, the look `CampaignAnalysis.analyse` gives over all sends so far.
    ///
    /// The analysis is built as `analyse` builds it (per variant `CampaignAnalysis.funnel`, then
    /// `DiagnosisEngine.diagnoseStage` on the stage's funnels), but each batch's sends are classified
    /// once and the funnels summed (every count is a per-send sum; every earlier window is closed), so
    /// a look costs one batch of classification, not all of them. `check` runs the real `analyse` too.
    private func runCampaign(_ rng: inout SplitMix64, check: Bool, into result: inout DiagnosisCellResult) throws {
        let arms = scenario.arms
        var sends: [SendSignals] = []
        let modes = untrackedToo ? [true, false] : [true]
        var states = modes.map { _ in LookState() }
        for batch in 0..<DiagnosisScenario.batches {
            let acceptedAt = Self.start.addingTimeInterval(Double(batch) * 4 * 86_400)
            let batchSends = simulator.batch(
                stage: 1, arms: arms, sendsPerArm: scenario.sendsPerBatch, acceptedAt: acceptedAt,
                firstEntryID: Int64(sends.count + 1), using: &rng)
            sends += batchSends
            let now = acceptedAt.addingTimeInterval(3.5 * 86_400)
            for (mode, tracking) in modes.enumerated() {
                let funnels = try arms.enumerated().map { index, arm in
                    try CampaignAnalysis.funnel(
                        label: arm.variant.label, variant: arm.variant,
                        sends: Array(batchSends[(index * scenario.sendsPerBatch)..<((index + 1) * scenario.sendsPerBatch)]),
                        openTracking: tracking, classifier: classifier, replyWindow: simulator.replyWindow, now: now)
                }
                states[mode].batches.append(funnels)
                states[mode].cumulative = try states[mode].cumulative.isEmpty
                    ? funnels : zip(states[mode].cumulative, funnels).map { try sum($0, $1) }
                // As CampaignAnalysis.analyse does: the batches (one per UTC day) go with the funnels
                // once there are two, so the valid claim uses the e-process.
                let looked = states[mode].batches.count >= 2 ? states[mode].batches : nil
                let stage = engine.diagnoseStage(
                    states[mode].cumulative, number: 1, dimension: scenario.dimension, batches: looked)
                if check {
                    let analysis = try CampaignAnalysis.analyse(
                        campaign: "bench", sends: sends, dimensions: [1: scenario.dimension], openTracking: tracking,
                        classifier: classifier, replyWindow: simulator.replyWindow, engine: engine, now: now)
                    guard analysis.stages.count == 1, analysis.stages[0].diagnosis == stage else {
                        throw BenchFailure(message: "\(scenario.key): the summed batches do not reproduce CampaignAnalysis.analyse")
                    }
                }
                try look(stage, state: &states[mode], check: check)
                if batch == DiagnosisScenario.batches - 1 {
                    if mode == 0 {
                        score(stage, state: states[mode], into: &result.tracked)
                    } else {
                        score(stage, state: states[mode], into: &result.untracked)
                    }
                }
            }
        }
    }

    /// One look: the claims of the three procedures and any wrong blame.
    private func look(_ stage: StageDiagnosis, state: inout LookState, check: Bool) throws {
        guard let comparison = stage.comparison else { throw BenchFailure(message: "\(scenario.key): no comparison") }
        if comparison.decision.kind == .validClaim { state.claim = true }

        // The comparison DiagnosisEngine.diagnoseStage(_:number:dimension:batches:) makes when told the
        // batches (the same initialiser and arguments). A valid claim needs its test's p ≤ α (one
        // comparison: Holm changes nothing), and both tests are symmetric in the arms, so the costly
        // comparison (exact Bayesian expected loss) runs only when a cheap p of the same test is at most
        // 2α; the checked campaigns run it at every look and must agree.
        let screen = screeningPValue(state.batches, tracked: stage.openTracking)
        if screen <= 2 * engine.thresholds.alpha || check {
            let withBatches = StageComparison(dimension: scenario.dimension, batches: state.batches, thresholds: engine.thresholds)
            if withBatches.decision.kind == .validClaim {
                guard screen <= 2 * engine.thresholds.alpha else {
                    throw BenchFailure(message: "\(scenario.key): the screening p (\(screen)) missed a valid claim")
                }
                state.claimWithBatches = true
            }
        }

        // Naive: a pooled z-test on the cumulative counts of the same decision metric, α = 0.05.
        if comparison.arms.count == 2, let a = proportion(comparison.arms[0].estimate),
            let b = proportion(comparison.arms[1].estimate),
            TwoProportionZTest(control: a, challenger: b).pValue < 0.05
        {
            state.naiveZ = true
        }
        if isWrongBlame(stage) { state.wrongBlame = true }
    }

    /// The p-value of the claim test StageComparison uses on these batches: Fisher for one batch,
    /// the conditional e-process's anytime p for more, on the stage's decision metric.
    private func screeningPValue(_ batches: [[VariantFunnel]], tracked: Bool) -> Double {
        let metric = StageComparison.metric(for: scenario.dimension, openTracking: tracked)
        func counts(_ funnel: VariantFunnel) -> Proportion? {
            switch metric {
            case .openRate: try? Proportion(successes: funnel.humanOpens ?? 0, trials: funnel.trackable ?? 0)
            case .replyRate: try? Proportion(successes: funnel.replies.total, trials: max(0, funnel.delivered))
            case .positiveRate: try? Proportion(successes: funnel.replies.positive, trials: max(0, funnel.delivered))
            }
        }
        if batches.count == 1 {
            guard let a = counts(batches[0][0]), let b = counts(batches[0][1]) else { return 1 }
            return FisherExactTest(control: a, challenger: b).pValue
        }
        var process = ConditionalEProcess()
        for batch in batches {
            guard let a = counts(batch[0]), let b = counts(batch[1]) else { continue }
            process.observe(.init(control: a, challenger: b))
        }
        return process.pValue
    }

    private func proportion(_ estimate: RateEstimate) -> Proportion? {
        try? Proportion(successes: estimate.successes, trials: estimate.trials)
    }

    /// The primary causes that count as blame for this cell's affected unit.
    private func blamed(_ stage: StageDiagnosis) -> [Verdict.Cause] {
        switch scenario.truth {
        case .none: ([stage.verdict] + stage.variants.map(\.verdict)).map(\.cause)
        case .audience: [stage.verdict.cause]
        default: [stage.variant(scenario.worseLabel ?? "")?.verdict.cause ?? .undecided]
        }
    }

    static let notBlame: Set<Verdict.Cause> = [.tooEarly, .undecided, .working]

    private func isWrongBlame(_ stage: StageDiagnosis) -> Bool {
        blamed(stage).contains { !Self.notBlame.contains($0) && $0 != scenario.truth.cause }
    }

    private func score(_ stage: StageDiagnosis, state: LookState, into tally: inout DiagnosisTally) {
        tally.campaigns += 1
        let causes = blamed(stage)
        if scenario.truth == .none {
            if causes.allSatisfy({ Self.notBlame.contains($0) }) { tally.correct += 1 }
            let blame = causes.first { !Self.notBlame.contains($0) } ?? causes[0]
            tally.finalCauses[blame, default: 0] += 1
        } else {
            if causes.contains(where: { $0 == scenario.truth.cause }) { tally.correct += 1 }
            tally.finalCauses[causes[0], default: 0] += 1
            let unit = scenario.truth == .audience ? stage.verdict : stage.variant(scenario.worseLabel ?? "")?.verdict
            let secondary = scenario.truth == .audience ? stage.secondary : stage.variant(scenario.worseLabel ?? "")?.secondary ?? []
            if ([unit].compactMap { $0 } + secondary).contains(where: { $0.cause == scenario.truth.cause }) {
                tally.namedAnywhere += 1
            }
        }
        if isWrongBlame(stage) { tally.wrongBlame += 1 }
        if state.wrongBlame { tally.wrongBlameEver += 1 }
        if state.claim { tally.claimEver += 1 }
        if state.claimWithBatches { tally.claimEverWithBatches += 1 }
        if state.naiveZ { tally.naiveZEver += 1 }
        guard let comparison = stage.comparison else { return }
        let decision = comparison.decision
        let better = scenario.betterLabel
        if let winner = decision.winner, decision.kind != .undecided {
            if winner == better { tally.rightWinner += 1 } else if better != nil { tally.wrongWinner += 1 }
            if decision.kind == .validClaim, winner == better { tally.rightClaim += 1 }
        }
        // The peers' rule: the highest raw rate wins (Mailchimp, Mautic).
        let rates = comparison.arms.map { ($0.label, $0.estimate.rate ?? 0) }
        if rates.count == 2, rates[0].1 != rates[1].1 {
            let top = rates[0].1 > rates[1].1 ? rates[0].0 : rates[1].0
            if let better {
                if top == better { tally.rawRight += 1 } else { tally.rawWrong += 1 }
            } else {
                tally.rawWrong += 1
            }
        }
    }

    /// `a + b`, count by count (the funnel of the union of two disjoint sets of sends).
    private func sum(_ a: VariantFunnel, _ b: VariantFunnel) throws -> VariantFunnel {
        func plus(_ x: Int?, _ y: Int?) -> Int? {
            guard let x, let y else { return nil }
            return x + y
        }
        return try VariantFunnel(
            label: a.label, variant: a.variant, sent: a.sent + b.sent, hardBounces: a.hardBounces + b.hardBounces,
            softBounces: a.softBounces + b.softBounces, trackable: plus(a.trackable, b.trackable),
            humanOpens: plus(a.humanOpens, b.humanOpens), rawOpens: plus(a.rawOpens, b.rawOpens),
            trackableReplies: plus(a.trackableReplies, b.trackableReplies), replies: a.replies + b.replies,
            pendingReplyWindows: a.pendingReplyWindows + b.pendingReplyWindows, replyWindow: a.replyWindow)
    }
}

/// Runs every cell with `campaigns` campaigns each, over all cores, prints the tables and then the
/// JSON lines.
func runDiagnosisBench(campaigns: Int, seed: UInt64, untrackedToo: Bool) async throws {
    let cells = DiagnosisScenario.all()
    let chunk = 50
    let clock = ContinuousClock()
    let started = clock.now
    var results = [DiagnosisCellResult](repeating: DiagnosisCellResult(), count: cells.count)
    try await withThrowingTaskGroup(of: (Int, DiagnosisCellResult).self) { group in
        for cell in cells {
            let runner = DiagnosisCampaignRunner(scenario: cell, seed: seed, untrackedToo: untrackedToo)
            for lower in stride(from: 0, to: campaigns, by: chunk) {
                let range = lower..<min(campaigns, lower + chunk)
                group.addTask { (cell.index, try runner.run(range)) }
            }
        }
        for try await (index, partial) in group { results[index] = results[index] + partial }
    }
    let seconds = (clock.now - started) / .seconds(1)
    for line in diagnosisReport(
        cells: cells, results: results, campaigns: campaigns, seed: seed, seconds: seconds, untrackedToo: untrackedToo)
    {
        print(line)
    }
}

func diagnosisReport(
    cells: [DiagnosisScenario], results: [DiagnosisCellResult], campaigns: Int, seed: UInt64, seconds: Double,
    untrackedToo: Bool
) -> [String] {
    func pct(_ x: Double) -> String { String(format: "%5.1f%%", 100 * x) }
    func json(_ x: Double) -> String { String(format: "%.4f", x) }
    func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
    let base = FunnelSimulator.Rates.baseline
    var lines: [String] = []
    lines.append("Diagnosis quality: \(campaigns) seeded campaigns per cell (seed \(seed)), 2 arms, \(DiagnosisScenario.batches) batches, "
        + "a look after every batch; \(String(format: "%.1f", seconds)) s.")
    lines.append(String(
        format: "Base rates per arm: bounce %.1f%%, Apple MPP %.0f%% of delivered, scanner pre-fetch %.0f%%, human open %.0f%% "
            + "(%.0f%% images blocked, %.0f%% click), reply given open %.0f%% (reply rate %.1f%% counted), late replies %.0f%%,",
        100 * base.bounce, 100 * base.mpp, 100 * base.scannerPrefetch, 100 * base.open, 100 * base.imageBlocking,
        100 * base.clickGivenOpen, 100 * base.replyGivenOpen, 100 * base.expectedReplyRate, 100 * base.lateReply))
    let mix = base.replyMix
    lines.append(String(
        format: "  reply classes positive %.0f%%, negotiate %.0f%%, decline %.0f%%, wrong person %.0f%%, other %.0f%%.",
        100 * mix.share(of: .positive), 100 * mix.share(of: .negotiate), 100 * mix.share(of: .decline),
        100 * mix.share(of: .wrongPerson), 100 * mix.share(of: .other)))
    lines.append("Scores at the final look (after batch \(DiagnosisScenario.batches)) unless 'ever'. correct: the worse arm's verdict "
        + "(stage verdict for audience) names the planted cause; anywhere: as its primary or a secondary verdict; wrong: another cause "
        + "is the primary verdict (too early/undecided/working are not blame).")
    lines.append("win: the promotion decision (valid claim or better bet) picks the better arm / the worse arm; raw: highest raw rate "
        + "on the decision metric (peers' rule).")
    lines.append("")
    let modes = [("Open tracking ON", true), ("Open tracking OFF (stats.md §5.4; the same sends)", false)]
    for (title, tracked) in modes.prefix(untrackedToo ? 2 : 1) {
        lines.append("== \(title)")
        lines.append("truth      n/batch effect | correct anywhere wrong  wrong-ever | win-right win-wrong claim-right | raw-right raw-wrong | final causes of the affected unit")
        for cell in cells where cell.truth != .none {
            let t = tracked ? results[cell.index].tracked : results[cell.index].untracked
            let causes = t.finalCauses.sorted { $0.value > $1.value }.prefix(4)
                .map { "\($0.key.rawValue) \(pct(t.share($0.value)).trimmingCharacters(in: .whitespaces))" }.joined(separator: ", ")
            let winner = cell.truth == .audience
                ? "     -         -          -     |     -         -    "
                : "  \(pct(t.share(t.rightWinner)))    \(pct(t.share(t.wrongWinner)))     \(pct(t.share(t.rightClaim)))  |   \(pct(t.share(t.rawRight)))    \(pct(t.share(t.rawWrong)))"
            lines.append("\(pad(cell.truth.rawValue, 10)) \(pad(String(cell.sendsPerBatch), 7)) \(pad(cell.effectLabel, 6)) | "
                + "\(pct(t.share(t.correct)))  \(pct(t.share(t.namedAnywhere)))  \(pct(t.share(t.wrongBlame)))   \(pct(t.share(t.wrongBlameEver)))   |\(winner) | \(causes)")
        }
        lines.append("")
        lines.append("Equal arms (none), a look after every batch: share of campaigns where a winner is ever claimed")
        lines.append("stage    n/batch | ours: analyse (valid_claim) | engine given batches (e-process) | naive z each look | raw max (final) | no blame (final) blame-ever | final blame")
        var pooled = DiagnosisTally()
        for cell in cells where cell.truth == .none {
            let t = tracked ? results[cell.index].tracked : results[cell.index].untracked
            pooled = pooled + t
            let blamed = t.finalCauses.filter { !DiagnosisCampaignRunner.notBlame.contains($0.key) }.sorted { $0.value > $1.value }
                .prefix(3).map { "\($0.key.rawValue) \(pct(t.share($0.value)).trimmingCharacters(in: .whitespaces))" }
                .joined(separator: ", ")
            lines.append("\(pad(cell.dimension.rawValue, 8)) \(pad(String(cell.sendsPerBatch), 7)) |          \(pct(t.share(t.claimEver)))             |"
                + "              \(pct(t.share(t.claimEverWithBatches)))               |       \(pct(t.share(t.naiveZEver)))      |     \(pct(t.share(t.rawWrong)))     |"
                + "     \(pct(t.share(t.correct)))       \(pct(t.share(t.wrongBlameEver)))  | \(blamed)")
        }
        lines.append("all      pooled  |          \(pct(pooled.share(pooled.claimEver)))             |              "
            + "\(pct(pooled.share(pooled.claimEverWithBatches)))               |       \(pct(pooled.share(pooled.naiveZEver)))      |     "
            + "\(pct(pooled.share(pooled.rawWrong)))     |     \(pct(pooled.share(pooled.correct)))       \(pct(pooled.share(pooled.wrongBlameEver)))")
        lines.append("")
    }

    // JSON lines: per cell, then the pooled false-winner figures, the headline (open tracking on) last.
    for cell in cells where cell.truth != .none {
        let t = results[cell.index].tracked
        lines.append("{\"bench\":\"diagnosis-correct/\(cell.key)\",\"unit\":\"share\",\"ours\":\(json(t.share(t.correct))),\"baselines\":{}}")
        lines.append("{\"bench\":\"diagnosis-wrong-blame/\(cell.key)\",\"unit\":\"share\",\"ours\":\(json(t.share(t.wrongBlame))),\"baselines\":{}}")
        if cell.truth != .audience {
            lines.append("{\"bench\":\"diagnosis-winner/\(cell.key)\",\"unit\":\"share\",\"ours\":\(json(t.share(t.rightWinner))),"
                + "\"baselines\":{\"highest-raw-rate\":\(json(t.share(t.rawRight)))}}")
        }
    }
    for cell in cells where cell.truth == .none {
        let t = results[cell.index].tracked
        lines.append("{\"bench\":\"diagnosis-false-winner/\(cell.dimension.rawValue)/n\(cell.sendsPerBatch)\",\"unit\":\"share\","
            + "\"ours\":\(json(t.share(t.claimEver))),\"baselines\":{\"naive-repeated-z\":\(json(t.share(t.naiveZEver))),"
            + "\"engine-with-batches-eprocess\":\(json(t.share(t.claimEverWithBatches)))}}")
    }
    for (suffix, tracked) in [("-notrack", false), ("", true)].suffix(untrackedToo ? 2 : 1) {
        var pooled = DiagnosisTally()
        for cell in cells where cell.truth == .none {
            pooled = pooled + (tracked ? results[cell.index].tracked : results[cell.index].untracked)
        }
        lines.append("{\"bench\":\"diagnosis-false-winner-eprocess\(suffix)\",\"unit\":\"share\","
            + "\"ours\":\(json(pooled.share(pooled.claimEverWithBatches))),"
            + "\"baselines\":{\"naive-repeated-z\":\(json(pooled.share(pooled.naiveZEver)))}}")
        lines.append("{\"bench\":\"diagnosis-false-winner\(suffix)\",\"unit\":\"share\",\"ours\":\(json(pooled.share(pooled.claimEver))),"
            + "\"baselines\":{\"naive-repeated-z\":\(json(pooled.share(pooled.naiveZEver))),"
            + "\"highest-raw-rate\":\(json(pooled.share(pooled.rawWrong)))}}")
    }
    return lines
}
