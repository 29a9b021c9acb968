/// Random draws whose results depend only on the generator's output, never on the standard
/// library's algorithms (which may change between Swift releases): a seed reproduces a split or a
/// jitter on every platform and toolchain.
enum DeterministicRandom {
    /// A uniform double in [0, 1) from the top 53 bits of one draw.
    static func unit(using generator: inout some RandomNumberGenerator) -> Double {
        Double(generator.next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in [low, high].
    static func uniform(_ low: Double, _ high: Double, using generator: inout some RandomNumberGenerator) -> Double {
        guard high > low else { return low }
        return low + (high - low) * unit(using: &generator)
    }

    /// A uniform integer in 0..<bound (bound > 0), unbiased (Lemire's multiply-and-reject).
    static func below(_ bound: Int, using generator: inout some RandomNumberGenerator) -> Int {
        precondition(bound > 0)
        let range = UInt64(bound)
        var product = generator.next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = generator.next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Fisher–Yates shuffle driven by ``below(_:using:)``.
    static func shuffle<T>(_ items: inout [T], using generator: inout some RandomNumberGenerator) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            let j = below(i + 1, using: &generator)
            if i != j { items.swapAt(i, j) }
        }
    }
}
