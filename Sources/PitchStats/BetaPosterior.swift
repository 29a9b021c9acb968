import Foundation

/// A Beta(α, β) posterior for a rate, with integer α, β ≥ 1.
///
/// With the default Beta(1, 1) prior, s successes in n trials give Beta(1 + s, 1 + n − s).
/// Integer parameters make P(B > A) an exact finite sum, and α, β ≥ 1 make the density log-concave,
/// which the numerical integrals for expected loss and P(best) rely on.
public struct BetaPosterior: Sendable, Hashable, CustomStringConvertible {
    /// The first shape parameter, 1 + successes with the default prior.
    public let alpha: Int
    /// The second shape parameter, 1 + failures with the default prior.
    public let beta: Int

    /// The largest shape parameter accepted (2·10⁷), which bounds the work of the exact sums.
    public static let maximumParameter = 20_000_000

    /// A Beta(alpha, beta) distribution; both parameters must lie in 1…`maximumParameter`.
    public init(alpha: Int, beta: Int) throws(StatsError) {
        guard alpha >= 1 else { throw .nonPositive("alpha", alpha) }
        guard beta >= 1 else { throw .nonPositive("beta", beta) }
        for (name, value) in [("alpha", alpha), ("beta", beta)] where value > Self.maximumParameter {
            throw StatsError(
                code: .tooManyTrials, parameter: name,
                reason: "it must be at most \(Self.maximumParameter), got \(value)")
        }
        self.alpha = alpha
        self.beta = beta
    }

    /// Beta(alpha, beta) for parameters the caller has already checked to be at least 1.
    init(uncheckedAlpha alpha: Int, beta: Int) {
        self.alpha = alpha
        self.beta = beta
    }

    /// The posterior after `successes` in `trials` under a Beta(priorAlpha, priorBeta) prior.
    public init(
        successes: Int, trials: Int, priorAlpha: Int = 1, priorBeta: Int = 1
    ) throws(StatsError) {
        let counts = try Proportion(successes: successes, trials: trials)
        try self.init(counts, priorAlpha: priorAlpha, priorBeta: priorBeta)
    }

    /// The posterior for observed counts under a Beta(priorAlpha, priorBeta) prior.
    public init(_ counts: Proportion, priorAlpha: Int = 1, priorBeta: Int = 1) throws(StatsError) {
        // Checked first so that adding the counts cannot overflow.
        _ = try BetaPosterior(alpha: priorAlpha, beta: priorBeta)
        try self.init(
            alpha: priorAlpha + counts.successes,
            beta: priorBeta + counts.trials - counts.successes)
    }

    /// The posterior mean α / (α + β).
    public var mean: Double { Double(alpha) / Double(alpha + beta) }

    /// The posterior variance αβ / ((α + β)²(α + β + 1)).
    public var variance: Double {
        let a = Double(alpha)
        let b = Double(beta)
        return a * b / ((a + b) * (a + b) * (a + b + 1))
    }

    /// ln f(x), the log density at x (−∞ outside [0, 1]).
    public func logDensity(at x: Double) -> Double {
        guard x >= 0, x <= 1 else { return -.infinity }
        let a = Double(alpha)
        let b = Double(beta)
        let left = alpha == 1 ? 0 : (a - 1) * log(x)
        let right = beta == 1 ? 0 : (b - 1) * log1p(-x)
        return left + right - SpecialFunctions.lnBeta(a, b)
    }

    /// ln F(x), the log CDF at x, to full relative precision in the lower tail.
    public func logCDF(at x: Double) -> Double {
        SpecialFunctions.logIncompleteBetaTails(x, a: Double(alpha), b: Double(beta)).lower
    }

    /// ln(1 − F(x)), the log survival function at x, computed directly (never as 1 − F).
    public func logSurvival(at x: Double) -> Double {
        SpecialFunctions.logIncompleteBetaTails(x, a: Double(alpha), b: Double(beta)).upper
    }

    /// F(x), the CDF at x.
    public func cdf(at x: Double) -> Double { exp(logCDF(at: x)) }

    /// One random draw, from the ratio of two gamma draws (Marsaglia–Tsang), using `generator`.
    public func sample(using generator: inout some RandomNumberGenerator) -> Double {
        let x = Self.gamma(shape: Double(alpha), using: &generator)
        let y = Self.gamma(shape: Double(beta), using: &generator)
        return x / (x + y)
    }

    /// "Beta(α, β)".
    public var description: String { "Beta(\(alpha), \(beta))" }

    /// Marsaglia–Tsang gamma sampler for shape ≥ 1 (always the case here).
    static func gamma(shape: Double, using generator: inout some RandomNumberGenerator) -> Double {
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = standardNormal(using: &generator)
            let t = 1 + c * x
            guard t > 0 else { continue }
            let v = t * t * t
            let u = openUnitInterval(using: &generator)
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }

    /// A standard normal draw (Box–Muller, cosine branch).
    static func standardNormal(using generator: inout some RandomNumberGenerator) -> Double {
        let u1 = openUnitInterval(using: &generator)
        let u2 = openUnitInterval(using: &generator)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

/// A uniform draw in the open interval (0, 1) from the top 53 bits of one 64-bit output.
///
/// Written out rather than using `Double.random(in:using:)` so that draws for a given seed never
/// change with the standard library's implementation.
func openUnitInterval(using generator: inout some RandomNumberGenerator) -> Double {
    (Double(generator.next() >> 11) + 0.5) * 0x1p-53
}
