import Foundation
import PitchMail

// pitchlab-bench: the Swift side of `make bench`. Each mode prints one number (its rate) as the
// last line; Benchmarks/*.py run the baselines in the same run and print the JSON lines.
//
//   pitchlab-bench smtp URL COUNT CONNECTIONS SIZE   messages/s through CurlSMTPTransport
//   pitchlab-bench render COUNT                      renders/s through TemplateRenderer
//   pitchlab-bench pipeline URL COUNT CONNECTIONS BATCH  pitches/s through CampaignSender (render,
//                                                    durable ledger, SMTP), from a fresh workspace

/// Sends `count` composed messages of about `size` bytes over `connections` reused connections,
/// with a few messages composed ahead per connection (as a scheduler keeps a connection busy).
func runSMTPBench(url: String, count: Int, connections: Int, size: Int) async throws -> Double {
    let producers = connections * 16
    let transport = try CurlSMTPTransport(configuration: SMTPConfiguration(url: url, connections: connections))
    let from = Mailbox(name: "Bench Sender", address: try MailAddress("bench@pitchlab.example"))
    let filler = String(repeating: "Short pitch body line for the SMTP throughput benchmark.\n", count: max(1, (size - 400) / 57))
    let composer = MessageComposer()
    let start = ContinuousClock.now
    let accepted = try await withThrowingTaskGroup(of: Int.self) { group in
        let perWorker = (count + producers - 1) / producers
        for worker in 0..<producers {
            group.addTask {
                var rng = SystemRandomNumberGenerator()
                var ok = 0
                for i in 0..<max(0, min(perWorker, count - worker * perWorker)) {
                    let to = Mailbox(name: "Creator \(i)", address: try MailAddress("creator\(worker)x\(i)@example.org"))
                    let message = MailMessage(
                        from: from, to: [to], subject: "Collab idea for creator \(i)", date: Date(),
                        messageID: MessageID.make(domain: "pitchlab.example", date: Date(), using: &rng), text: filler)
                    let bytes = try composer.compose(message)
                    if case .accepted = try await transport.send(bytes, envelope: Envelope(from: from.address, recipients: [to.address])) {
                        ok += 1
                    }
                }
                return ok
            }
        }
        return try await group.reduce(0, +)
    }
    let seconds = (ContinuousClock.now - start) / .seconds(1)
    guard accepted == count else { throw BenchFailure(message: "only \(accepted) of \(count) messages were accepted") }
    return Double(count) / seconds
}

struct BenchFailure: Error, CustomStringConvertible { let message: String; var description: String { message } }

let args = CommandLine.arguments
do {
    switch args.count > 1 ? args[1] : "" {
    case "smtp" where args.count == 6:
        let rate = try await runSMTPBench(url: args[2], count: Int(args[3])!, connections: Int(args[4])!, size: Int(args[5])!)
        print(String(format: "%.1f", rate))
    case "pipeline" where args.count == 6:
        let rate = try await runPipelineBench(url: args[2], count: Int(args[3])!, connections: Int(args[4])!, batch: Int(args[5])!)
        print(String(format: "%.1f", rate))
    case "render" where args.count == 3:
        print(String(format: "%.1f", try runRenderBench(count: Int(args[2])!)))
    default:
        FileHandle.standardError.write(Data("usage: pitchlab-bench smtp URL COUNT CONNECTIONS SIZE | pipeline URL COUNT CONNECTIONS BATCH | render COUNT\n".utf8))
        exit(64)
    }
} catch {
    FileHandle.standardError.write(Data("pitchlab-bench: \(error)\n".utf8))
    exit(1)
}
