import Foundation

/// Deterministic numerical integration of exp(g) over [0, 1] for a concave log-integrand g.
///
/// Every integrand PitchStats integrates is log-concave: Beta(α ≥ 1, β ≥ 1) densities, their CDFs and
/// survival functions, and products of these. A concave g has one peak, so the routine finds it
/// (golden section), brackets the region where g > peak − 46 (everything outside contributes less
/// than 1e-20 of the total), and integrates exp(g − peak) there with adaptive Gauss–Legendre
/// (10- against 20-point rule per panel). Working relative to the peak keeps tiny integrals such as
/// 1e-130 at full relative precision. The result is ln ∫ exp(g).
enum LogConcaveQuadrature {
    /// ln ∫₀¹ exp(g(x)) dx for concave g (which may be −∞ at the end points).
    static func logIntegral(_ g: (Double) -> Double) -> Double {
        let (mode, peak) = maximise(g)
        guard peak.isFinite else { return peak }
        let cutoff = peak - 46
        let left = boundary(g, inside: mode, outside: 0, cutoff: cutoff)
        let right = boundary(g, inside: mode, outside: 1, cutoff: cutoff)
        func h(_ x: Double) -> Double { exp(g(x) - peak) }

        var panels: [(Double, Double)] = []
        for (a, b) in [(left, mode), (mode, right)] where b > a {
            let pieces = 8
            for i in 0..<pieces {
                let lo = a + (b - a) * Double(i) / Double(pieces)
                let hi = i == pieces - 1 ? b : a + (b - a) * Double(i + 1) / Double(pieces)
                panels.append((lo, hi))
            }
        }
        guard !panels.isEmpty else { return -.infinity }
        let coarse = panels.reduce(0.0) { $0 + gauss(h, $1.0, $1.1, rule: GaussLegendre.twenty) }
        let tolerance = max(coarse, 1e-300) * 1e-15
        let width = right - left
        var total = 0.0
        for (a, b) in panels {
            total += adaptive(h, a, b, absoluteTolerance: tolerance * (b - a) / width, depth: 0)
        }
        return peak + log(total)
    }

    /// A panel is accepted when the 10- and 20-point rules agree to 1e-10 of the panel (the
    /// 20-point result is then far more accurate still) or to a negligible share of the whole
    /// integral. The integrand's own rounding noise (about 1e-12 for 10⁵-send arms) sits below
    /// that bar, so the subdivision cannot chase noise; the depth cap bounds the work regardless.
    private static let relativeTolerance = 1e-10
    private static let maximumDepth = 12

    /// Golden-section search for the maximum of a concave function on [0, 1].
    private static func maximise(_ g: (Double) -> Double) -> (x: Double, value: Double) {
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = 0.0
        var b = 1.0
        var x1 = b - ratio * (b - a)
        var x2 = a + ratio * (b - a)
        var g1 = g(x1)
        var g2 = g(x2)
        for _ in 0..<200 {
            if b - a <= 1e-15 * max(1e-300, abs(x1)) { break }
            if g1 < g2 {
                a = x1
                x1 = x2
                g1 = g2
                x2 = a + ratio * (b - a)
                g2 = g(x2)
            } else {
                b = x2
                x2 = x1
                g2 = g1
                x1 = b - ratio * (b - a)
                g1 = g(x1)
            }
        }
        var best = g1 >= g2 ? (x1, g1) : (x2, g2)
        // The peak may sit on an end point (e.g. a density with α = 1 peaks at 0).
        for end in [0.0, 1.0] {
            let value = g(end)
            if value > best.1 { best = (end, value) }
        }
        return best
    }

    /// The point between `inside` (where g is at its peak) and `outside` where g crosses `cutoff`.
    private static func boundary(
        _ g: (Double) -> Double, inside: Double, outside: Double, cutoff: Double
    ) -> Double {
        if g(outside) >= cutoff { return outside }
        var near = inside
        var far = outside
        for _ in 0..<80 {
            let mid = (near + far) / 2
            if mid == near || mid == far { break }
            if g(mid) >= cutoff { near = mid } else { far = mid }
        }
        return far
    }

    private static func adaptive(
        _ h: (Double) -> Double, _ a: Double, _ b: Double, absoluteTolerance: Double, depth: Int
    ) -> Double {
        let fine = gauss(h, a, b, rule: GaussLegendre.twenty)
        let rough = gauss(h, a, b, rule: GaussLegendre.ten)
        let difference = abs(fine - rough)
        if difference <= relativeTolerance * abs(fine) || difference <= absoluteTolerance
            || depth >= maximumDepth || b - a <= 1e-15 * max(abs(a), abs(b))
        {
            return fine
        }
        let mid = (a + b) / 2
        return adaptive(h, a, mid, absoluteTolerance: absoluteTolerance / 2, depth: depth + 1)
            + adaptive(h, mid, b, absoluteTolerance: absoluteTolerance / 2, depth: depth + 1)
    }

    private static func gauss(
        _ h: (Double) -> Double, _ a: Double, _ b: Double, rule: GaussLegendre
    ) -> Double {
        let half = (b - a) / 2
        let centre = (a + b) / 2
        var sum = 0.0
        for (node, weight) in zip(rule.nodes, rule.weights) {
            sum += weight * h(centre + half * node)
        }
        return sum * half
    }
}

/// Gauss–Legendre nodes and weights on [−1, 1], computed once by Newton's method on Pₙ.
struct GaussLegendre: Sendable {
    let nodes: [Double]
    let weights: [Double]

    static let ten = GaussLegendre(order: 10)
    static let twenty = GaussLegendre(order: 20)

    init(order n: Int) {
        var nodes = [Double](repeating: 0, count: n)
        var weights = [Double](repeating: 0, count: n)
        let m = (n + 1) / 2
        for i in 0..<m {
            var z = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
            var derivative = 0.0
            for _ in 0..<100 {
                var p1 = 1.0
                var p2 = 0.0
                for j in 1...n {
                    let p3 = p2
                    p2 = p1
                    p1 = ((2 * Double(j) - 1) * z * p2 - (Double(j) - 1) * p3) / Double(j)
                }
                derivative = Double(n) * (z * p1 - p2) / (z * z - 1)
                let previous = z
                z = previous - p1 / derivative
                if abs(z - previous) <= 1e-16 { break }
            }
            nodes[i] = -z
            nodes[n - 1 - i] = z
            let w = 2 / ((1 - z * z) * derivative * derivative)
            weights[i] = w
            weights[n - 1 - i] = w
        }
        self.nodes = nodes
        self.weights = weights
    }
}
