import Foundation
import PitchKit
import PitchStats

// The analysis-speed benchmark: 1,000,000 seeded events (sends, opens, clicks, replies with classes,
// bounces) for 100 variants, written to a temporary file of 8-byte little-endian records
//
//   recipient UInt32 | variant UInt16 | kind UInt8 (0 send, 1 open, 2 click, 3 reply, 4 bounce) | class UInt8
//
// (class: 0 positive, 1 negotiate, 2 decline, 3 wrong person, 4 other on replies, 255 otherwise), in
// shuffled order. Both sides build the same per-variant table from that file: recipients sent,
// bounced, delivered, openers (open, click or reply: a click or a reply proves the open), clickers,
// repliers by class (one class per recipient); the rates bounce/sent, open, click, reply and
// positive per delivered and reply per opener, each with its 95% Wilson interval; and Fisher's
// exact two-sided p of every variant against the control (variant 0) on the reply and the positive
// rate. Timed, on both sides: reading the file plus building the table (not generating or writing the
// file, not starting Python or importing numpy/scipy). Each side runs `repeats` times; the median counts.
// Ours is one thread: a tight aggregator over the records, then PitchKit's VariantFunnel and
// FunnelRates (Wilson through PitchStats) and PitchStats' FisherExactTest.

/// One row of the table.
struct AnalyseRow: Codable, Equatable {
    var variant: Int
    var sent: Int
    var bounced: Int
    var delivered: Int
    var openers: Int
    var clickers: Int
    var repliers: Int
    var positive: Int
    var negotiate: Int
    var decline: Int
    var wrongPerson: Int
    var other: Int
    /// Metric name → [lower, upper] of the 95% Wilson interval.
    var wilson: [String: [Double]]
    var fisherReply: Double?
    var fisherPositive: Double?

    enum CodingKeys: String, CodingKey {
        case variant, sent, bounced, delivered, openers, clickers, repliers, positive, negotiate, decline, other, wilson
        case wrongPerson = "wrong_person"
        case fisherReply = "fisher_reply"
        case fisherPositive = "fisher_positive"
    }
}

/// What the Python baseline writes.
struct AnalyseBaselineOutput: Codable {
    var seconds: [Double]
    /// The part of each run spent in scipy's `fisher_exact` (198 calls).
    var fisherSeconds: [Double]
    var rows: [AnalyseRow]

    enum CodingKeys: String, CodingKey {
        case seconds, rows
        case fisherSeconds = "fisher_seconds"
    }
}

enum AnalyseEventKind: UInt8 {
    case send = 0, open, click, reply, bounce
}

/// Writes `count` seeded events for `variants` variants; returns the number of recipients.
func writeAnalyseEvents(to url: URL, count: Int, variants: Int, seed: UInt64) throws -> Int {
    var rng = SplitMix64(seed: seed)
    func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    var records: [UInt64] = []
    records.reserveCapacity(count + 8)
    func emit(_ recipient: Int, _ variant: Int, _ kind: AnalyseEventKind, _ replyClass: UInt8 = 255) {
        records.append(UInt64(UInt32(recipient)) | UInt64(UInt16(variant)) << 32 | UInt64(kind.rawValue) << 48
            | UInt64(replyClass) << 56)
    }
    var recipient = 0
    while records.count < count {
        let variant = recipient % variants
        // Rates differ by variant so that some comparisons with the control are significant.
        let open = 0.35 + 0.10 * Double(variant % 10) / 9
        let replyGivenOpen = 0.10 + 0.04 * Double((variant * 7) % 13) / 12
        let positiveShare = 0.3 + 0.2 * Double((variant * 3) % 11) / 10
        emit(recipient, variant, .send)
        if chance(0.02) {
            emit(recipient, variant, .bounce)
        } else if chance(open) {
            // Opens repeat; some openers click (sometimes twice); some reply, a few twice, in one class.
            var opens = 1
            while opens < 4 && chance(0.35) { opens += 1 }
            for _ in 0..<opens { emit(recipient, variant, .open) }
            if chance(0.12) {
                emit(recipient, variant, .click)
                if chance(0.3) { emit(recipient, variant, .click) }
            }
            if chance(replyGivenOpen) {
                let u = Double.random(in: 0..<1, using: &rng)
                let rest = (u - positiveShare) / (1 - positiveShare)
                let replyClass: UInt8 = u < positiveShare ? 0 : (rest < 0.35 ? 1 : (rest < 0.75 ? 2 : (rest < 0.85 ? 3 : 4)))
                emit(recipient, variant, .reply, replyClass)
                if chance(0.1) { emit(recipient, variant, .reply, replyClass) }
            }
        } else if chance(0.03) {
            // A click without a loaded pixel (images blocked).
            emit(recipient, variant, .click)
        }
        recipient += 1
    }
    records.removeLast(records.count - count)
    records.shuffle(using: &rng)
    // The records are stored little-endian (the host order on x86_64 and arm64).
    precondition(UInt64(1).littleEndian == 1, "the benchmark writes host-order records and needs a little-endian host")
    let data = records.withUnsafeBufferPointer { Data(buffer: $0) }
    try data.write(to: url)
    return recipient
}

