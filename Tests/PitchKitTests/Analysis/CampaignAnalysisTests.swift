import Foundation
import PitchKit
import Testing

/// Funnels built from stored signals, then the rule set: the counts behind the verdicts are the events'.
@Suite("Campaign analysis")
struct CampaignAnalysisTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let delivered = now.addingTimeInterval(-5 * 86_400)

    static func sends(
        stage: Int, subject: String, count: Int, replies: [ReplyClass], bounces: Int = 0, humanOpens: Int = 0, mpp: Int = 0,
        late: Int = 0, startID: Int64
    ) -> [SendSignals] {
        let variant = CampaignVariant(template: "t", choice: PitchVariantChoice(subject: subject, message: "main", offer: "kit"))
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"
        return (0..<count).map { i in
            let id = startID + Int64(i)
            var hits: [SendSignals.Hit] = []
            if i < humanOpens {
                hits.append(.init(id: id * 10, kind: .open, at: delivered.addingTimeInterval(3_600), ip: "198.51.100.9", userAgent: chrome))
            } else if i < humanOpens + mpp {
                hits.append(.init(id: id * 10, kind: .open, at: delivered.addingTimeInterval(30), ip: "203.0.113.1", userAgent: "Mozilla/5.0"))
            }
            let replyClass: ReplyClass? = i < replies.count ? replies[i] : nil
            // The last `late` replies come after the 72 h window and do not count.
            let replyAt = i >= replies.count - late ? delivered.addingTimeInterval(80 * 3_600) : delivered.addingTimeInterval(7_200)
            return SendSignals(
                entryID: id, stage: stage, variant: variant, state: .accepted, acceptedAt: delivered, hits: hits,
                replies: replyClass.map { [$0] } ?? [], firstReplyAt: replyClass == nil ? nil : replyAt,
                bounced: i >= count - bounces, hardBounce: i >= count - bounces)
        }
    }

    @Test("the funnel counts are the events': bounces, window, MPP, opens; the better subject leads")
    func funnelsFromSignals() throws {
        let a = Self.sends(stage: 1, subject: "plain", count: 40, replies: [.positive, .decline], bounces: 2, humanOpens: 4, mpp: 6, startID: 1)
        let b = Self.sends(
            stage: 1, subject: "hook", count: 40, replies: Array(repeating: .positive, count: 9) + [.negotiate, .other], humanOpens: 24,
            mpp: 4, late: 1, startID: 1_000)
        let analysis = try CampaignAnalysis.analyse(
            campaign: "c", sends: a + b, dimensions: [1: .subject], openTracking: true, classifier: OpenClassifier(),
            replyWindow: .standard, engine: DiagnosisEngine(), now: Self.now)
        let stage = try #require(analysis.stages.first)
        #expect(stage.stage == 1 && stage.dimension == .subject)
        let plain = try #require(stage.diagnosis.variant("plain/main/kit")).funnel
        #expect(plain.sent == 40 && plain.hardBounces == 2 && plain.delivered == 38)
        #expect(plain.trackable == 32 && plain.humanOpens == 4)  // 38 delivered − 6 MPP; replies 0,1 opened by pixel
        #expect(plain.replies.positive == 1 && plain.replies.decline == 1)
        let hook = try #require(stage.diagnosis.variant("hook/main/kit")).funnel
        #expect(hook.replies.total == 10 && hook.replies.other == 0)  // the 11th reply came after 72 h
        #expect(hook.trackable == 36 && hook.humanOpens == 24)
        #expect(hook.isMature)
        #expect(stage.diagnosis.comparison?.leader == "hook/main/kit")
        #expect(stage.diagnosis.variant("plain/main/kit")?.verdict.cause == .subject)
        #expect(!analysis.textLines.joined().contains("significant"))
    }

    @Test("without open tracking the funnel has no opens; a fresh batch is too early, not judged")
    func untrackedAndImmature() throws {
        var fresh = Self.sends(stage: 2, subject: "hook", count: 30, replies: [.positive], startID: 1)
        for i in fresh.indices { fresh[i].acceptedAt = Self.now.addingTimeInterval(-3_600) }
        let analysis = try CampaignAnalysis.analyse(
            campaign: "c", sends: fresh, dimensions: [2: .message], openTracking: false, classifier: OpenClassifier(),
            replyWindow: .standard, engine: DiagnosisEngine(), now: Self.now)
        let variant = try #require(analysis.stages.first?.diagnosis.variants.first)
        #expect(variant.funnel.trackable == nil && variant.funnel.humanOpens == nil)
        #expect(variant.funnel.pendingReplyWindows == 30 && variant.verdict.cause == .tooEarly)
    }
}

