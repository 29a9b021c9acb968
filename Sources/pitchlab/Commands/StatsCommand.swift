import ArgumentParser
import Foundation
import PitchStats

/// `pitchlab stats`: the statistics behind the analyser, for one-off questions at the terminal.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Wilson intervals, A/B(/n) comparisons, sample sizes and sends-to-settle.",
        subcommands: [Interval.self, Compare.self, SampleSizeCommand.self, Settle.self]
    )
}

extension StatsCommand {
    /// `stats interval S/N [--confidence C] [--json]`.
    struct Interval: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The rate S/N and its Wilson score interval.")

        @Argument(help: "Successes and trials, e.g. 3/40.")
        var counts: String

        @Option(help: "Two-sided confidence level, strictly between 0 and 1.")
        var confidence: Double = 0.95

        @Flag(help: "Print one JSON document instead of text.")
        var json = false

        func validate() throws { _ = try report() }

        func run() throws { try emit(report(), json: json) }

        private func report() throws -> IntervalReport {
            let parsed = try parseCounts(counts)
            return try usage { try StatsReport.interval(parsed, confidence: confidence) }
        }
    }

    /// `stats compare S/N S/N [S/N…] [--confidence C] [--json]`.
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare arms; the first is the control (A), the second the challenger (B).")

        @Argument(help: "Two or more S/N counts; the first is the control.")
        var counts: [String] = []

        @Option(help: "Two-sided confidence level of each arm's interval.")
        var confidence: Double = 0.95

        @Flag(help: "Print one JSON document instead of text.")
        var json = false

        func validate() throws {
            guard counts.count >= 2 else {
                throw ValidationError("<counts> needs at least two S/N arguments (control first), got \(counts.count).")
            }
            // The inputs only: the comparison itself is computed once, in run().
            for text in counts { _ = try parseCounts(text) }
            _ = try usage { try Normal.criticalValue(confidence: confidence) }
        }

        func run() throws { try emit(report(), json: json) }

        private func report() throws -> CompareReport {
            let arms = try counts.map(parseCounts)
            return try usage { try StatsReport.compare(arms, confidence: confidence) }
        }
    }

    /// `stats sample-size --baseline P1 --target P2 [--alpha A] [--power W] [--json]`.
    struct SampleSizeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sample-size",
            abstract: "Sends per arm for a fixed-horizon test of baseline → target.")

        @Option(help: "The control's rate, e.g. 0.03.")
        var baseline: Double

        @Option(help: "The rate to detect, e.g. 0.06.")
        var target: Double

        @Option(help: "Two-sided significance level.")
        var alpha: Double = 0.05

        @Option(help: "Power, the chance to detect the difference if it is real.")
        var power: Double = 0.8

        @Flag(help: "Print one JSON document instead of text.")
        var json = false

        func validate() throws { _ = try report() }

        func run() throws { try emit(report(), json: json) }

        private func report() throws -> SampleSizeReport {
            try usage { try StatsReport.sampleSize(baseline: baseline, target: target, alpha: alpha, power: power) }
        }
    }

    /// `stats settle S/N --threshold T [--confidence C] [--json]`.
    struct Settle: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "More sends at the current rate until the interval excludes the threshold.")

        @Argument(help: "Successes and trials so far, e.g. 2/40.")
        var counts: String

        @Option(help: "The benchmark rate to settle against, e.g. 0.03.")
        var threshold: Double

        @Option(help: "Two-sided confidence level.")
        var confidence: Double = 0.95

        @Flag(help: "Print one JSON document instead of text.")
        var json = false

        func validate() throws { _ = try report() }

        func run() throws { try emit(report(), json: json) }

        private func report() throws -> SettleReport {
            let parsed = try parseCounts(counts)
            return try usage { try StatsReport.settle(parsed, threshold: threshold, confidence: confidence) }
        }
    }
}

/// Parses `S/N`, turning a bad value into a usage error (exit 64) that names the argument.
private func parseCounts(_ text: String) throws -> Proportion {
    do {
        return try Proportion(parsing: text)
    } catch {
        throw ValidationError("Invalid <counts> '\(text)': \(error.reason).")
    }
}

/// Runs a PitchStats call, turning its input errors into usage errors (exit 64) that name the
/// argument as the user typed it (`confidence` → `--confidence`, `counts 0/0` → `<counts> 0/0`).
private func usage<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as StatsError {
        let options = ["confidence", "baseline", "target", "alpha", "power", "threshold"]
        var name = error.parameter
        if options.contains(name) {
            name = "--" + name
        } else if name.hasPrefix("counts") {
            name = "<counts>" + name.dropFirst("counts".count)
        }
        throw ValidationError("Invalid \(name): \(error.reason).")
    }
}

/// Prints the document: one JSON document with `--json`, else its text.
private func emit(_ report: some StatsDocument, json: Bool) throws {
    print(json ? try report.jsonString() : report.text)
}