/// Reads the events file and builds the table with PitchKit's funnel, rates and Fisher test.
func analyseEvents(at url: URL, variants: Int) throws -> [AnalyseRow] {
    let data = try Data(contentsOf: url)
    guard data.count % 8 == 0 else { throw BenchFailure(message: "the events file is not a whole number of 8-byte records") }
    let count = data.count / 8
    let sentFlag: UInt8 = 1, bounceFlag: UInt8 = 2, openFlag: UInt8 = 4, clickFlag: UInt8 = 8, replyFlag: UInt8 = 16
    var flags: [UInt8] = []
    var variantOf: [UInt16] = []
    var classOf: [UInt8] = []
    data.withUnsafeBytes { raw in
        var maxRecipient = 0
        for i in 0..<count {
            maxRecipient = max(maxRecipient, Int(raw.loadUnaligned(fromByteOffset: i * 8, as: UInt32.self)))
        }
        flags = [UInt8](repeating: 0, count: count == 0 ? 0 : maxRecipient + 1)
        variantOf = [UInt16](repeating: 0, count: flags.count)
        classOf = [UInt8](repeating: 255, count: flags.count)
        flags.withUnsafeMutableBufferPointer { flags in
            variantOf.withUnsafeMutableBufferPointer { variantOf in
                classOf.withUnsafeMutableBufferPointer { classOf in
                    for i in 0..<count {
                        let record = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                        let recipient = Int(UInt32(truncatingIfNeeded: record))
                        let kind = UInt8(truncatingIfNeeded: record >> 48)
                        switch kind {
                        case 0:
                            flags[recipient] |= sentFlag
                            variantOf[recipient] = UInt16(truncatingIfNeeded: record >> 32)
                        case 1: flags[recipient] |= openFlag
                        case 2: flags[recipient] |= clickFlag
                        case 3:
                            flags[recipient] |= replyFlag
                            classOf[recipient] = UInt8(truncatingIfNeeded: record >> 56)
                        case 4: flags[recipient] |= bounceFlag
                        default: break
                        }
                    }
                }
            }
        }
    }
    // Per variant: sent, bounced, openers, clickers, then reply classes.
    var counts = [[Int]](repeating: [Int](repeating: 0, count: 9), count: variants)
    for recipient in flags.indices {
        let f = flags[recipient]
        guard f & sentFlag != 0 else { continue }
        let v = Int(variantOf[recipient])
        guard v < variants else { throw BenchFailure(message: "variant \(v) is out of range") }
        counts[v][0] += 1
        if f & bounceFlag != 0 {
            counts[v][1] += 1
            continue
        }
        if f & (openFlag | clickFlag | replyFlag) != 0 { counts[v][2] += 1 }
        if f & clickFlag != 0 { counts[v][3] += 1 }
        if f & replyFlag != 0 {
            let replyClass = Int(classOf[recipient])
            guard replyClass < 5 else { throw BenchFailure(message: "reply class \(replyClass) is out of range") }
            counts[v][4 + replyClass] += 1
        }
    }
    let funnels = try counts.enumerated().map { v, c in
        let delivered = c[0] - c[1]
        let replies = ReplyCounts(positive: c[4], negotiate: c[5], decline: c[6], wrongPerson: c[7], other: c[8])
        return try VariantFunnel(
            label: "v\(v)", sent: c[0], hardBounces: c[1], trackable: delivered, humanOpens: c[2], rawOpens: c[2],
            trackableReplies: replies.total, replies: replies)
    }
    let control = funnels.first
    return try funnels.enumerated().map { v, funnel in
        let rates = FunnelRates(funnel)
        let click = RateEstimate(successes: counts[v][3], trials: funnel.delivered)
        var wilson: [String: [Double]] = [
            "bounce": [rates.bounce.lower95, rates.bounce.upper95],
            "click": [click.lower95, click.upper95],
            "reply": [rates.reply.lower95, rates.reply.upper95],
            "positive": [rates.positive.lower95, rates.positive.upper95],
        ]
        if let open = rates.open { wilson["open"] = [open.lower95, open.upper95] }
        if let givenOpen = rates.replyGivenOpen { wilson["reply_given_open"] = [givenOpen.lower95, givenOpen.upper95] }
        var fisherReply: Double?
        var fisherPositive: Double?
        if let control, v > 0 {
            fisherReply = FisherExactTest(
                control: try Proportion(successes: control.replies.total, trials: control.delivered),
                challenger: try Proportion(successes: funnel.replies.total, trials: funnel.delivered)).pValue
            fisherPositive = FisherExactTest(
                control: try Proportion(successes: control.replies.positive, trials: control.delivered),
                challenger: try Proportion(successes: funnel.replies.positive, trials: funnel.delivered)).pValue
        }
        let r = funnel.replies
        return AnalyseRow(
            variant: v, sent: funnel.sent, bounced: funnel.bounced, delivered: funnel.delivered,
            openers: funnel.humanOpens ?? 0, clickers: counts[v][3], repliers: r.total, positive: r.positive,
            negotiate: r.negotiate, decline: r.decline, wrongPerson: r.wrongPerson, other: r.other, wilson: wilson,
            fisherReply: fisherReply, fisherPositive: fisherPositive)
    }
}

