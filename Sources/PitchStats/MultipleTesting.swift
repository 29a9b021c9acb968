/// Multiple-comparison adjustments of p-values, returned in the input order.
///
/// Holm controls the family-wise error rate under any dependence (use it to claim winners, also on
/// always-valid p-values); Benjamini–Hochberg controls the false discovery rate under independence
/// or positive dependence (use it to screen many variants). Both match statsmodels' `multipletests`
/// (`holm`, `fdr_bh`); tied p-values get equal adjusted values whatever their order.
public enum MultipleTesting {
    /// Holm step-down: adj₍ᵢ₎ = max_{j≤i} min(1, (m − j + 1)·p₍ⱼ₎) over the ascending order.
    public static func holm(_ pValues: [Double]) throws(StatsError) -> [Double] {
        try validate(pValues)
        let m = pValues.count
        let order = ascendingOrder(pValues)
        var adjusted = [Double](repeating: 0, count: m)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }

    /// Benjamini–Hochberg step-up: adj₍ᵢ₎ = min_{j≥i} min(1, m·p₍ⱼ₎/j) over the ascending order.
    public static func benjaminiHochberg(_ pValues: [Double]) throws(StatsError) -> [Double] {
        try validate(pValues)
        let m = pValues.count
        let order = ascendingOrder(pValues)
        var adjusted = [Double](repeating: 0, count: m)
        var running = 1.0
        for (rank, index) in order.enumerated().reversed() {
            running = min(running, min(1, Double(m) * pValues[index] / Double(rank + 1)))
            adjusted[index] = running
        }
        return adjusted
    }

    private static func validate(_ pValues: [Double]) throws(StatsError) {
        for (i, p) in pValues.enumerated() where !(p >= 0 && p <= 1) {
            throw .closedProbability("p-value #\(i + 1)", p)
        }
    }

    /// Indices sorted by p-value, ties kept in input order (stable).
    private static func ascendingOrder(_ pValues: [Double]) -> [Int] {
        pValues.indices.sorted { pValues[$0] < pValues[$1] || (pValues[$0] == pValues[$1] && $0 < $1) }
    }
}