/// Promotion from the analysis into pitchlab.winners.json.
@Suite("Stage promotion")
struct StagePromotionTests {
    func analysis(replies a: Int, _ b: Int, count: Int) throws -> CampaignAnalysis {
        let plain = CampaignAnalysisTests.sends(
            stage: 1, subject: "plain", count: count, replies: Array(repeating: .positive, count: a), startID: 1)
        let hook = CampaignAnalysisTests.sends(
            stage: 1, subject: "hook", count: count, replies: Array(repeating: .positive, count: b), startID: 10_000)
        return try CampaignAnalysis.analyse(
            campaign: "launch", sends: plain + hook, dimensions: [1: .subject], openTracking: false,
            classifier: OpenClassifier(), replyWindow: .standard, engine: DiagnosisEngine(), now: CampaignAnalysisTests.now)
    }

    @Test("a proven difference promotes and is remembered for the next stage; a tie promotes nothing")
    func promotes() throws {
        let test = try TestWorkspace()
        defer { test.remove() }
        let tie = try StagePromotion.promote(
            workspace: test.workspace, analysis: try analysis(replies: 5, 5, count: 60), stage: nil, acceptBetterBet: true)
        #expect(!tie.saved && tie.winner == nil && tie.decision == .undecided)
        #expect(try CampaignWinnersFile(workspace: test.workspace).winners(campaign: "launch").subject == nil)

        let clear = try StagePromotion.promote(
            workspace: test.workspace, analysis: try analysis(replies: 2, 30, count: 100), stage: 1, acceptBetterBet: false)
        #expect(clear.decision == .validClaim && clear.winner == "hook" && clear.saved)
        #expect(try CampaignWinnersFile(workspace: test.workspace).winners(campaign: "launch").subject == "hook")
        #expect(clear.textLines.joined().contains("proven"))

        #expect(throws: PromotionError.self) {
            try StagePromotion.promote(
                workspace: test.workspace, analysis: try analysis(replies: 2, 30, count: 100), stage: 3, acceptBetterBet: false)
        }
    }
}

/// Batches are UTC days: looking after each one keeps the claim valid (the e-process, not Fisher).
@Suite("Campaign analysis batches")
struct CampaignAnalysisBatchTests {
    @Test("sends accepted on two days are two batches; the claim test becomes the e-process")
    func twoDays() throws {
        var a = CampaignAnalysisTests.sends(stage: 1, subject: "plain", count: 60, replies: [.positive, .positive], startID: 1)
        var b = CampaignAnalysisTests.sends(
            stage: 1, subject: "hook", count: 60, replies: Array(repeating: .positive, count: 12), startID: 1_000)
        for i in 30..<60 {  // the second half went out the next day
            a[i].acceptedAt = a[i].acceptedAt?.addingTimeInterval(86_400)
            b[i].acceptedAt = b[i].acceptedAt?.addingTimeInterval(86_400)
        }
        let analysis = try CampaignAnalysis.analyse(
            campaign: "c", sends: a + b, dimensions: [1: .subject], openTracking: false, classifier: OpenClassifier(),
            replyWindow: .standard, engine: DiagnosisEngine(), now: CampaignAnalysisTests.now)
        let comparison = try #require(analysis.stages.first?.diagnosis.comparison)
        #expect(comparison.batchCount == 2 && comparison.claimTest == .eProcess)
        let single = try CampaignAnalysis.analyse(
            campaign: "c", sends: CampaignAnalysisTests.sends(stage: 1, subject: "plain", count: 60, replies: [], startID: 1)
                + CampaignAnalysisTests.sends(stage: 1, subject: "hook", count: 60, replies: [], startID: 1_000),
            dimensions: [1: .subject], openTracking: false, classifier: OpenClassifier(), replyWindow: .standard,
            engine: DiagnosisEngine(), now: CampaignAnalysisTests.now)
        #expect(single.stages.first?.diagnosis.comparison?.claimTest == .fisher)
    }
}

