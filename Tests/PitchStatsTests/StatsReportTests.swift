import Foundation
import Testing

import PitchStats

/// Decodes a document's JSON into a dictionary, failing the test if it is not one JSON object.
private func object(_ document: some StatsDocument) throws -> [String: Any] {
    let json = try document.jsonString()
    #expect(!json.contains("\n"))
    let value = try JSONSerialization.jsonObject(with: Data(json.utf8))
    return try #require(value as? [String: Any])
}

private func counts(_ s: Int, _ n: Int) throws -> Proportion { try Proportion(successes: s, trials: n) }

@Suite("CLI documents (StatsReport)")
struct StatsReportTests {
    @Test("interval: exact keys and values; rate is null for 0/0")
    func interval() throws {
        let json = try object(try StatsReport.interval(successes: 2, trials: 40))
        #expect(Set(json.keys) == ["successes", "trials", "rate", "confidence", "lower", "upper"])
        #expect(json["successes"] as? Int == 2 && json["trials"] as? Int == 40)
        #expect(json["rate"] as? Double == 0.05 && json["confidence"] as? Double == 0.95)
        expectClose(try #require(json["lower"] as? Double), 0.013820667386148358, "lower")
        expectClose(try #require(json["upper"] as? Double), 0.16503877369140962, "upper")

        let empty = try object(try StatsReport.interval(successes: 0, trials: 0, confidence: 0.8))
        #expect(empty["rate"] is NSNull)
        #expect(empty["lower"] as? Double == 0 && empty["upper"] as? Double == 1)
    }

    @Test("compare: exact keys, arm labels, control-first pairwise fields, Holm against the control")
    func compare() throws {
        let report = try StatsReport.compare([try counts(0, 20), try counts(3, 20), try counts(1, 20)])
        let json = try object(report)
        #expect(Set(json.keys) == [
            "arms", "fisher_p", "z", "z_p", "prob_b_beats_a", "expected_loss_a", "expected_loss_b", "p_best", "holm_p",
        ])
        let arms = try #require(json["arms"] as? [[String: Any]])
        #expect(arms.map { $0["label"] as? String } == ["A", "B", "C"])
        for arm in arms {
            #expect(Set(arm.keys) == ["label", "successes", "trials", "rate", "lower", "upper"])
        }
        expectClose(try #require(json["fisher_p"] as? Double), 3.0 / 13.0, relative: 1e-12, "fisher_p")
        expectClose(try #require(json["z"] as? Double), 1.8009006755629924, "z")
        expectClose(try #require(json["z_p"] as? Double), 0.0717185365084342, "z_p")
        expectClose(try #require(json["prob_b_beats_a"] as? Double), 0.9465290806754222, "P(B>A)")
        expectClose(try #require(json["expected_loss_a"] as? Double), 0.1385680400144382, "loss A")
        expectClose(try #require(json["expected_loss_b"] as? Double), 0.0022044036508018358, "loss B")
        let pBest = try #require(json["p_best"] as? [Double])
        for (actual, expected) in zip(pBest, [0.038546981846534635, 0.7992119298135985, 0.16224108833986695]) {
            expectClose(actual, expected, "p_best")
        }
        let holm = try #require(json["holm_p"] as? [Any])
        #expect(holm.count == 3 && holm[0] is NSNull)
        expectClose(try #require(holm[1] as? Double), 6.0 / 13.0, relative: 1e-12, "holm B")
        #expect(holm[2] as? Double == 1)
        #expect(report.text.contains("P(B > A) = 0.947"))
    }

    @Test("compare: degenerate arms give null z and rate but never NaN")
    func compareDegenerate() throws {
        let json = try object(try StatsReport.compare([try counts(0, 0), try counts(0, 0)]))
        #expect(json["z"] is NSNull)
        #expect(json["z_p"] as? Double == 1 && json["fisher_p"] as? Double == 1)
        expectClose(try #require(json["prob_b_beats_a"] as? Double), 0.5, relative: 1e-12, "uniform priors")
        let arms = try #require(json["arms"] as? [[String: Any]])
        #expect(arms.allSatisfy { $0["rate"] is NSNull })
        let error = #expect(throws: StatsError.self) { try StatsReport.compare([try counts(1, 2)]) }
        #expect(error?.code == .tooFewArms)
    }

    @Test("sample-size and settle documents have exactly their one key; settle is null at the threshold")
    func sampleSizeAndSettle() throws {
        let size = try object(try StatsReport.sampleSize(baseline: 0.03, target: 0.06))
        #expect(Set(size.keys) == ["per_arm"] && size["per_arm"] as? Int == 749)
        let settle = try object(try StatsReport.settle(try counts(2, 40), threshold: 0.03))
        #expect(Set(settle.keys) == ["additional_sends"] && settle["additional_sends"] as? Int == 240)
        let atThreshold = try object(try StatsReport.settle(try counts(3, 100), threshold: 0.03))
        #expect(atThreshold["additional_sends"] is NSNull)
    }

    @Test("Documents round-trip through Codable")
    func roundTrip() throws {
        let report = try StatsReport.compare([try counts(2, 50), try counts(7, 50)])
        let decoded = try JSONDecoder().decode(CompareReport.self, from: Data(try report.jsonString().utf8))
        #expect(decoded.arms == report.arms && decoded.pBest == report.pBest && decoded.holmP == report.holmP)
        #expect(decoded.z == report.z && decoded.expectedLossB == report.expectedLossB)
        let settle = try JSONDecoder().decode(SettleReport.self, from: Data(#"{"additional_sends":null}"#.utf8))
        #expect(settle.additionalSends == nil)
    }

    @Test("Arm labels run A…Z, AA, AB, …", arguments: [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")])
    func labels(index: Int, label: String) {
        #expect(StatsReport.armLabel(index) == label)
    }

    @Test("Human-readable texts")
    func texts() throws {
        #expect(try StatsReport.interval(successes: 2, trials: 40).text == "2/40 = 5.0%, 95% Wilson interval 1.4% to 16.5%.")
        #expect(try StatsReport.interval(successes: 0, trials: 0).text.contains("no trials yet"))
        #expect(try StatsReport.settle(try counts(2, 40), threshold: 0.03).text.contains("About 240 more sends"))
        #expect(try StatsReport.settle(try counts(3, 100), threshold: 0.03).text.contains("sits at 3.0%"))
        #expect(try StatsReport.sampleSize(baseline: 0.05, target: 0.1).text.hasPrefix("435 sends per arm"))
    }
}