/// Checks that two tables agree: counts exactly, Wilson bounds to 1e-9, Fisher p to 1e-6.
func compareAnalyseTables(_ ours: [AnalyseRow], _ theirs: [AnalyseRow]) throws {
    guard ours.count == theirs.count else {
        throw BenchFailure(message: "row counts differ: ours \(ours.count), baseline \(theirs.count)")
    }
    for (a, b) in zip(ours, theirs) {
        let countsA = [a.variant, a.sent, a.bounced, a.delivered, a.openers, a.clickers, a.repliers, a.positive, a.negotiate,
                       a.decline, a.wrongPerson, a.other]
        let countsB = [b.variant, b.sent, b.bounced, b.delivered, b.openers, b.clickers, b.repliers, b.positive, b.negotiate,
                       b.decline, b.wrongPerson, b.other]
        guard countsA == countsB else {
            throw BenchFailure(message: "variant \(a.variant): counts differ: ours \(countsA), baseline \(countsB)")
        }
        guard Set(a.wilson.keys) == Set(b.wilson.keys) else {
            throw BenchFailure(message: "variant \(a.variant): Wilson metrics differ: \(a.wilson.keys.sorted()) vs \(b.wilson.keys.sorted())")
        }
        for (metric, bounds) in a.wilson {
            let other = b.wilson[metric] ?? []
            guard other.count == 2, abs(bounds[0] - other[0]) <= 1e-9, abs(bounds[1] - other[1]) <= 1e-9 else {
                throw BenchFailure(message: "variant \(a.variant): Wilson \(metric) differs: ours \(bounds), baseline \(other)")
            }
        }
        for (name, x, y) in [("reply", a.fisherReply, b.fisherReply), ("positive", a.fisherPositive, b.fisherPositive)] {
            switch (x, y) {
            case (nil, nil): continue
            case let (x?, y?) where abs(x - y) <= 1e-6: continue
            default:
                throw BenchFailure(message: "variant \(a.variant): Fisher p (\(name)) differs: ours \(String(describing: x)), baseline \(String(describing: y))")
            }
        }
    }
}

/// Runs the benchmark and prints a summary and the JSON line.
func runAnalyseSpeedBench(events: Int, variants: Int, seed: UInt64, repeats: Int) throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pitchlab-analyse-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let eventsURL = directory.appendingPathComponent("events.bin")
    let tableURL = directory.appendingPathComponent("baseline.json")
    let recipients = try writeAnalyseEvents(to: eventsURL, count: events, variants: variants, seed: seed)

    var ourTimes: [Double] = []
    var table: [AnalyseRow] = []
    let clock = ContinuousClock()
    for _ in 0..<max(1, repeats) {
        let start = clock.now
        table = try analyseEvents(at: eventsURL, variants: variants)
        ourTimes.append((clock.now - start) / .seconds(1))
    }

    let python = ProcessInfo.processInfo.environment["BENCH_PY"] ?? "python3"
    let script = ProcessInfo.processInfo.environment["ANALYSE_NUMPY_SCRIPT"] ?? "Benchmarks/analyse_numpy.py"
    guard FileManager.default.fileExists(atPath: script) else {
        throw BenchFailure(message: "\(script) not found; run from the repository root or set ANALYSE_NUMPY_SCRIPT")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, script, eventsURL.path, "--variants", String(variants), "--repeat", String(max(1, repeats)),
                         "--out", tableURL.path]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchFailure(message: "\(python) \(script) exited with status \(process.terminationStatus)")
    }
    let baseline = try JSONDecoder().decode(AnalyseBaselineOutput.self, from: Data(contentsOf: tableURL))
    try compareAnalyseTables(table, baseline.rows)

    func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
    let ours = median(ourTimes)
    let theirs = median(baseline.seconds)
    let significant = table.filter { ($0.fisherReply ?? 1) < 0.05 }.count
    print("Analysis speed: \(events) events, \(recipients) recipients, \(variants) variants (seed \(seed)); "
        + "median of \(max(1, repeats)) runs of read + table.")
    print("Tables agree: counts exact, Wilson bounds within 1e-9, Fisher p within 1e-6 "
        + "(\(significant) of \(variants - 1) variants differ from the control on replies at p < 0.05).")
    print(String(format: "ours (Swift, PitchKit/PitchStats, 1 thread): %.4f s   python-numpy-scipy: %.4f s   (%.1fx; "
                 + "of which scipy fisher_exact, %d calls: %.4f s)",
                 ours, theirs, theirs / ours, 2 * (variants - 1), median(baseline.fisherSeconds)))
    print(String(format: "{\"bench\":\"analyse-1m\",\"unit\":\"s\",\"ours\":%.4f,\"baselines\":{\"python-numpy-scipy\":%.4f}}",
                 ours, theirs))
}
