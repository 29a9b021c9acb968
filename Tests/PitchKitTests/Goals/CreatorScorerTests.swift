import Foundation
import PitchKit
import Testing

/// `pitchlab recipients rank`: the score, its components, missing data, top N per group.
@Suite("Creator scoring")
struct CreatorScorerTests {
    let scorer = CreatorScorer(valuePerView: 0.05, productCost: 118, shippingCost: 12, fees: 5)

    private func recipient(
        _ id: Int64, followers: Int? = 10_000, avgViews: Int? = 2_000, relevance: Double? = 0.5, cost: Double? = 20,
        persona: String? = "skincare", type: String? = "peer"
    ) -> StoredRecipient {
        StoredRecipient(
            id: id, emailKey: "c\(id)@example.com", email: "c\(id)@example.com",
            fields: RecipientFields(
                handle: "@c\(id)", followers: followers, avgViews: avgViews, relevance: relevance, cost: cost, persona: persona,
                type: type),
            firstImportID: nil)
    }

    @Test("known inputs: expected views × relevance × value per view − every cost, each component shown")
    func knownInputs() throws {
        let outcome = scorer.score(recipient(1, followers: 48_200, avgViews: 15_300, relevance: 0.82, cost: 350))
        guard case .scored(let score) = outcome else {
            Issue.record("expected a score, got \(outcome)")
            return
        }
        #expect(abs(score.engagement - 15_300.0 / 48_200.0) < 1e-12)
        #expect(score.expectedViews == 15_300)
        #expect(abs(score.relevantViews - 12_546) < 1e-9)
        #expect(abs(score.value - 627.3) < 1e-9)
        #expect(score.cost == CreatorScore.Cost(creator: 350, product: 118, shipping: 12, fees: 5))
        #expect(score.cost.total == 485)
        #expect(abs(score.score - (627.3 - 485)) < 1e-9)
        #expect(score.creator.handle == "@c1")
    }

    @Test("missing followers, average views, relevance or cost: unscored, naming what is missing")
    func missingData() {
        #expect(scorer.score(recipient(1, relevance: nil)) == .unscored(missing: ["relevance"]))
        #expect(scorer.score(recipient(2, followers: nil, cost: nil)) == .unscored(missing: ["followers", "cost"]))
        #expect(scorer.score(recipient(3, followers: 0, avgViews: nil)) == .unscored(missing: ["followers", "avg_views"]))
        let ranking = CreatorRanking.make(recipients: [recipient(1), recipient(2, relevance: nil)], scorer: scorer)
        #expect(ranking.groups.flatMap(\.creators).map(\.score.creator.id) == [1])
        #expect(ranking.unscored.map(\.creator.id) == [2] && ranking.unscored[0].missing == ["relevance"])
    }

    @Test("--top N --by persona,type keeps the best N of each group; equal scores go by recipient id")
    func topPerGroup() throws {
        let recipients = [
            recipient(5, avgViews: 4_000),  // best peer skincare
            recipient(2, avgViews: 3_000),  // tie with 3
            recipient(3, avgViews: 3_000),
            recipient(4, avgViews: 1_000),
            recipient(6, avgViews: 9_000, type: "authority"),
            recipient(7, avgViews: 500, persona: "derm", type: "peer"),
            recipient(8, avgViews: 800, persona: nil, type: "peer"),
        ]
        let ranking = CreatorRanking.make(recipients: recipients, scorer: scorer, top: 2, by: [.persona, .type])
        let keys = ranking.groups.map { $0.key.mapValues { $0 ?? "-" } }
        #expect(keys == [
            ["persona": "derm", "type": "peer"], ["persona": "skincare", "type": "authority"],
            ["persona": "skincare", "type": "peer"], ["persona": "-", "type": "peer"],
        ])
        let peers = try #require(ranking.groups.first { $0.key["persona"] == "skincare" && $0.key["type"] == "peer" })
        #expect(peers.creators.map(\.score.creator.id) == [5, 2] && peers.creators.map(\.rank) == [1, 2] && peers.scored == 4)
        let shuffled = CreatorRanking.make(recipients: recipients.reversed(), scorer: scorer, top: 2, by: [.persona, .type])
        #expect(shuffled == ranking)

        let overall = CreatorRanking.make(recipients: recipients, scorer: scorer, top: 3)
        #expect(overall.groups.count == 1 && overall.groups[0].key.isEmpty)
        #expect(overall.groups[0].creators.map(\.score.creator.id) == [6, 5, 2])
    }

    @Test("--by parses persona, type and platform and names an unknown field")
    func groupingList() {
        #expect((try? RankGrouping.parseList("persona, type").get()) == [.persona, .type])
        guard case .failure(let error) = RankGrouping.parseList("persona,tier") else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description.contains("'tier'"))
    }

    @Test("the JSON shows every component, and unscored creators with what is missing, never an address")
    func json() throws {
        let ranking = CreatorRanking.make(recipients: [recipient(1), recipient(2, cost: nil)], scorer: scorer, top: 1, by: [.type])
        let text = try JSONOutput.string(ranking)
        #expect(!text.contains("@example.com"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["value_per_view", "extra_cost", "by", "top", "groups", "unscored"])
        let groups = try #require(object["groups"] as? [[String: Any]])
        let entry = try #require((groups.first?["creators"] as? [[String: Any]])?.first)
        #expect(Set(entry.keys) == [
            "rank", "id", "handle", "name", "platform", "persona", "type", "followers", "avg_views", "engagement",
            "expected_views", "relevance", "relevant_views", "value_per_view", "value", "cost", "score",
        ])
        let unscored = try #require((object["unscored"] as? [[String: Any]])?.first)
        #expect(unscored["missing"] as? [String] == ["cost"])
    }
}
