import Foundation
import Testing
@testable import PitchKit

struct FunnelRatesTests {
    @Test func ratesUseTheRightDenominators() throws {
        let funnel = try VariantFunnel(
            label: "A", sent: 50, hardBounces: 3, softBounces: 2, trackable: 40, humanOpens: 12,
            rawOpens: 30, trackableReplies: 2, replies: ReplyCounts(positive: 1, negotiate: 1, decline: 1))
        #expect(funnel.delivered == 45)
        let rates = FunnelRates(funnel)
        #expect(rates.bounce.successes == 5 && rates.bounce.trials == 50)
        #expect(rates.open?.successes == 12 && rates.open?.trials == 40)
        #expect(rates.rawOpen?.trials == 45)
        #expect(rates.reply.successes == 3 && rates.reply.trials == 45)
        #expect(rates.positive.successes == 1)
        #expect(rates.replyGivenOpen?.successes == 2 && rates.replyGivenOpen?.trials == 12)
        #expect(rates.objectionShare?.successes == 2 && rates.objectionShare?.trials == 3)
        #expect(isNear(rates.untrackableShare, 5.0 / 45.0, 1e-12))
    }

    @Test func wilsonIntervalsAt95And80() {
        // stats.md §5.3 template: 2 of 40 is 5%, 95% range 1.4%–16.5%.
        let estimate = RateEstimate(successes: 2, trials: 40)
        #expect(isNear(estimate.lower95, 0.0138, 5e-4))
        #expect(isNear(estimate.upper95, 0.1650, 5e-4))
        #expect(estimate.lower80 > estimate.lower95 && estimate.upper80 < estimate.upper95)
        #expect(estimate.describe("replies", of: "delivered") == "2 replies of 40 delivered (5.0%, 95% range 1.4–16.5%)")
        // Exact edges.
        let zero = RateEstimate(successes: 0, trials: 20)
        #expect(zero.lower95 == 0 && zero.lower80 == 0)
        #expect(isNear(zero.upper95, 0.161, 5e-4))  // oracle W07
        let all = RateEstimate(successes: 20, trials: 20)
        #expect(all.upper95 == 1 && all.upper80 == 1)
    }

    @Test func intervalVerdictsFollowTheTwoTiers() {
        // §5.5 example 1: 10/80 opens, 80% upper 18.0% < 20% but 95% upper 21.5% > 20%.
        let open = RateEstimate(successes: 10, trials: 80)
        #expect(isNear(open.upper80, 0.180, 1e-3))
        #expect(isNear(open.upper95, 0.215, 1e-3))
        #expect(open.verdict(against: 0.20) == .probablyBelow)
        #expect(RateEstimate(successes: 52, trials: 110).verdict(against: 0.30) == .clearlyAbove)
        #expect(RateEstimate(successes: 2, trials: 40).verdict(against: 0.03) == .unknown)
        #expect(RateEstimate(successes: 0, trials: 0).verdict(against: 0.03) == .unknown)
    }

    @Test func trackingOffLeavesOpenRatesNil() throws {
        let funnel = try makeFunnel("A", delivered: 60, replies: otherReplies(2))
        let rates = FunnelRates(funnel)
        #expect(!funnel.isOpenTracked)
        #expect(rates.open == nil && rates.replyGivenOpen == nil && rates.untrackableShare == nil)
        #expect(rates.reply.successes == 2)
    }

    @Test func noRepliesLeavesSharesNilAndNoDeliveriesLeavesRatesNil() throws {
        let funnel = try VariantFunnel(label: "A", sent: 10, hardBounces: 10)
        let rates = FunnelRates(funnel)
        #expect(rates.objectionShare == nil && rates.positiveShare == nil && rates.wrongPersonShare == nil)
        #expect(rates.reply.rate == nil)
        #expect(rates.reply.lower95 == 0 && rates.reply.upper95 == 1)
    }

    @Test func inconsistentCountsAreRejected() {
        #expect(throws: AnalysisError.self) { try VariantFunnel(label: "A", sent: 10, hardBounces: 11) }
        #expect(throws: AnalysisError.self) { try VariantFunnel(label: "A", sent: 10, trackable: 5, humanOpens: 6) }
        #expect(throws: AnalysisError.self) { try VariantFunnel(label: "A", sent: 10, trackable: 5) }
        #expect(throws: AnalysisError.self) { try VariantFunnel(label: "A", sent: 3, replies: otherReplies(4)) }
        #expect(throws: AnalysisError.self) { try VariantFunnel(label: "A", sent: -1) }
        #expect(throws: AnalysisError.self) {
            try VariantFunnel(label: "A", sent: 10, trackable: 8, humanOpens: 1, trackableReplies: 2, replies: otherReplies(2))
        }
        do {
            _ = try VariantFunnel(label: "B", sent: 10, trackable: 5, humanOpens: 6)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "Invalid funnel for variant B: human_opens (6) exceeds trackable (5).")
        }
    }

    @Test func funnelRoundTripsThroughJSONAndDecodingValidates() throws {
        let funnel = try makeFunnel(
            "A", delivered: 40, bounced: 2, trackable: 30, opens: 9, replies: ReplyCounts(positive: 1, wrongPerson: 1),
            pending: 3, variant: variantIDs("s1", "m1"))
        let data = try JSONEncoder().encode(funnel)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"human_opens\":9"))
        #expect(text.contains("\"wrong_person\":1"))
        #expect(text.contains("\"pending_reply_windows\":3"))
        #expect(try JSONDecoder().decode(VariantFunnel.self, from: data) == funnel)
        let bad = Data(#"{"label":"A","sent":5,"hard_bounces":6}"#.utf8)
        #expect(throws: AnalysisError.self) { try JSONDecoder().decode(VariantFunnel.self, from: bad) }
    }

    @Test func replyWindowCountsPendingRecipients() {
        let start = Date(timeIntervalSince1970: 1_000_000)
        let window = ReplyWindow.standard
        #expect(window.hours == 72)
        let now = start.addingTimeInterval(72 * 3600)
        let delivered = [start, start.addingTimeInterval(60), start.addingTimeInterval(-60)]
        #expect(window.pendingCount(deliveredAt: delivered, now: now) == 1)
        #expect(ReplyWindow(hours: -3).hours == 72)
    }
}
