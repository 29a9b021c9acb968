import Testing

import PitchStats

@Suite("Parsing S/N counts")
struct ProportionTests {
    @Test("Parses S/N with optional spaces", arguments: [
        ("3/40", 3, 40), ("0/0", 0, 0), (" 12 / 50 ", 12, 50), ("100000/100000", 100_000, 100_000),
    ])
    func parses(text: String, successes: Int, trials: Int) throws {
        let parsed = try Proportion(parsing: text)
        #expect(parsed.successes == successes && parsed.trials == trials)
        #expect(parsed.description == "\(successes)/\(trials)")
    }

    @Test("Rejects malformed counts with a sentence naming the text", arguments: [
        "x/10", "3", "3/", "/10", "3/10/2", "-1/10", "1.5/10", "3 10", "", "+3/10",
    ])
    func rejectsMalformed(text: String) {
        let error = #expect(throws: StatsError.self) { try Proportion(parsing: text) }
        #expect(error?.code == .malformedCounts)
        #expect(error?.description == "Invalid counts '\(text)': write successes/trials with whole numbers, e.g. 3/40.")
    }

    @Test("Rejects more successes than trials")
    func rejectsTooManySuccesses() {
        let error = #expect(throws: StatsError.self) { try Proportion(parsing: "5/3") }
        #expect(error?.code == .successesExceedTrials)
        #expect(error?.description == "Invalid counts '5/3': successes (5) cannot exceed trials (3).")
    }

    @Test("The rate is nil without trials, s/n otherwise")
    func rate() throws {
        #expect(try Proportion(successes: 0, trials: 0).rate == nil)
        #expect(try Proportion(successes: 1, trials: 4).rate == 0.25)
        #expect(try Proportion(successes: 1, trials: 4).failures == 3)
    }
}

@Suite("Size limits")
struct SizeLimitTests {
    @Test("Counts above Proportion.maximumTrials are rejected instead of running for minutes or overflowing")
    func tooManyTrials() throws {
        #expect(try Proportion(successes: 0, trials: Proportion.maximumTrials).trials == Proportion.maximumTrials)
        let error = #expect(throws: StatsError.self) { try Proportion(parsing: "1/9223372036854775807") }
        #expect(error?.code == .tooManyTrials)
        let overflow = #expect(throws: StatsError.self) { try Proportion(parsing: "1/99999999999999999999") }
        #expect(overflow?.code == .malformedCounts)
        let prior = #expect(throws: StatsError.self) {
            try BetaPosterior(successes: 1, trials: 2, priorAlpha: Int.max)
        }
        #expect(prior?.code == .tooManyTrials)
    }
}
