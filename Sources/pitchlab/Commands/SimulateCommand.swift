import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PitchKit
import PitchServer

/// `pitchlab simulate`: a synthetic campaign with a planted answer, through the real pipeline.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a synthetic campaign with a known answer through the real pipeline, then diagnose it.",
        discussion: """
            Creates a new workspace (-C DIR, which must not exist or be empty) with synthetic creators \
            whose true rates plant the --truth: the second subject opens less (subject), the second \
            message is answered less (message), the second offer draws declines and haggling (offer), \
            everyone answers little and often 'wrong person' (audience), or nothing differs (none). \
            Each test stage is planned, sent through the SMTP URL, played (pixel fetches over HTTP to \
            a tracking server this command runs on loopback, some through an Apple-style proxy; \
            replies, out-of-office notices and bounces as .eml files, imported like real mail) and \
            promoted; then the diagnosis is printed. The workspace stays for pitchlab diagnose, opens, \
            replies list and report.
            """)

    @Option(help: "subject, message, offer, audience or none.")
    var truth: String

    @Option(help: "Creators per variant per stage.")
    var perVariant = 100

    @Option(help: "The seed of every random draw.")
    var seed: UInt64 = 1

    @Option(help: "The failing variant's rate multiplier (0.5 halves, 2 doubles).")
    var effect = 0.5

    @Option(help: ArgumentHelp("The relay to send through (default: PITCHLAB_SMTP_URL).", valueName: "url"))
    var smtpURL: String?

    @OptionGroup var options: WorkspaceOptions

    func validate() throws {
        guard SimulationTruth(rawValue: truth) != nil else {
            throw ValidationError("--truth '\(truth)' is not one of: subject, message, offer, audience, none.")
        }
        guard (20...2_000).contains(perVariant) else { throw ValidationError("--per-variant must be between 20 and 2000.") }
        guard effect > 0 && effect <= 10 else { throw ValidationError("--effect must be above 0 and at most 10.") }
        guard smtpURL ?? ProcessInfo.processInfo.environment["PITCHLAB_SMTP_URL"] != nil else {
            throw ValidationError("give the relay with --smtp-url smtp://HOST:PORT (or set PITCHLAB_SMTP_URL); it must accept every message.")
        }
    }

    func run() async throws {
        guard let truth = SimulationTruth(rawValue: truth),
              let smtp = smtpURL ?? ProcessInfo.processInfo.environment["PITCHLAB_SMTP_URL"] else { return }
        var environment = ProcessInfo.processInfo.environment
        environment["PITCHLAB_SMTP_URL"] = smtp
        if environment["PITCHLAB_TRACKING_KEY"] == nil { environment["PITCHLAB_TRACKING_KEY"] = TrackingKey.generateEncoded() }
        let key = try TrackingKey.fromEnvironment(environment)
        let port = try FreeLoopbackPort.pick()
        let simulation = CampaignSimulation(truth: truth, perVariant: perVariant, seed: seed, effect: effect)
        let workspace = try simulation.prepare(
            directory: options.directory, smtpURL: smtp, trackingBaseURL: "http://127.0.0.1:\(port)")
        let store = try workspace.openStore()
        let clock = SimulationClock()

        // The tracking endpoint, in this process, on the simulation's clock.
        var logger = Logger(label: "pitchlab.simulate")
        logger.logLevel = .critical  // the simulation prints its own lines; the server's are noise here
        let listening = AsyncStream<Void>.makeStream()
        let server = Task {
            try await TrackingServer.buildApplication(
                configuration: TrackingServerConfiguration(port: port, trustProxy: true), sink: store,
                codec: TrackingTokenCodec(key: key), clock: clock, logger: logger,
                onListening: { _, _ in listening.continuation.yield() }
            ).runService()
        }
        var ready = listening.stream.makeAsyncIterator()
        _ = await ready.next()

        let session = URLSession(configuration: .ephemeral)
        let fetch: @Sendable (String, String, String) async throws -> Void = { url, agent, forwardedFor in
            guard let target = URL(string: url) else { return }
            var request = URLRequest(url: target)
            request.setValue(agent, forHTTPHeaderField: "User-Agent")
            request.setValue(forwardedFor, forHTTPHeaderField: "X-Forwarded-For")
            let (_, response) = try await session.data(for: request)
            guard (response as? HTTPURLResponse)?.statusCode == 200 else {
                throw ValidationError("the tracking server answered \((response as? HTTPURLResponse)?.statusCode ?? 0) to a pixel fetch.")
            }
        }

        print("Simulated campaign in \(workspace.directory.path) (truth: \(truth), \(perVariant) per variant, seed \(seed)).")
        do {
            for stage in 1...3 {
                let promotion = try await simulation.runStage(
                    stage, workspace: workspace, environment: environment, clock: clock, fetch: fetch)
                print(promotion.textLines.joined(separator: "\n"))
            }
        } catch {
            server.cancel()
            _ = try? await server.value
            throw error
        }
        server.cancel()
        _ = try? await server.value
        print("")
        let analysis = try CampaignAnalysis.load(workspace: workspace, environment: environment, now: Date())
        print(analysis.textLines.joined(separator: "\n"))
        print("Planted truth: \(truth). Explore: pitchlab diagnose|opens|replies list -C \(options.directory)")
    }
}

/// A free TCP port on 127.0.0.1, from the kernel.
enum FreeLoopbackPort {
    static func pick() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationError("no socket for a loopback port.") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw ValidationError("no free loopback port.") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
