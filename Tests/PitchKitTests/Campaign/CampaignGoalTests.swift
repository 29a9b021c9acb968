import Foundation
import Testing

@testable import PitchKit

/// The `goal:` and `scoring:` sections of `pitchlab.yaml`.
@Suite("Campaign goal and scoring configuration")
struct CampaignGoalTests {
    private func yaml(_ tail: String) -> String { CampaignTestSupport.minimalYAML + "\n" + tail }

    @Test("a plain string is a description only")
    func plainString() throws {
        let config = try CampaignTestSupport.config(yaml("goal: get the kit into 20 routines"))
        #expect(config.goal == CampaignGoal(description: "get the kit into 20 routines", line: 8))
        #expect(config.goal?.measure == nil)
    }

    @Test("a mapping needs metric, target and deadline, and says which is missing with its line")
    func structured() throws {
        let config = try CampaignTestSupport.config(yaml("goal:\n  metric: Sign-ups\n  target: 40\n  deadline: 2026-06-30\n  measured_by: discount_codes"))
        #expect(config.goal?.measure?.metric == .signups && config.goal?.measure?.measuredBy == .code)

        let noTarget = try #require(CampaignTestSupport.failure(yaml("goal:\n  metric: sales\n  deadline: 2026-06-30")))
        #expect(noTarget.kind == .missingField && noTarget.field == "goal.target")
        #expect(noTarget.description.hasPrefix("pitchlab.yaml:9:3: goal.target is missing"))
        let noDeadline = try #require(CampaignTestSupport.failure(yaml("goal:\n  metric: sales\n  target: 5000")))
        #expect(noDeadline.field == "goal.deadline")
        let badMetric = try #require(CampaignTestSupport.failure(yaml("goal:\n  metric: vibes\n  target: 5\n  deadline: 2026-06-30")))
        #expect(badMetric.kind == .invalidField && badMetric.line == 9 && badMetric.description.contains("sales, orders, signups or posts"))
        let fractional = try #require(CampaignTestSupport.failure(yaml("goal:\n  metric: posts\n  target: 2.5\n  deadline: 2026-06-30")))
        #expect(fractional.field == "goal.target" && fractional.description.contains("whole number"))
        let badDate = try #require(CampaignTestSupport.failure(yaml("goal:\n  metric: posts\n  target: 5\n  deadline: 30/06/2026")))
        #expect(badDate.field == "goal.deadline" && badDate.line == 11)
        let typo = try #require(CampaignTestSupport.failure(yaml("goal:\n  metric: posts\n  target: 5\n  dealine: 2026-06-30")))
        #expect(typo.kind == .unknownKey && typo.description.contains("did you mean deadline?"))
        let misplaced = try #require(CampaignTestSupport.failure(yaml("goal:\n  value_per_view: 0.1")))
        #expect(misplaced.description.contains("it belongs under scoring:"))
    }

    @Test("scoring: amounts of 0 or more; the costs default to 0")
    func scoring() throws {
        let config = try CampaignTestSupport.config(yaml("scoring:\n  value_per_view: 0.004\n  fees: \"$15\""))
        #expect(config.scoring == ScoringConfig(valuePerView: 0.004, productCost: 0, shippingCost: 0, fees: 15))
        #expect(try CampaignTestSupport.config().scoring == ScoringConfig())
        let negative = try #require(CampaignTestSupport.failure(yaml("scoring:\n  product_cost: -3")))
        #expect(negative.field == "scoring.product_cost" && negative.line == 9)
    }
}
