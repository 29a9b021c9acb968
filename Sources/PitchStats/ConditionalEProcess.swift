import Foundation

/// The within-batch conditional e-process: an A/B test that stays valid when you look after every
/// batch, stop whenever you like, and reallocate between batches (e.g. by Thompson sampling).
///
/// Given a batch's total successes s, the challenger's successes follow Fisher's non-central
/// hypergeometric distribution with odds ratio ψ (ψ = 1 under H0). One batch's likelihood ratio is
/// `LR_t(ψ) = ψ^{s_B}·Z_t(1)/Z_t(ψ)` with `Z_t(ψ) = Σₓ C(n_B, x)·C(n_A, s − x)·ψˣ`.
/// The e-value mixes the running products over the grid ln ψ_g = −3 + 0.25g (g = 0…24) with
/// weights ∝ exp(−(ln ψ_g)²/2): `e_T = Σ_g w_g Π_{t≤T} LR_t(ψ_g)`. By Ville's inequality
/// P(∃T: e_T ≥ 1/α) ≤ α under H0, at any sample size and stopping rule; the anytime p-value is
/// `p_T = min(1, 1/max_{t≤T} e_t)`. Batches with no successes, or with an empty arm, have LR = 1.
/// The allocation of a batch may depend on earlier batches but must be fixed before it is sent.
public struct ConditionalEProcess: Sendable, Hashable {
    /// One batch: the control's and the challenger's counts, sent at the same time.
    public struct Batch: Sendable, Hashable {
        /// The control arm (A) in this batch.
        public let control: Proportion
        /// The challenger arm (B) in this batch.
        public let challenger: Proportion

        /// A batch from the two arms' counts.
        public init(control: Proportion, challenger: Proportion) {
            self.control = control
            self.challenger = challenger
        }
    }

    /// Which arm the evidence points to so far.
    public enum Direction: Sendable, Hashable {
        /// The challenger has more successes than expected under H0.
        case challengerBetter
        /// The control has more successes than expected under H0.
        case controlBetter
        /// No lean either way (score exactly 0).
        case none
    }

    /// The default grid of log odds ratios, ln ψ_g = −3 + 0.25g for g = 0…24.
    public static let defaultLogOddsGrid: [Double] = (0...24).map { -3 + 0.25 * Double($0) }

    /// The mixture's log odds ratios.
    public let logOddsGrid: [Double]
    /// ln w_g, normalised so that Σ w_g = 1.
    public let logWeights: [Double]
    /// Σ_t ln LR_t(ψ_g) for each grid point.
    public private(set) var logProducts: [Double]
    /// ln e_T after the batches observed so far (0 before any batch).
    public private(set) var logE: Double = 0
    /// max over looks of ln e_t (0 before any batch, since e_0 = 1).
    public private(set) var maxLogE: Double = 0
    /// Σ_t (s_B,t − s_t·n_B,t/(n_A,t + n_B,t)): positive when the challenger is ahead.
    public private(set) var score: Double = 0
    /// The number of batches observed.
    public private(set) var batchCount = 0

    /// An e-process with the default grid and standard-normal weights on ln ψ.
    public init() {
        let grid = Self.defaultLogOddsGrid
        let raw = grid.map { -$0 * $0 / 2 }
        let total = SpecialFunctions.logSumExp(raw)
        logOddsGrid = grid
        logWeights = raw.map { $0 - total }
        logProducts = [Double](repeating: 0, count: grid.count)
    }

    /// An e-process with a custom grid of log odds ratios and positive weights (normalised here).
    public init(logOddsGrid: [Double], weights: [Double]) throws(StatsError) {
        guard !logOddsGrid.isEmpty, logOddsGrid.count == weights.count else {
            throw StatsError(
                code: .nonPositiveParameter, parameter: "weights",
                reason: "give one positive weight per grid point (\(logOddsGrid.count) points, \(weights.count) weights)")
        }
        for (i, w) in weights.enumerated() where !(w > 0 && w.isFinite) {
            throw StatsError(
                code: .nonPositiveParameter, parameter: "weight #\(i + 1)",
                reason: "it must be positive and finite, got \(w)")
        }
        let total = weights.reduce(0, +)
        self.logOddsGrid = logOddsGrid
        logWeights = weights.map { log($0 / total) }
        logProducts = [Double](repeating: 0, count: logOddsGrid.count)
    }

    /// e_T, the current e-value.
    public var e: Double { exp(logE) }

    /// The anytime-valid p-value min(1, 1/max_t e_t); it never increases.
    public var pValue: Double { min(1, exp(-maxLogE)) }

    /// The direction of the evidence so far (the sign of `score`).
    public var direction: Direction {
        score > 0 ? .challengerBetter : (score < 0 ? .controlBetter : .none)
    }

    /// True once e_t ≥ 1/α at some look, i.e. the anytime p-value is at most `alpha`.
    public func rejectsNull(alpha: Double) -> Bool { pValue <= alpha }

    /// Adds one batch and updates e, the running maximum and the score.
    public mutating func observe(_ batch: Batch) {
        let logRatios = Self.logLikelihoodRatios(batch, logOdds: logOddsGrid)
        var accumulator = LogSumAccumulator()
        for g in logProducts.indices {
            logProducts[g] += logRatios[g]
            accumulator.add(logWeights[g] + logProducts[g])
        }
        logE = accumulator.value
        maxLogE = max(maxLogE, logE)
        let nA = batch.control.trials
        let nB = batch.challenger.trials
        if nA + nB > 0 {
            let s = Double(batch.control.successes + batch.challenger.successes)
            score += Double(batch.challenger.successes) - s * Double(nB) / Double(nA + nB)
        }
        batchCount += 1
    }

    /// ln LR_t(ψ) of one batch for each ln ψ in `logOdds`.
    public static func logLikelihoodRatios(_ batch: Batch, logOdds: [Double]) -> [Double] {
        let nA = batch.control.trials
        let nB = batch.challenger.trials
        let sB = batch.challenger.successes
        let s = batch.control.successes + sB
        let low = max(0, s - nA)
        let high = min(s, nB)
        guard low < high else { return [Double](repeating: 0, count: logOdds.count) }
        let logCoefficients = (low...high).map { x in
            SpecialFunctions.lnChoose(nB, x) + SpecialFunctions.lnChoose(nA, s - x)
        }
        let logZ1 = SpecialFunctions.logSumExp(logCoefficients)
        return logOdds.map { lnPsi in
            var accumulator = LogSumAccumulator()
            for (offset, c) in logCoefficients.enumerated() {
                accumulator.add(c + Double(low + offset) * lnPsi)
            }
            return Double(sB) * lnPsi + logZ1 - accumulator.value
        }
    }
}
