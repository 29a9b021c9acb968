import Foundation
import PitchKit
import PitchStats
import Testing

/// The simulator behind the diagnosis benchmark: reproducible from its seed, its rates show up in the
/// analysed funnel, and a planted cause that large is found by the rule set.
@Suite("Funnel simulator")
struct FunnelSimulatorTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let a = variantIDs("s1", "m1", offer: "o1")

    /// `batches` batches of `perArm` sends per arm, each accepted 4 days after the previous one.
    static func sends(_ arms: [FunnelSimulator.Arm], perArm: Int, batches: Int, seed: UInt64) -> [SendSignals] {
        let simulator = FunnelSimulator()
        var rng = SplitMix64(seed: seed)
        var sends: [SendSignals] = []
        for batch in 0..<batches {
            sends += simulator.batch(
                stage: 1, arms: arms, sendsPerArm: perArm, acceptedAt: start.addingTimeInterval(Double(batch) * 4 * 86_400),
                firstEntryID: Int64(sends.count + 1), using: &rng)
        }
        return sends
    }

    /// The stage diagnosis of `sends` once every reply window has closed.
    static func diagnose(_ sends: [SendSignals], dimension: StageDimension, openTracking: Bool = true) throws -> StageDiagnosis {
        let now = sends.compactMap(\.acceptedAt).max()!.addingTimeInterval(4 * 86_400)
        let analysis = try CampaignAnalysis.analyse(
            campaign: "sim", sends: sends, dimensions: [1: dimension], openTracking: openTracking, classifier: OpenClassifier(),
            replyWindow: .standard, engine: DiagnosisEngine(), now: now)
        return try #require(analysis.stages.first).diagnosis
    }

    @Test("the same seed gives the same sends; another seed other sends")
    func seededReproducibility() {
        let arms = [FunnelSimulator.Arm(variant: Self.a, rates: .baseline)]
        let first = Self.sends(arms, perArm: 200, batches: 2, seed: 11)
        let again = Self.sends(arms, perArm: 200, batches: 2, seed: 11)
        let other = Self.sends(arms, perArm: 200, batches: 2, seed: 12)
        #expect(first.count == 400)
        #expect(first == again)
        #expect(first != other)
        #expect(Set(first.map(\.entryID)).count == 400)
    }

    @Test("the baseline rates show up in the analysed funnel")
    func ratesAreRealised() throws {
        let sends = Self.sends([FunnelSimulator.Arm(variant: Self.a, rates: .baseline)], perArm: 4_000, batches: 1, seed: 3)
        let funnel = try #require(try Self.diagnose(sends, dimension: .message).variants.first).funnel
        let base = FunnelSimulator.Rates.baseline
        #expect(isNear(Double(funnel.bounced) / Double(funnel.sent), base.bounce, 0.01))
        let trackable = try #require(funnel.trackable)
        #expect(isNear(1 - Double(trackable) / Double(funnel.delivered), base.mpp, 0.025))
        // Visible human opens: pixel loaded, or a click or an on-time reply revealed a blocked one.
        let visible = base.open * (1 - base.imageBlocking * (1 - base.clickGivenOpen) * (1 - base.replyGivenOpen * 0.95))
        #expect(isNear(Double(funnel.humanOpens ?? 0) / Double(trackable), visible, 0.025))
        #expect(isNear(Double(funnel.replies.total) / Double(funnel.delivered), base.expectedReplyRate, 0.012))
        #expect(isNear(Double(funnel.replies.positive) / Double(funnel.replies.total), base.replyMix.share(of: .positive), 0.08))
        #expect(funnel.isMature)
    }

    @Test("a huge planted effect at 100 sends per arm and batch is diagnosed", arguments: [
        PlantedCause.subject, .message, .offer, .audience,
    ])
    func hugeEffectIsFound(_ planted: PlantedCause) throws {
        let base = FunnelSimulator.Rates.baseline
        var bad = base
        var b = Self.a
        let dimension: StageDimension
        switch planted {
        case .subject:
            dimension = .subject
            bad.open = 0.04
            b = variantIDs("s2", "m1", offer: "o1")
        case .message:
            dimension = .message
            bad.replyGivenOpen = 0.005
            b = variantIDs("s1", "m2", offer: "o1")
        case .offer:
            dimension = .offer
            bad.replyMix = .init(positive: 0.02, negotiate: 0.5, decline: 0.45, wrongPerson: 0.01, other: 0.02)
            b = variantIDs("s1", "m1", offer: "o2")
        case .audience:
            dimension = .subject
            bad.replyMix = .init(positive: 0.05, negotiate: 0.03, decline: 0.02, wrongPerson: 0.85, other: 0.05)
            b = variantIDs("s2", "m1", offer: "o1")
        }
        let control = planted == .audience ? bad : base
        let arms = [FunnelSimulator.Arm(variant: Self.a, rates: control), FunnelSimulator.Arm(variant: b, rates: bad)]
        let stage = try Self.diagnose(Self.sends(arms, perArm: 100, batches: 3, seed: 2_026), dimension: dimension)
        if planted == .audience {
            #expect(stage.verdict.cause == .audience)
        } else {
            #expect(stage.variant(b.label)?.verdict.cause == planted.cause)
            #expect(stage.variant(Self.a.label)?.verdict.cause != planted.cause)
        }
    }
}

/// The causes the simulator test plants.
enum PlantedCause: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case subject, message, offer, audience

    var cause: Verdict.Cause {
        switch self {
        case .subject: .subject
        case .message: .message
        case .offer: .offer
        case .audience: .audience
        }
    }

    var testDescription: String { rawValue }
}
