import Foundation
import PitchMail

// pitchlab-bench: the Swift side of `make bench`. Each mode prints one number (its rate) as the
// last line; Benchmarks/*.py run the baselines in the same run and print the JSON lines.
//
//   pitchlab-bench smtp URL COUNT CONNECTIONS SIZE   messages/s through CurlSMTPTransport
//   pitchlab-bench render COUNT                      renders/s through TemplateRenderer
//   pitchlab-bench pipeline URL COUNT CONNECTIONS BATCH  pitches/s through CampaignSender (render,
//                                                    durable ledger, SMTP), from a fresh workspace
//   pitchlab-bench pixel-prepare DIR COUNT PATHS     a workspace with COUNT accepted sends; their open
//                                                    pixel paths (key: PITCHLAB_TRACKING_KEY) in PATHS
//   pitchlab-bench pixel-count DIR                   the open hits stored in the workspace DIR

/// Sends `count` messages of about `size` bytes over `connections` reused connections, with 16
/// sends in flight per connection (as the campaign sender keeps a connection busy). The messages
/// are composed by PitchLab's composer before the clock starts, as the baselines send ready-made
/// payloads; composing is measured by its own cost in the render and pipeline benchmarks.
func runSMTPBench(url: String, count: Int, connections: Int, size: Int) async throws -> Double {
    let producers = connections * 16
    let transport = try CurlSMTPTransport(configuration: SMTPConfiguration(url: url, connections: connections))
    let from = Mailbox(name: "Bench Sender", address: try MailAddress("bench@pitchlab.example"))
    let filler = String(repeating: "Short pitch body line for the SMTP throughput benchmark.\n", count: max(1, (size - 400) / 57))
    let composer = MessageComposer()
    var rng = SystemRandomNumberGenerator()
    var prepared: [(bytes: [UInt8], envelope: Envelope)] = []
    prepared.reserveCapacity(count)
    for i in 0..<count {
        let to = Mailbox(name: "Creator \(i)", address: try MailAddress("creator\(i)@example.org"))
        let message = MailMessage(
            from: from, to: [to], subject: "Collab idea for creator \(i)", date: Date(),
            messageID: MessageID.make(domain: "pitchlab.example", date: Date(), using: &rng), text: filler)
        prepared.append((try composer.compose(message), Envelope(from: from.address, recipients: [to.address])))
    }
    let messages = prepared
    let cpu = ProcessCPU.now()
    let start = ContinuousClock.now
    let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
        for worker in 0..<producers {
            group.addTask {
                var ok = 0
                for i in stride(from: worker, to: count, by: producers) {
                    if case .accepted = try await transport.send(messages[i].bytes, envelope: messages[i].envelope) { ok += 1 }
                }
                return ok
            }
        }
        return try await group.reduce(0, +)
    }
    let seconds = (ContinuousClock.now - start) / .seconds(1)
    ProcessCPU.report(since: cpu, per: count)
    guard accepted == count else { throw BenchFailure(message: "only \(accepted) of \(count) messages were accepted") }
    return Double(count) / seconds
}

/// The process's CPU time (user + system), to report a timed section's cost per item on stderr.
struct ProcessCPU {
    let seconds: Double

    static func now() -> ProcessCPU {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return ProcessCPU(seconds: s(usage.ru_utime) + s(usage.ru_stime))
    }

    /// Prints `cpu: X µs per item` for the time since `start`.
    static func report(since start: ProcessCPU, per count: Int) {
        let micros = (now().seconds - start.seconds) / Double(max(1, count)) * 1e6
        FileHandle.standardError.write(Data(String(format: "cpu: %.1f µs per message (all threads)\n", micros).utf8))
    }
}

struct BenchFailure: Error, CustomStringConvertible { let message: String; var description: String { message } }

/// `--name value` options after the mode (numbers unless listed in `words`).
func options(_ arguments: ArraySlice<String>, _ names: Set<String>, words: Set<String> = []) throws -> [String: String] {
    var values: [String: String] = [:]
    var rest = arguments
    while let name = rest.popFirst() {
        guard names.contains(name), let value = rest.popFirst(), words.contains(name) || UInt64(value) != nil else {
            throw BenchFailure(message: "bad option \(name); expected one of \(names.sorted().joined(separator: ", ")) with a value")
        }
        values[name] = value
    }
    return values
}

let args = CommandLine.arguments
do {
    switch args.count > 1 ? args[1] : "" {
    case "smtp" where args.count == 6:
        let rate = try await runSMTPBench(url: args[2], count: Int(args[3])!, connections: Int(args[4])!, size: Int(args[5])!)
        print(String(format: "%.1f", rate))
    case "pipeline" where args.count == 6:
        let rate = try await runPipelineBench(url: args[2], count: Int(args[3])!, connections: Int(args[4])!, batch: Int(args[5])!)
        print(String(format: "%.1f", rate))
    case "pixel-prepare" where args.count == 5:
        try preparePixelBench(directory: args[2], count: Int(args[3])!, pathsFile: args[4])
    case "pixel-count" where args.count == 3:
        print(try countPixelHits(directory: args[2]))
    case "diagnosis":
        let values = try options(args.dropFirst(2), ["--campaigns", "--seed", "--tracking"], words: ["--tracking"])
        let campaigns = Int(values["--campaigns"] ?? "1000") ?? 0
        guard campaigns > 0 else { throw BenchFailure(message: "--campaigns must be positive") }
        guard ["on", "both"].contains(values["--tracking"] ?? "on") else {
            throw BenchFailure(message: "--tracking must be on (default) or both (also analyse without open tracking)")
        }
        try await runDiagnosisBench(
            campaigns: campaigns, seed: UInt64(values["--seed"] ?? "20260501") ?? 0, untrackedToo: values["--tracking"] == "both")
    case "analyse-speed":
        let values = try options(args.dropFirst(2), ["--events", "--variants", "--seed", "--repeat"])
        let variants = Int(values["--variants"] ?? "100") ?? 0
        guard (2...65_535).contains(variants) else { throw BenchFailure(message: "--variants must be 2 to 65535") }
        try runAnalyseSpeedBench(
            events: Int(values["--events"] ?? "1000000") ?? 0, variants: variants, seed: UInt64(values["--seed"] ?? "42") ?? 0,
            repeats: Int(values["--repeat"] ?? "5") ?? 1)
    case "render" where args.count == 3:
        print(String(format: "%.1f", try runRenderBench(count: Int(args[2])!)))
    default:
        FileHandle.standardError.write(Data("usage: pitchlab-bench smtp URL COUNT CONNECTIONS SIZE | pipeline URL COUNT CONNECTIONS BATCH | render COUNT | pixel-prepare DIR COUNT PATHS | pixel-count DIR | diagnosis [--campaigns N] [--seed S] [--tracking on|both] | analyse-speed [--events N] [--variants V] [--seed S] [--repeat R]\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("pitchlab-bench: \(error)\n".utf8))
    exit(1)
}
