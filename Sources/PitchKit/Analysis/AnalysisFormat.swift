import Foundation

/// Number formatting for evidence strings: percentages, ranges, p-values, probabilities.
enum AnalysisFormat {
    /// 12.5% at one decimal; below 1% two decimals (0.22%); exact 0 and 100 without decimals.
    static func percent(_ value: Double) -> String {
        "\(number(value * 100))%"
    }

    /// "1.4–16.5%".
    static func range(_ lower: Double, _ upper: Double) -> String {
        "\(number(lower * 100))–\(number(upper * 100))%"
    }

    /// A percentage number without the sign.
    static func number(_ percent: Double) -> String {
        if percent == 0 { return "0" }
        if percent == 100 { return "100" }
        if percent < 1 { return String(format: "%.2f", percent) }
        return String(format: "%.1f", percent)
    }

    /// A p-value: 2 significant digits, scientific below 0.001 ("3.0e-5").
    static func pValue(_ p: Double) -> String {
        if p >= 0.001 { return String(format: "%.2g", p) }
        let exponent = Int(log10(p).rounded(.down))
        let mantissa = p / pow(10, Double(exponent))
        if mantissa >= 9.95 { return String(format: "%.1fe%d", mantissa / 10, exponent + 1) }
        return String(format: "%.1fe%d", mantissa, exponent)
    }

    /// A probability as a percentage: "95%", "99.9%"; beyond 99.9% as "> 99.9%".
    static func probability(_ p: Double) -> String {
        if p > 0.999 { return "> 99.9%" }
        if p < 0.001 { return "< 0.1%" }
        if p >= 0.99 || p <= 0.01 { return String(format: "%.1f%%", p * 100) }
        return String(format: "%.0f%%", p * 100)
    }

    /// Percentage points: "0.12 pp".
    static func points(_ value: Double) -> String {
        let pp = value * 100
        return pp < 0.01 && pp > 0 ? "< 0.01 pp" : String(format: "%.2f pp", pp)
    }

    /// "1,234".
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }
}

extension AnalysisFormat {
    /// "72 h".
    static func hours(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) h" : String(format: "%.1f h", value)
    }
}

extension AnalysisFormat {
    /// A threshold without trailing zeros: "3%", "0.5%", "20%".
    static func threshold(_ value: Double) -> String {
        // Rounded to two decimals first: 0.15 × 100 is 15.000000000000002, which must read "15%".
        let percent = (value * 100 * 100).rounded() / 100
        if percent == percent.rounded() { return "\(Int(percent))%" }
        var text = String(format: "%.2f", percent)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + "%"
    }
}

extension AnalysisFormat {
    /// The singular of an evidence noun phrase, for a count of 1 ("1 reply", "1 human open").
    static func singular(_ phrase: String) -> String {
        let special = [
            "replies negotiate or decline": "reply negotiates or declines",
            "with any pixel hit": "with any pixel hit",
        ]
        if let fixed = special[phrase] { return fixed }
        var words = phrase.split(separator: " ").map(String.init)
        guard let last = words.popLast() else { return phrase }
        let singularLast: String
        if last.hasSuffix("ies") {
            singularLast = String(last.dropLast(3)) + "y"
        } else if last.hasSuffix("s") {
            singularLast = String(last.dropLast())
        } else {
            singularLast = last
        }
        return (words + [singularLast]).joined(separator: " ")
    }
}

extension AnalysisFormat {
    /// "P(B best) = 95%", "P(B best) > 99.9%", "P(B best) < 0.1%".
    static func probabilityClause(_ name: String, _ p: Double) -> String {
        if p > 0.999 { return "\(name) > 99.9%" }
        if p < 0.001 { return "\(name) < 0.1%" }
        return "\(name) = \(probability(p))"
    }
}

extension AnalysisFormat {
    /// The text with its first character upper-cased.
    static func capitalizedFirst(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