/// The next batch of a stage, split by Thompson sampling or equally.
@Suite("Batch allocation")
struct BatchAllocationTests {
    @Test("Thompson gives the likely best more, keeps the floor, sums to the batch, and is seeded")
    func thompson() throws {
        let analysis = try StagePromotionTests().analysis(replies: 4, 20, count: 150)
        let stage = try #require(analysis.stages.first)
        let one = try BatchAllocation.make(stage: stage, batchSize: 60, method: .thompson, seed: 3)
        let two = try BatchAllocation.make(stage: stage, batchSize: 60, method: .thompson, seed: 3)
        #expect(one == two)
        #expect(one.arms.map(\.sends).reduce(0, +) == 60)
        let hook = try #require(one.arms.first { $0.label == "hook/main/kit" })
        let plain = try #require(one.arms.first { $0.label == "plain/main/kit" })
        #expect(hook.sends > plain.sends && plain.sends >= 6)  // floor: 10% of 60
        #expect(one.extraBatch[hook.variant] == hook.sends)

        let equal = try BatchAllocation.make(stage: stage, batchSize: 61, method: .equal, seed: 3)
        #expect(equal.arms.map(\.sends).sorted() == [30, 31])
    }
}

/// The stage within each persona and creator type.
@Suite("Campaign analysis segments")
struct CampaignAnalysisSegmentTests {
    @Test("per type: the counts add up to the stage, and a variant can lead in one type and not another")
    func byType() throws {
        func typed(_ sends: [SendSignals], _ type: String) -> [SendSignals] {
            sends.map { var s = $0; s.creatorType = type; s.persona = "skincare"; return s }
        }
        // Authority reviewers answer the hook; peers answer the plain subject.
        let sends = typed(CampaignAnalysisTests.sends(stage: 1, subject: "plain", count: 40, replies: [.positive], startID: 1), "authority")
            + typed(CampaignAnalysisTests.sends(stage: 1, subject: "hook", count: 40, replies: Array(repeating: .positive, count: 12), startID: 100), "authority")
            + typed(CampaignAnalysisTests.sends(stage: 1, subject: "plain", count: 40, replies: Array(repeating: .positive, count: 12), startID: 200), "peer")
            + typed(CampaignAnalysisTests.sends(stage: 1, subject: "hook", count: 40, replies: [.decline], startID: 300), "peer")
        let analysis = try CampaignAnalysis.analyse(
            campaign: "c", sends: sends, dimensions: [1: .subject], openTracking: false, classifier: OpenClassifier(),
            replyWindow: .standard, engine: DiagnosisEngine(), now: CampaignAnalysisTests.now)
        let stage = try #require(analysis.stages.first)
        #expect(stage.segments.map(\.value) == ["authority", "peer"])  // one persona only: no persona segments
        let delivered = stage.segments.flatMap { $0.diagnosis.variants.map(\.funnel.delivered) }.reduce(0, +)
        #expect(delivered == stage.diagnosis.variants.map(\.funnel.delivered).reduce(0, +))
        #expect(stage.segments[0].diagnosis.comparison?.leader == "hook/main/kit")
        #expect(stage.segments[1].diagnosis.comparison?.leader == "plain/main/kit")
        #expect(analysis.textLines.contains { $0.contains("type authority") && $0.contains("leader hook/main/kit") })
    }
}
