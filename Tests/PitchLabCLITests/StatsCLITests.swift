import Foundation
import Testing

/// Runs `pitchlab stats …` with `--json` and returns the single JSON object it printed.
private func statsJSON(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let result = CLI.run(["stats"] + arguments + ["--json"])
    #expect(result.status == 0, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
    #expect(result.stderr.isEmpty, "stderr: \(result.stderr)", sourceLocation: sourceLocation)
    let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    // Exactly one JSON document on stdout, nothing else.
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? [String: Any], "stdout is not one JSON object: \(result.stdout)", sourceLocation: sourceLocation)
}

/// Expects a number within 1e-9 relative of a scipy/mpmath reference value.
private func expectNumber(
    _ value: Any?, _ expected: Double, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual = value as? Double else {
        Issue.record("\(name) is not a number: \(String(describing: value))", sourceLocation: sourceLocation)
        return
    }
    #expect(abs(actual - expected) <= 1e-9 * abs(expected), "\(name): \(actual) vs \(expected)", sourceLocation: sourceLocation)
}

// Reference values below come from scipy 1.17.1 / mpmath (see Scripts/gen_stats_reference.py).
@Suite("pitchlab stats (runs the built binary)")
struct StatsCLITests {
    @Test("stats interval --json prints the Wilson document")
    func interval() throws {
        let json = try statsJSON(["interval", "2/40"])
        #expect(Set(json.keys) == ["successes", "trials", "rate", "confidence", "lower", "upper"])
        #expect(json["successes"] as? Int == 2 && json["trials"] as? Int == 40)
        expectNumber(json["rate"], 0.05, "rate")
        expectNumber(json["confidence"], 0.95, "confidence")
        expectNumber(json["lower"], 0.013820667386148358, "lower")
        expectNumber(json["upper"], 0.16503877369140962, "upper")

        let eighty = try statsJSON(["interval", "2/40", "--confidence", "0.8"])
        expectNumber(eighty["lower"], 0.020967757620056024, "80% lower")
        expectNumber(eighty["upper"], 0.11452822440293535, "80% upper")

        let empty = try statsJSON(["interval", "0/0"])
        #expect(empty["rate"] is NSNull)
        #expect(empty["lower"] as? Double == 0 && empty["upper"] as? Double == 1)
    }

