import Foundation

/// Log-gamma, log-beta, log-binomial coefficients, log-sum-exp and the regularised incomplete beta
/// function, all in log space so that nothing underflows for 100,000-send arms.
public enum SpecialFunctions {
    /// ln Γ(x) for x > 0: Stirling's series for x ≥ 10, ln(tgamma(x)) below.
    ///
    /// Thread-safe and portable (C's `lgamma` writes the global `signgam`); absolute error about
    /// 1e-15 below 10 and a few ulp of the result above.
    public static func lnGamma(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? .infinity : .nan }
        if x < 10 { return log(tgamma(x)) }
        return (x - 0.5) * log(x) - x + lnSqrtTwoPi + stirlingRemainder(x)
    }

    /// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b) for a, b > 0.
    ///
    /// For large arguments the three log-gammas (each about 10⁶ for 10⁵-send arms) are never
    /// subtracted from each other; the Stirling remainders are combined instead, as in R's `lbeta`,
    /// so the absolute error stays near 1e-12 where plain differences would lose about 1e-9.
    public static func lnBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b)
        let q = max(a, b)
        if p >= 10 {
            let correction = stirlingRemainder(p) + stirlingRemainder(q) - stirlingRemainder(p + q)
            return -0.5 * log(q) + lnSqrtTwoPi + correction + (p - 0.5) * log(p / (p + q))
                + q * log1p(-p / (p + q))
        }
        if q >= 10 {
            let correction = stirlingRemainder(q) - stirlingRemainder(p + q)
            return lnGamma(p) + correction + p - p * log(p + q) + (q - 0.5) * log1p(-p / (p + q))
        }
        return lnGamma(p) + lnGamma(q) - lnGamma(p + q)
    }

    /// ln C(n, k), the log of the binomial coefficient, for 0 ≤ k ≤ n (−∞ outside that range).
    public static func lnChoose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return -.infinity }
        if k == 0 || k == n { return 0 }
        return -log(Double(n) + 1) - lnBeta(Double(k) + 1, Double(n - k) + 1)
    }

    /// ln Σ exp(vᵢ) without overflow or underflow; −∞ for an empty list or all −∞.
    public static func logSumExp(_ values: [Double]) -> Double {
        var accumulator = LogSumAccumulator()
        for v in values { accumulator.add(v) }
        return accumulator.value
    }

    /// The regularised incomplete beta function I_x(a, b), the CDF of Beta(a, b) at x.
    public static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        exp(logIncompleteBetaTails(x, a: a, b: b).lower)
    }

    /// ln I_x(a, b) and ln(1 − I_x(a, b)), each computed to full relative precision.
    ///
    /// The smaller tail comes from the continued fraction (modified Lentz), the other as its
    /// `log1p` complement, so neither side is ever formed as `1 − x` of a value near 1.
    public static func logIncompleteBetaTails(
        _ x: Double, a: Double, b: Double
    ) -> (lower: Double, upper: Double) {
        if x <= 0 { return (-.infinity, 0) }
        if x >= 1 { return (0, -.infinity) }
        let logFront = a * log(x) + b * log1p(-x) - lnBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            let lower = logFront + log(continuedFraction(x, a: a, b: b)) - log(a)
            return (lower, log1p(-exp(lower)))
        } else {
            let upper = logFront + log(continuedFraction(1 - x, a: b, b: a)) - log(b)
            return (log1p(-exp(upper)), upper)
        }
    }

    // MARK: - Internals

    static let lnSqrtTwoPi = 0.918_938_533_204_672_741_78

    /// δ(x) = ln Γ(x) − [(x − ½) ln x − x + ln √(2π)] for x ≥ 10 (Stirling series, error < 1e-17).
    static func stirlingRemainder(_ x: Double) -> Double {
        let inverse = 1 / x
        let inverseSquared = inverse * inverse
        // B₂ₖ / (2k(2k − 1)) for k = 1…8, by Horner's rule in 1/x² (written out: this is hot).
        var sum = -3617.0 / 122_400
        sum = sum * inverseSquared + 1.0 / 156
        sum = sum * inverseSquared - 691.0 / 360_360
        sum = sum * inverseSquared + 1.0 / 1188
        sum = sum * inverseSquared - 1.0 / 1680
        sum = sum * inverseSquared + 1.0 / 1260
        sum = sum * inverseSquared - 1.0 / 360
        sum = sum * inverseSquared + 1.0 / 12
        return sum * inverse
    }

    /// Continued fraction for I_x(a, b) (Numerical Recipes `betacf`, modified Lentz).
    static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...200_000 {
            let mm = Double(m)
            let m2 = 2 * mm
            var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 2e-16 { break }
        }
        return h
    }
}

/// Streaming log-sum-exp: add log-terms one at a time, read ln Σ exp at any point.
struct LogSumAccumulator {
    private var maximum = -Double.infinity
    private var scaledSum = 0.0

    mutating func add(_ value: Double) {
        guard value > -.infinity else { return }
        if value > maximum {
            scaledSum = scaledSum * exp(maximum - value) + 1
            maximum = value
        } else {
            scaledSum += exp(value - maximum)
        }
    }

    var value: Double { maximum == -.infinity ? -.infinity : maximum + log(scaledSum) }
}
