import Foundation
import Testing
@testable import PitchKit

struct StageComparisonTests {
    @Test func metricFollowsTheTestedDimension() {
        #expect(StageComparison.metric(for: .subject, openTracking: true) == .openRate)
        #expect(StageComparison.metric(for: .subject, openTracking: false) == .replyRate)
        #expect(StageComparison.metric(for: .message, openTracking: true) == .replyRate)
        #expect(StageComparison.metric(for: .offer, openTracking: true) == .positiveRate)
        #expect(StageComparison.metric(for: nil, openTracking: true) == .replyRate)
    }

    @Test func clearWinnerIsAValidClaim() throws {
        let a = try makeFunnel("A", delivered: 200, replies: otherReplies(10))
        let b = try makeFunnel("B", delivered: 200, replies: otherReplies(40))
        let comparison = StageComparison(dimension: .message, funnels: [a, b])
        #expect(comparison.claimTest == .fisher)
        #expect(comparison.decision.kind == .validClaim)
        #expect(comparison.decision.winner == "B")
        #expect(comparison.decision.sendsToSettle == nil)
        #expect(isNear(comparison.arm("A")?.pValue, 6.7377651409226224e-06, 1e-10))
        #expect(comparison.decision.reason.contains("a proven difference (Fisher p at this one planned look = 6.7e-6)"))
        #expect(comparison.arm("B")?.pValue == nil)
        #expect(isNear((comparison.arms.map(\.probabilityBest)).reduce(0, +), 1, 1e-9))
    }

    @Test func betterBetIsAdviceNotAClaim() throws {
        // Fisher p = 0.089 (not a claim), but P(B best) ≈ 0.96 and the risk is far below 0.5 pp.
        let a = try makeFunnel("A", delivered: 400, replies: otherReplies(30))
        let b = try makeFunnel("B", delivered: 400, replies: otherReplies(45))
        let comparison = StageComparison(dimension: .message, funnels: [a, b])
        #expect(isNear(comparison.arm("A")?.pValue, 0.08892971437874166, 1e-9))
        #expect(comparison.decision.kind == .betterBet)
        #expect(comparison.decision.winner == "B")
        #expect(comparison.decision.reason.contains("better bet"))
        #expect(comparison.decision.reason.contains("not a proven winner"))
        #expect(!comparison.decision.reason.lowercased().contains("significant"))
        let loss = try #require(comparison.leaderExpectedLoss)
        #expect(loss < 0.005)
    }

    @Test func smallLeadIsUndecidedWithSendsToSettle() throws {
        let a = try makeFunnel("A", delivered: 50, replies: otherReplies(2))
        let b = try makeFunnel("B", delivered: 50, replies: otherReplies(3))
        let comparison = StageComparison(dimension: .message, funnels: [a, b])
        #expect(comparison.decision.kind == .undecided)
        #expect(comparison.decision.winner == nil)
        #expect(comparison.decision.leader == "B")
        // 1.8 × n_fixed(4% → 6%) − 50 per arm, n_fixed = 1,863 (SampleSize).
        #expect(comparison.decision.sendsToSettle == 3_304)
        #expect(comparison.decision.reason.contains("About 3,304 more sends per variant"))
        #expect(comparison.decision.reason.contains("No winner yet"))
    }

    @Test func equalRatesGiveNoSendsToSettle() throws {
        let a = try makeFunnel("A", delivered: 100, replies: otherReplies(5))
        let b = try makeFunnel("B", delivered: 100, replies: otherReplies(5))
        let comparison = StageComparison(dimension: .message, funnels: [a, b])
        #expect(comparison.decision.kind == .undecided)
        #expect(comparison.decision.sendsToSettle == nil)
        #expect(comparison.decision.reason.contains("equal"))
    }

    @Test func stats5Point3BetterBetTemplate() throws {
        // "B is the better bet for the next batch (7/50 vs 2/50 replies: P(B>A) = 95%, risk of
        // choosing B 0.12 pp), but not yet a proven winner (anytime p = 0.59 after two batches of 25/25)."
        let batches = [
            [try makeFunnel("A", delivered: 25, replies: otherReplies(1)), try makeFunnel("B", delivered: 25, replies: otherReplies(3))],
            [try makeFunnel("A", delivered: 25, replies: otherReplies(1)), try makeFunnel("B", delivered: 25, replies: otherReplies(4))],
        ]
        let comparison = StageComparison(dimension: .message, batches: batches)
        #expect(comparison.claimTest == .eProcess)
        #expect(comparison.batchCount == 2)
        #expect(comparison.leader == "B")
        let armA = try #require(comparison.arm("A"))
        #expect(armA.estimate.successes == 2 && armA.estimate.trials == 50)
        #expect(isNear(armA.pValue, 0.59, 0.005))
        #expect(isNear(armA.probabilityLeaderBetter, 0.95, 0.005))
        #expect(isNear(armA.expectedLossOfLeader, 0.0012, 0.00005))
        #expect(comparison.decision.kind == .undecided)  // 50 per arm is below the 100 floor
        let reason = comparison.decision.reason
        #expect(reason.contains("B is the better bet for the next batch (7/50 vs 2/50 replies: P(B best) = 95%, risk of choosing B 0.12 pp)"))
        #expect(reason.contains("not yet a proven winner (anytime p of the e-process over 2 batches = 0.59)"))
        #expect(!reason.lowercased().contains("significant"))
    }

    @Test func threeArmsUseHolmAndPBest() throws {
        let funnels = [
            try makeFunnel("A", delivered: 150, replies: ReplyCounts(positive: 2, other: 3)),
            try makeFunnel("B", delivered: 150, replies: ReplyCounts(positive: 20, other: 3)),
            try makeFunnel("C", delivered: 150, replies: ReplyCounts(positive: 3, other: 3)),
        ]
        let comparison = StageComparison(dimension: .offer, funnels: funnels)
        #expect(comparison.metric == .positiveRate)
        #expect(comparison.leader == "B")
        let a = try #require(comparison.arm("A"))
        let c = try #require(comparison.arm("C"))
        let (pa, pc) = (try #require(a.pValue), try #require(c.pValue))
        // Holm over 2 comparisons: the smaller p doubled, the larger kept (or raised to it).
        let smaller = min(pa, pc)
        let larger = max(pa, pc)
        let holmSmaller = min(1, 2 * smaller)
        let holmLarger = max(holmSmaller, larger)
        #expect(isNear(pa < pc ? a.holmPValue : c.holmPValue, holmSmaller, 1e-15))
        #expect(isNear(pa < pc ? c.holmPValue : a.holmPValue, holmLarger, 1e-15))
        #expect(comparison.decision.kind == .validClaim)
        #expect(comparison.decision.reason.contains("Holm-adjusted over 2 comparisons"))
        #expect(isNear(comparison.arms.map(\.probabilityBest).reduce(0, +), 1, 1e-9))
    }

    @Test func singleVariantHasNothingToCompare() throws {
        let comparison = StageComparison(dimension: nil, funnels: [try makeFunnel("A", delivered: 100)])
        #expect(comparison.decision.kind == .undecided)
        #expect(comparison.decision.leader == "A")
        let json = try JSONOutput.string(comparison)
        #expect(json.contains("\"winner\":null"))
        #expect(json.contains("\"sends_to_settle\":null"))
    }
}
