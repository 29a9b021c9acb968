import Testing

@testable import PitchKit

@Suite("Stage plan")
struct StagePlanTests {
    @Test("the default plan: subjects, then messages with the winning subject, then offers, then the rest")
    func defaultPlan() throws {
        let config = try CampaignTestSupport.config()
        let template = try CampaignTestSupport.template()
        #expect(StagePlan.stageCount(config: config, template: template) == 4)

        let stage1 = try StagePlan.make(config: config, template: template, stage: 1)
        #expect(stage1.kind == .test(.subject))
        #expect(stage1.arms.map(\.variant.key) == ["dew/routine/main/fee-kit", "dew/barrier/main/fee-kit"])
        #expect(stage1.arms.allSatisfy { $0.size == 20 })
        #expect(stage1.requestedSize == 40)

        let winners = StageWinners(subject: "barrier")
        let stage2 = try StagePlan.make(config: config, template: template, stage: 2, winners: winners)
        #expect(stage2.kind == .test(.message))
        #expect(stage2.arms.map(\.variant.key) == ["dew/barrier/main/fee-kit", "dew/barrier/short/fee-kit"])

        let stage3 = try StagePlan.make(config: config, template: template, stage: 3,
                                        winners: StageWinners(subject: "barrier", message: "short"))
        #expect(stage3.kind == .test(.offer))
        #expect(stage3.arms.map(\.variant.key) == ["dew/barrier/short/fee-kit", "dew/barrier/short/bigger-fee"])

        let rest = try StagePlan.make(config: config, template: template, stage: 4,
                                      winners: StageWinners(subject: "barrier", message: "short", offer: "bigger-fee"))
        #expect(rest.kind == .rest)
        #expect(rest.arms.map(\.variant.key) == ["dew/barrier/short/bigger-fee"])
        #expect(rest.arms[0].size == nil && rest.requestedSize == nil)
    }

    @Test("the default plan skips a part the template has one variant of")
    func skipsSingleVariant() throws {
        let config = try CampaignTestSupport.config()
        let template = try CampaignTestSupport.template(messages: [])
        #expect(StagePlan.testStages(config: config, template: template).map(\.dimension) == [.subject, .offer])
        let stage2 = try StagePlan.make(config: config, template: template, stage: 2, winners: StageWinners(subject: "routine"))
        #expect(stage2.kind == .test(.offer))
        #expect(stage2.arms.map(\.variant.choice.message) == ["main", "main"])
        let rest = try StagePlan.make(config: config, template: template, stage: 3,
                                      winners: StageWinners(subject: "routine", offer: "fee-kit"))
        #expect(rest.kind == .rest && rest.arms[0].variant.key == "dew/routine/main/fee-kit")
    }

    @Test("configured stages: order, chosen variants, sizes and controls")
    func configured() throws {
        let yaml = CampaignTestSupport.minimalYAML + "\n" + """
            size_per_variant: 12
            stages:
              - tests: offer
                variants: [bigger-fee, fee-kit]
                size: 30
              - tests: subject
            """
        let config = try CampaignTestSupport.config(yaml)
        let template = try CampaignTestSupport.template(subjects: ["routine", "barrier", "question"])
        let stage1 = try StagePlan.make(config: config, template: template, stage: 1)
        #expect(stage1.arms.map(\.variant.key) == ["dew/routine/main/bigger-fee", "dew/routine/main/fee-kit"])
        #expect(stage1.arms.map(\.size) == [30, 30])
        let stage2 = try StagePlan.make(config: config, template: template, stage: 2, winners: StageWinners(offer: "fee-kit"))
        #expect(stage2.arms.map(\.variant.choice.subject) == ["routine", "barrier", "question"])
        #expect(stage2.arms.allSatisfy { $0.variant.choice.offer == "fee-kit" && $0.size == 12 })
        #expect(StagePlan.stageCount(config: config, template: template) == 3)
    }

    @Test("errors name the stage and what to do")
    func errors() throws {
        let config = try CampaignTestSupport.config()
        let template = try CampaignTestSupport.template()

        func error(_ body: () throws -> StagePlan) -> CampaignConfigError? {
            do { _ = try body(); return nil } catch { return error as? CampaignConfigError }
        }
        let noStage = try #require(error { try StagePlan.make(config: config, template: template, stage: 5) })
        #expect(noStage.kind == .invalidStage && noStage.description.contains("pick a stage from 1 to 4"))
        #expect(error { try StagePlan.make(config: config, template: template, stage: 0) } != nil)

        let noWinner = try #require(error { try StagePlan.make(config: config, template: template, stage: 2) })
        #expect(noWinner.description.contains("needs the winning subject of stage 1") && noWinner.description.contains("routine, barrier"))
        let badWinner = try #require(error {
            try StagePlan.make(config: config, template: template, stage: 2, winners: StageWinners(subject: "nope"))
        })
        #expect(badWinner.description.contains("'nope' was not tested in stage 1"))

        let other = try CampaignTestSupport.template(id: "other")
        #expect(error { try StagePlan.make(config: config, template: other, stage: 1) }?.field == "template")

        let unknownVariant = try CampaignTestSupport.config(CampaignTestSupport.minimalYAML + "\nstages:\n  - tests: offer\n    variants: [fee-kit, free]\n")
        let unknown = try #require(error { try StagePlan.make(config: unknownVariant, template: template, stage: 1) })
        #expect(unknown.field == "stages[1].variants" && unknown.line == 9)
        #expect(unknown.description == "pitchlab.yaml:9: stages[1].variants names offer 'free', which template 'dew' does not have; use one of: fee-kit, bigger-fee.")

        let explicitMessages = try CampaignTestSupport.config(CampaignTestSupport.minimalYAML + "\nstages:\n  - tests: message\n")
        let single = try CampaignTestSupport.template(messages: [])
        let tooFew = try #require(error { try StagePlan.make(config: explicitMessages, template: single, stage: 1) })
        #expect(tooFew.kind == .invalidStage && tooFew.description.contains("has only 1"))
    }
}
