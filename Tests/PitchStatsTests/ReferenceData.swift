import Foundation
import Testing

/// The scipy/mpmath reference values written by `Scripts/gen_stats_reference.py`.
struct ReferenceData: Decodable, Sendable {
    struct Quantile: Decodable, Sendable { let p: Double; let x: Double }
    struct LnGamma: Decodable, Sendable { let x: Double; let value: Double }
    struct LnBeta: Decodable, Sendable { let a: Double; let b: Double; let value: Double }
    struct IncompleteBeta: Decodable, Sendable {
        let a: Double; let b: Double; let x: Double; let lower: Double; let upper: Double
    }
    struct Wilson: Decodable, Sendable {
        let s: Int; let n: Int; let confidence: Double; let lower: Double; let upper: Double
    }
    struct ZTest: Decodable, Sendable {
        let sa: Int; let na: Int; let sb: Int; let nb: Int; let z: Double?; let p: Double
    }
    struct Fisher: Decodable, Sendable {
        let sa: Int; let na: Int; let sb: Int; let nb: Int; let p: Double; let pScipy: Double
        let oddsRatio: Number?
    }
    struct ProbabilityBeats: Decodable, Sendable {
        let sa: Int; let na: Int; let sb: Int; let nb: Int; let pBBeatsA: Double; let pABeatsB: Double
    }
    struct ExpectedLoss: Decodable, Sendable {
        let sa: Int; let na: Int; let sb: Int; let nb: Int; let lossA: Double; let lossB: Double
    }
    struct ProbabilityBest: Decodable, Sendable { let arms: [[Int]]; let p: [Double] }
    struct Multiple: Decodable, Sendable { let p: [Double]; let holm: [Double]; let bh: [Double] }
    struct SampleSize: Decodable, Sendable {
        let baseline: Double; let target: Double; let alpha: Double; let power: Double
        let n: Double; let perArm: Int
    }
    struct Settle: Decodable, Sendable {
        let s: Int; let n: Int; let threshold: Double; let confidence: Double
        let nStar: Double?; let additional: Int?
    }
    struct EProcess: Decodable, Sendable {
        let batches: [[Int]]; let logE: [Double]; let p: [Double]; let score: [Double]
    }
    struct SplitMix: Decodable, Sendable { let seed: String; let outputs: [String] }

    /// A number that may be written as a string ("inf") in the fixture.
    enum Number: Decodable, Sendable, Equatable {
        case value(Double)
        case infinity

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self), text == "inf" {
                self = .infinity
            } else {
                self = .value(try container.decode(Double.self))
            }
        }
    }

    let scipy: String
    let normalQuantile: [Quantile]
    let lngamma: [LnGamma]
    let lnbeta: [LnBeta]
    let betainc: [IncompleteBeta]
    let wilson: [Wilson]
    let ztest: [ZTest]
    let fisher: [Fisher]
    let probBeats: [ProbabilityBeats]
    let expectedLoss: [ExpectedLoss]
    let pBest: [ProbabilityBest]
    let multipleTesting: [Multiple]
    let sampleSize: [SampleSize]
    let settle: [Settle]
    let eprocess: [EProcess]
    let splitmix64: [SplitMix]

    /// Loaded once from the test bundle.
    static let shared: Result<ReferenceData, any Error> = Result {
        guard
            let url = Bundle.module.url(
                forResource: "stats_reference", withExtension: "json", subdirectory: "Fixtures")
        else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "Fixtures/stats_reference.json is missing from the test bundle"])
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(ReferenceData.self, from: Data(contentsOf: url))
    }

    static func load() throws -> ReferenceData { try shared.get() }
}

/// Relative error |actual − expected| / |expected|, or the absolute error when |expected| < floor.
func relativeError(_ actual: Double, _ expected: Double, floor: Double = 1e-300) -> Double {
    if actual == expected { return 0 }
    let difference = abs(actual - expected)
    return abs(expected) < floor ? difference : difference / abs(expected)
}

/// Expects |actual − expected| ≤ max(relative·|expected|, absolute) and returns the relative error.
@discardableResult
func expectClose(
    _ actual: Double, _ expected: Double, relative: Double = 1e-8, absolute: Double = 1e-300,
    _ comment: @autoclosure () -> String = "", sourceLocation: SourceLocation = #_sourceLocation
) -> Double {
    let tolerance = max(relative * abs(expected), absolute)
    #expect(
        abs(actual - expected) <= tolerance || actual == expected,
        "\(comment()): got \(actual), expected \(expected)", sourceLocation: sourceLocation)
    return relativeError(actual, expected, floor: absolute)
}

/// Prints the worst relative error of a reference section when PITCHSTATS_REPORT_ERRORS is set.
func reportWorst(_ section: String, _ worst: Double) {
    if ProcessInfo.processInfo.environment["PITCHSTATS_REPORT_ERRORS"] != nil {
        print("max relative error vs reference, \(section): \(worst)")
    }
}
