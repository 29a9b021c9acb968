import Foundation
import Testing
@testable import PitchKit

struct DiagnosisEngineTests {
    let engine = DiagnosisEngine()

    // MARK: Rule 0

    @Test func immatureBatchIsLabelledNotJudged() throws {
        // Terrible numbers, but 12 of 40 are still inside their reply window.
        let funnel = try makeFunnel("A", delivered: 40, bounced: 10, trackable: 40, opens: 1, pending: 12)
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause == .tooEarly)
        #expect(diagnosis.verdict.rule == 0)
        #expect(diagnosis.verdict.strength == nil)
        #expect(diagnosis.secondary.isEmpty)
        #expect(!diagnosis.isJudged)
        #expect(diagnosis.verdict.summary == "Too early: 12 of the batch's 40 delivered are still in their 72 h reply window.")
        // Rates are still reported.
        #expect(diagnosis.rates.bounce.successes == 10)
    }

    @Test func fewerThanTwentyDeliveredIsTooEarly() throws {
        let diagnosis = engine.diagnose(try makeFunnel("A", delivered: 19, replies: otherReplies(5)))
        #expect(diagnosis.verdict.cause == .tooEarly)
        #expect(diagnosis.verdict.summary.contains("19 delivered"))
        #expect(diagnosis.verdict.summary.contains("20"))
    }

    @Test func stageWithAnImmatureVariantIsTooEarlyAndDoesNotPromote() throws {
        let a = try makeFunnel("A", delivered: 200, replies: otherReplies(2))
        let b = try makeFunnel("B", delivered: 200, replies: otherReplies(30), pending: 40)
        let stage = engine.diagnoseStage([a, b], number: 2, dimension: .message)
        #expect(stage.verdict.cause == .tooEarly)
        #expect(stage.variant("B")?.verdict.cause == .tooEarly)
        #expect(stage.variant("A")?.isJudged == true)
        #expect(stage.comparison?.decision.kind == .undecided)
        #expect(stage.comparison?.decision.reason.contains("Too early") == true)
    }

    // MARK: Rule 1

    @Test func bouncesBlockTheDiagnosisAndLaterRulesAreSecondary() throws {
        // 12 bounces of 100 sent; the copy would otherwise read as a body problem.
        let funnel = try makeFunnel("A", delivered: 88, bounced: 12, trackable: 88, opens: 30)
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause == .deliverability)
        #expect(diagnosis.verdict.rule == 1)
        #expect(diagnosis.secondary.map(\.cause) == [.message])
        #expect(diagnosis.verdict.evidence[0].contains("12 bounces of 100 sent (12.0%"))
        #expect(diagnosis.verdict.summary.contains("SPF"))
        #expect(!diagnosis.verdict.summary.lowercased().contains("subject line"))
    }

    @Test func bouncesAboveTheWarningLineAndLargeMPPShareAreWarnings() throws {
        // 4 bounces of 100: above 3% but not probably above 5%; 60 of 96 delivered are MPP.
        let funnel = try makeFunnel("A", delivered: 96, bounced: 4, trackable: 36, opens: 12, replies: otherReplies(2))
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause != .deliverability)
        #expect(diagnosis.warnings.count == 2)
        #expect(diagnosis.warnings[0].contains("Bounce rate 4.0% (4 of 100 sent)"))
        #expect(diagnosis.warnings[1].contains("62.5% of delivered recipients are untrackable"))
    }

    @Test func pooledRawOpensNearZeroPointToPlacementNotSubjects() throws {
        let a = try makeFunnel("A", delivered: 60, trackable: 50, opens: 1, rawOpens: 2)
        let b = try makeFunnel("B", delivered: 60, trackable: 50, opens: 2, rawOpens: 3)
        let stage = engine.diagnoseStage([a, b], number: 1, dimension: .subject)
        for variant in stage.variants {
            #expect(variant.verdict.cause == .deliverability)
            #expect(variant.verdict.evidence.contains { $0.contains("5 with any pixel hit of 120 delivered") })
        }
        #expect(stage.verdict.cause == .deliverability)
        // The absolute subject rule waits for deliverability to be clear.
        #expect(stage.variant("A")?.secondary.contains { $0.cause == .subject && $0.detail == nil } == false)
    }

    // MARK: Rule 2, §5.5 example 1

    @Test func workedExampleSubject() throws {
        let a = try makeFunnel("A", delivered: 90, trackable: 80, opens: 10)
        let b = try makeFunnel("B", delivered: 88, trackable: 78, opens: 33)
        let stage = engine.diagnoseStage([a, b], number: 1, dimension: .subject)
        let diagnosisA = try #require(stage.variant("A"))
        #expect(diagnosisA.verdict.cause == .subject)
        #expect(diagnosisA.verdict.strength == .probably)  // only "probably" on the absolute level
        #expect(diagnosisA.verdict.summary.contains("variant A"))
        let text = allText([diagnosisA.verdict])
        #expect(text.contains("10 human opens of 80 trackable (12.5%, 95% range 6.9–21.5%)"))
        #expect(text.contains("80% upper bound 18.0%"))
        #expect(text.contains("Fisher p = 3.0e-5"))
        #expect(text.contains("> 99.9%"))
        // "clearly" would need U < 20%: 30 more trackable at this rate.
        #expect(diagnosisA.verdict.settle?.metric == .openRate)
        #expect(diagnosisA.verdict.settle?.additionalTrials == 30)

        let comparison = try #require(stage.comparison)
        #expect(comparison.metric == .openRate)
        #expect(comparison.leader == "B")
        let armA = try #require(comparison.arm("A"))
        #expect(isNear(armA.pValue, 3.0043197702998632e-05, 1e-9))
        #expect(isNear(armA.probabilityLeaderBetter, 0.99999, 5e-6))
        #expect(comparison.decision.kind == .validClaim)
        #expect(comparison.decision.winner == "B")
        #expect(stage.variant("B")?.verdict.cause != .subject)
    }

    @Test func comparativeSubjectRuleFiresWithoutAnAbsoluteLow() throws {
        // A opens 25% (not below 20%) but B opens 60%: A's subject is the weaker one.
        let a = try makeFunnel("A", delivered: 100, trackable: 100, opens: 25, replies: otherReplies(5))
        let b = try makeFunnel("B", delivered: 100, trackable: 100, opens: 60, replies: otherReplies(5))
        let diagnosis = try #require(engine.diagnoseStage([a, b], dimension: .subject).variant("A"))
        #expect(diagnosis.verdict.cause == .subject)
        #expect(diagnosis.verdict.detail == .worseThanBest)
        #expect(diagnosis.verdict.strength == .clearly)
        #expect(diagnosis.verdict.evidence.contains { $0.contains("a proven difference (Fisher p") })
    }

    @Test func openGapBetweenVariantsWithTheSameSubjectDoesNotBlameTheSubject() throws {
        let a = try makeFunnel("A", delivered: 100, trackable: 100, opens: 25, replies: otherReplies(5), variant: variantIDs("s1", "m1"))
        let b = try makeFunnel("B", delivered: 100, trackable: 100, opens: 60, replies: otherReplies(5), variant: variantIDs("s1", "m2"))
        let diagnosis = try #require(engine.diagnoseStage([a, b], dimension: .message).variant("A"))
        #expect(!diagnosis.allVerdicts.contains { $0.cause == .subject })
    }

    @Test func everyVariantLowBlamesSubjectsOrSenderIdentity() throws {
        let a = try makeFunnel("A", delivered: 100, trackable: 100, opens: 8, rawOpens: 40)
        let b = try makeFunnel("B", delivered: 100, trackable: 100, opens: 10, rawOpens: 45)
        let stage = engine.diagnoseStage([a, b], dimension: .subject)
        #expect(stage.verdict.cause == .subject)
        #expect(stage.verdict.detail == .subjectsOrSender)
        #expect(stage.verdict.summary.contains("sender identity"))
    }

    // MARK: Rule 3, §5.5 example 2

    @Test func workedExampleBody() throws {
        let funnel = try makeFunnel("A", delivered: 160, trackable: 110, opens: 52, replies: otherReplies(1))
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause == .message)
        #expect(diagnosis.verdict.rule == 3)
        #expect(diagnosis.verdict.strength == .probably)
        #expect(isNear(diagnosis.rates.reply.upper80, 0.0207, 1e-4))
        #expect(diagnosis.rates.open?.verdict(against: 0.30) == .clearlyAbove)
        let text = allText([diagnosis.verdict])
        #expect(text.contains("52 human opens of 110 trackable (47.3%"))
        #expect(text.contains("clearly (95%) above 30%"))
        #expect(text.contains("1 reply of 160 delivered (0.62%"))
        #expect(text.contains("probably (90%) below 3% (80% upper bound 2.1%)"))
        // "clearly" would need about 39 more sends; the 1% line would need 2,545, so no claim below 1%.
        #expect(diagnosis.verdict.settle?.additionalSends == 39)
        #expect(text.contains("2,545 more sends"))
        #expect(!text.contains("below 1% ("))
    }

    @Test func lowReplyGivenOpenBlamesTheBodyEvenWhenTheReplyRateLooksHealthy() throws {
        // 20 replies of 400 (5%), but only 1 of 150 human openers replied: the rest came from
        // untrackable (MPP) recipients. Rule 3 fires first; rule 6 is secondary.
        let funnel = try makeFunnel(
            "A", delivered: 400, trackable: 200, opens: 150, trackableReplies: 1, replies: otherReplies(20))
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause == .message)
        #expect(diagnosis.secondary.map(\.cause) == [.working])
        #expect(diagnosis.verdict.evidence.contains { $0.contains("1 replier of 150 human openers (0.67%") })
        #expect(diagnosis.verdict.settle?.metric == .replyGivenOpen)
    }

    @Test func bodyOutranksOfferWhenBothFire() throws {
        // 5 replies of 400 (reply rate probably below 3%, not below 1%), all of them objections.
        let funnel = try makeFunnel(
            "A", delivered: 400, trackable: 300, opens: 120, replies: ReplyCounts(negotiate: 3, decline: 2))
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause == .message)
        #expect(diagnosis.secondary.map(\.cause) == [.offer])
    }

    // MARK: Rule 4, §5.5 example 3

    @Test func workedExampleOffer() throws {
        let funnel = try makeFunnel(
            "A", delivered: 300, trackable: 250, opens: 110,
            replies: ReplyCounts(positive: 2, negotiate: 9, decline: 7))
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause == .offer)
        #expect(diagnosis.verdict.strength == .clearly)
        #expect(diagnosis.verdict.detail == .priceOrTerms)
        #expect(diagnosis.verdict.summary.contains("price/terms"))
        let share = try #require(diagnosis.rates.objectionShare)
        #expect(isNear(share.lower95, 0.67, 0.005) && isNear(share.upper95, 0.97, 0.005))
        let text = allText([diagnosis.verdict])
        #expect(text.contains("16 replies negotiate or decline of 18 human replies (88.9%, 95% range"))
        #expect(text.contains("9 negotiate vs 7 decline"))
        #expect(text.contains("2 positive of 18 human replies (11.1%"))
        #expect(text.contains("about 139 replies in all"))
        #expect(text.contains("2,017 more sends"))
        // A healthy reply rate does not make it "working": the objection share blocks rule 6.
        #expect(!diagnosis.secondary.contains { $0.cause == .working })
    }

    @Test func declinesOutnumberingNegotiationMeansOfferFit() throws {
        let funnel = try makeFunnel("A", delivered: 200, replies: ReplyCounts(positive: 1, negotiate: 2, decline: 9))
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause == .offer)
        #expect(diagnosis.verdict.detail == .offerFit)
    }

    // MARK: Rule 5

    @Test func wrongPersonRepliesBlameTheAudienceWithWorkingSecondary() throws {
        let funnel = try makeFunnel("A", delivered: 200, replies: ReplyCounts(wrongPerson: 8, other: 4))
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause == .audience)
        #expect(diagnosis.verdict.detail == .wrongContacts)
        #expect(diagnosis.secondary.map(\.cause) == [.working])
        #expect(diagnosis.verdict.evidence[0].contains("8 wrong-person replies of 12 human replies (66.7%"))
    }

    @Test func workedExampleNothingWorks() throws {
        let a = try makeFunnel("A", delivered: 150, trackable: 120, opens: 54, variant: variantIDs("s1", "m1"))
        let b = try makeFunnel("B", delivered: 140, trackable: 110, opens: 50, replies: otherReplies(1), variant: variantIDs("s2", "m2"))
        let c = try makeFunnel("C", delivered: 160, trackable: 130, opens: 58, variant: variantIDs("s3", "m3"))
        let stage = engine.diagnoseStage([a, b, c])
        #expect(stage.verdict.cause == .audience)
        #expect(stage.verdict.detail == .nothingWorks)
        #expect(stage.verdict.summary.contains("change the list or segment"))
        #expect(stage.secondary.contains { $0.cause == .message })
        #expect(isNear(stage.pooled.rates.reply.upper95, 0.012, 5e-4))
        #expect(isNear(stage.pooled.rates.reply.upper80, 0.0074, 1e-4))
        #expect(allText([stage.verdict]).contains("1 reply of 450 delivered (0.22%"))
        // Each variant on its own still reads as a body problem.
        for variant in stage.variants { #expect(variant.verdict.cause == .message) }
        // Without differing subjects and bodies the rule stays silent.
        let sameBody = try [a, b, c].map {
            try makeFunnel($0.label, delivered: $0.delivered, trackable: $0.trackable, opens: $0.humanOpens,
                           replies: $0.replies, variant: variantIDs("s-\($0.label)", "m1"))
        }
        #expect(engine.nothingWorks(sameBody) == nil)
        #expect(engine.nothingWorks([a, b]) == nil)
    }

    // MARK: Rule 6

    @Test func healthyRepliesAreWorking() throws {
        let funnel = try makeFunnel(
            "A", delivered: 100, trackable: 80, opens: 40, replies: ReplyCounts(positive: 2, negotiate: 1, decline: 1, other: 6))
        let diagnosis = engine.diagnose(funnel)
        #expect(diagnosis.verdict.cause == .working)
        #expect(diagnosis.verdict.summary.contains("test the next element"))
        #expect(diagnosis.verdict.evidence[0].contains("10 replies of 100 delivered (10.0%"))
    }

    // MARK: Rule 7, §5.5 example 5

    @Test func workedExampleNotEnoughData() throws {
        let diagnosis = engine.diagnose(try makeFunnel("B", delivered: 40, replies: otherReplies(2)))
        #expect(diagnosis.verdict.cause == .undecided)
        #expect(diagnosis.verdict.rule == 7)
        #expect(diagnosis.verdict.strength == nil)
        #expect(diagnosis.verdict.settle?.additionalSends == 240)
        #expect(diagnosis.verdict.settle?.metric == .replyRate)
        #expect(diagnosis.verdict.summary.contains("2 replies of 40 delivered (5.0%, 95% range 1.4–16.5%)"))
        #expect(diagnosis.verdict.summary.contains("3% benchmark"))
        #expect(diagnosis.verdict.summary.contains("about 240 more sends"))
    }

    @Test func rateAtTheBenchmarkAsksForNoMoreSends() throws {
        let diagnosis = engine.diagnose(try makeFunnel("A", delivered: 100, replies: otherReplies(3)))
        #expect(diagnosis.verdict.cause == .undecided)
        #expect(diagnosis.verdict.detail == .sitsAtThreshold)
        #expect(diagnosis.verdict.settle?.sitsAtThreshold == true)
        #expect(diagnosis.verdict.settle?.additionalSends == nil)
        #expect(diagnosis.verdict.summary == "Variant A sits at the 3% benchmark (3 of 100); more sends won't separate it. Decide on other grounds.")
    }

    // MARK: §5.4 without open tracking

    @Test func withoutOpenTrackingLowRepliesReadBodyOrOffer() throws {
        let diagnosis = engine.diagnose(try makeFunnel("A", delivered: 100))
        #expect(diagnosis.verdict.cause == .message)
        #expect(diagnosis.verdict.detail == .bodyOrOffer)
        #expect(diagnosis.verdict.summary.contains("body or the offer"))
    }

    @Test func withoutOpenTrackingASubjectTestComparesReplies() throws {
        let a = try makeFunnel("A", delivered: 100)
        let b = try makeFunnel("B", delivered: 100, replies: ReplyCounts(positive: 3, other: 5))
        let stage = engine.diagnoseStage([a, b], number: 1, dimension: .subject)
        #expect(!stage.openTracking)
        #expect(stage.comparison?.metric == .replyRate)
        let diagnosisA = try #require(stage.variant("A"))
        #expect(diagnosisA.verdict.cause == .subject)
        #expect(diagnosisA.verdict.strength == .clearly)
        #expect(diagnosisA.secondary.map(\.cause) == [.message])
        #expect(diagnosisA.secondary.first?.detail == .bodyOrOffer)
        #expect(stage.variant("B")?.verdict.cause == .working)
        // In a message stage the subject cannot be blamed through replies.
        let messageStage = engine.diagnoseStage([a, b], number: 2, dimension: .message)
        #expect(messageStage.variant("A")?.verdict.cause == .message)
        #expect(messageStage.variant("A")?.verdict.detail == .bodyOrOffer)
    }

    // MARK: Wording and encoding

    @Test func betterBetIsNeverCalledSignificant() throws {
        let funnels = [
            try makeFunnel("A", delivered: 50, replies: otherReplies(2)),
            try makeFunnel("B", delivered: 50, replies: otherReplies(7)),
        ]
        let stage = engine.diagnoseStage(funnels, number: 2, dimension: .message)
        let json = try JSONOutput.string(stage)
        #expect(!json.lowercased().contains("significant"))
        #expect(stage.comparison?.decision.reason.contains("better bet") == true)
    }

    @Test func jsonHasSnakeCaseKeysAndNoNaN() throws {
        // Empty and degenerate funnels: zero delivered, zero opens, tracking mixed.
        let stages = [
            engine.diagnoseStage([try VariantFunnel(label: "A", sent: 5, hardBounces: 5), try makeFunnel("B", delivered: 0)]),
            engine.diagnoseStage([try makeFunnel("A", delivered: 40, trackable: 0, opens: 0), try makeFunnel("B", delivered: 40, trackable: 40, opens: 40)], dimension: .subject),
            engine.diagnoseStage([try makeFunnel("A", delivered: 100, replies: otherReplies(100))], dimension: .offer),
            engine.diagnoseStage([], number: 3),
        ]
        for stage in stages {
            // JSONEncoder throws on NaN or infinity by default, so encoding at all proves there is none.
            let json = try JSONOutput.string(stage)
            #expect(!json.contains("nan") && !json.contains("NaN") && !json.contains("inf"))
            #expect(json.contains("\"open_tracking\""))
        }
        let json = try JSONOutput.string(stages[1])
        #expect(json.contains("\"upper_95\""))
        #expect(json.contains("\"probability_best\""))
        #expect(json.contains("\"rule\""))
        #expect(!json.contains("upper95"))
    }

    @Test func verdictRoundTripsThroughJSON() throws {
        let verdict = engine.diagnose(try makeFunnel("B", delivered: 40, replies: otherReplies(2))).verdict
        let data = try JSONEncoder().encode(verdict)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"additional_sends\":240"))
        #expect(text.contains("\"rule\":7"))
        #expect(try JSONDecoder().decode(Verdict.self, from: data) == verdict)
    }
}