    @Test("stats compare --json prints the comparison document, control first")
    func compareTwoArms() throws {
        let json = try statsJSON(["compare", "2/50", "7/50"])
        #expect(Set(json.keys) == [
            "arms", "fisher_p", "z", "z_p", "prob_b_beats_a", "expected_loss_a", "expected_loss_b", "p_best", "holm_p",
        ])
        let arms = try #require(json["arms"] as? [[String: Any]])
        #expect(arms.count == 2)
        #expect(arms.map { $0["label"] as? String } == ["A", "B"])
        #expect(Set(arms[0].keys) == ["label", "successes", "trials", "rate", "lower", "upper"])
        #expect(arms[1]["successes"] as? Int == 7 && arms[1]["trials"] as? Int == 50)
        expectNumber(arms[0]["lower"], 0.011038884327619812, "A lower")
        expectNumber(arms[1]["upper"], 0.26186193710585537, "B upper")
        expectNumber(json["fisher_p"], 0.1595050146150211, "fisher_p")
        expectNumber(json["z"], 1.7471413945365306, "z")
        expectNumber(json["z_p"], 0.08061281453855484, "z_p")
        expectNumber(json["prob_b_beats_a"], 0.9540014588160022, "prob_b_beats_a")
        expectNumber(json["expected_loss_a"], 0.09731003814765313, "expected_loss_a")
        expectNumber(json["expected_loss_b"], 0.001156191993806973, "expected_loss_b")
        let pBest = try #require(json["p_best"] as? [Double])
        #expect(pBest.count == 2)
        expectNumber(pBest[1], 0.9540014588160022, "p_best[1]")
        let holm = try #require(json["holm_p"] as? [Any])
        #expect(holm.count == 2 && holm[0] is NSNull)
        expectNumber(holm[1], 0.1595050146150211, "holm_p[1]")
    }

    @Test("stats compare with three arms: Holm against the control, P(best) over all arms")
    func compareThreeArms() throws {
        let json = try statsJSON(["compare", "0/20", "3/20", "1/20"])
        let arms = try #require(json["arms"] as? [[String: Any]])
        #expect(arms.map { $0["label"] as? String } == ["A", "B", "C"])
        #expect(arms[0]["lower"] as? Double == 0)
        expectNumber(json["fisher_p"], 0.23076923076923078, "fisher_p")
        expectNumber(json["prob_b_beats_a"], 0.9465290806754222, "prob_b_beats_a")
        let holm = try #require(json["holm_p"] as? [Any])
        #expect(holm.count == 3 && holm[0] is NSNull)
        expectNumber(holm[1], 0.46153846153846156, "holm_p[1]")
        expectNumber(holm[2], 1.0, "holm_p[2]")
        let pBest = try #require(json["p_best"] as? [Double])
        for (i, expected) in [0.038546981846534635, 0.7992119298135985, 0.16224108833986695].enumerated() {
            expectNumber(pBest[i], expected, "p_best[\(i)]")
        }
    }

    @Test("stats compare with no successes anywhere: z is null, not NaN")
    func compareDegenerate() throws {
        let json = try statsJSON(["compare", "0/20", "0/20"])
        #expect(json["z"] is NSNull)
        #expect(json["z_p"] as? Double == 1 && json["fisher_p"] as? Double == 1)
    }

    @Test("stats sample-size --json prints per_arm")
    func sampleSize() throws {
        let json = try statsJSON(["sample-size", "--baseline", "0.03", "--target", "0.06"])
        #expect(Set(json.keys) == ["per_arm"])
        #expect(json["per_arm"] as? Int == 749)
        let bonferroni = try statsJSON(["sample-size", "--baseline", "0.05", "--target", "0.10", "--alpha", "0.0125"])
        #expect(bonferroni["per_arm"] as? Int == 618)
        let powered = try statsJSON(["sample-size", "--baseline", "0.2", "--target", "0.25", "--alpha", "0.01", "--power", "0.9"])
        #expect(powered["per_arm"] as? Int == 2074)
    }

    @Test("stats settle --json prints additional_sends, null when the rate sits at the threshold")
    func settle() throws {
        let json = try statsJSON(["settle", "2/40", "--threshold", "0.03"])
        #expect(Set(json.keys) == ["additional_sends"])
        #expect(json["additional_sends"] as? Int == 240)
        #expect(try statsJSON(["settle", "0/400", "--threshold", "0.01"])["additional_sends"] as? Int == 0)
        #expect(try statsJSON(["settle", "1/160", "--threshold", "0.01"])["additional_sends"] as? Int == 2545)
        #expect(try statsJSON(["settle", "3/100", "--threshold", "0.03"])["additional_sends"] is NSNull)
        #expect(try statsJSON(["settle", "2/18", "--threshold", "0.15", "--confidence", "0.8"])["additional_sends"] as? Int == 121)
    }

    @Test("Without --json the commands print short text, not JSON")
    func text() {
        let interval = CLI.run(["stats", "interval", "2/40"])
        #expect(interval.status == 0)
        #expect(interval.stdout == "2/40 = 5.0%, 95% Wilson interval 1.4% to 16.5%.\n")
        let settle = CLI.run(["stats", "settle", "2/40", "--threshold", "0.03"])
        #expect(settle.stdout.contains("240 more sends"))
        let compare = CLI.run(["stats", "compare", "2/50", "7/50"])
        #expect(compare.status == 0 && compare.stdout.contains("P(B > A) = 0.954"))
    }

    @Test("Bad input exits 64 with one sentence naming the argument, and prints nothing on stdout", arguments: [
        (["interval", "5/3"], "<counts> '5/3'"),
        (["interval", "x/10"], "<counts> 'x/10'"),
        (["interval", "3/10", "--confidence", "1.5"], "--confidence"),
        (["compare", "2/40"], "<counts>"),
        (["compare", "2/40", "3/x"], "<counts> '3/x'"),
        (["compare", "2/40", "3/30", "--confidence", "0"], "--confidence"),
        (["sample-size", "--baseline", "0.03", "--target", "0.03"], "--target"),
        (["sample-size", "--baseline", "1.5", "--target", "0.03"], "--baseline"),
        (["sample-size", "--baseline", "0.03", "--target", "0.06", "--power", "1"], "--power"),
        (["settle", "2/40", "--threshold", "1.2"], "--threshold"),
        (["settle", "0/0", "--threshold", "0.03"], "<counts>"),
    ])
    func badInput(arguments: [String], mentions: String) {
        let result = CLI.run(["stats"] + arguments + ["--json"])
        #expect(result.status == 64, "exit \(result.status) for \(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty, "stdout should be empty: \(result.stdout)")
        let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
        #expect(firstLine.hasPrefix("Error: "), "\(result.stderr)")
        #expect(firstLine.contains(mentions), "'\(firstLine)' should name \(mentions)")
        #expect(firstLine.hasSuffix("."), "'\(firstLine)' should be one sentence")
    }
}
