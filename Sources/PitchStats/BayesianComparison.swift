/// Exact Bayesian comparison of a challenger B with a control A under Beta posteriors.
///
/// Decision support, not a claim: "B is the better bet (risk 0.12 pp)", never "B is significantly
/// better". Both win probabilities are computed directly, so P(A > B) = 1.1e-5 is not rounded away.
public struct BayesianComparison: Sendable, Hashable {
    /// The control's posterior (arm A).
    public let control: BetaPosterior
    /// The challenger's posterior (arm B).
    public let challenger: BetaPosterior
    /// P(p_B > p_A), exact.
    public let probabilityChallengerBeatsControl: Double
    /// P(p_A > p_B), exact and computed directly (not as 1 − P(p_B > p_A)).
    public let probabilityControlBeatsChallenger: Double
    /// The expected loss ("risk") of keeping A: E[max(p_B − p_A, 0)].
    public let expectedLossOfControl: Double
    /// The expected loss ("risk") of choosing B: E[max(p_A − p_B, 0)].
    public let expectedLossOfChallenger: Double

    /// Compares two posteriors.
    public init(control: BetaPosterior, challenger: BetaPosterior) {
        self.control = control
        self.challenger = challenger
        probabilityChallengerBeatsControl = challenger.probability(exceeds: control)
        probabilityControlBeatsChallenger = control.probability(exceeds: challenger)
        expectedLossOfControl = control.expectedLoss(comparedWith: challenger)
        expectedLossOfChallenger = challenger.expectedLoss(comparedWith: control)
    }

    /// Compares observed counts under Beta(1, 1) priors.
    public init(control: Proportion, challenger: Proportion) {
        // Counts always give valid Beta(1 + s, 1 + n − s) parameters.
        let a = BetaPosterior(validCounts: control)
        let b = BetaPosterior(validCounts: challenger)
        self.init(control: a, challenger: b)
    }
}

extension BetaPosterior {
    /// Beta(1 + s, 1 + n − s) for counts that are already validated.
    init(validCounts counts: Proportion) {
        self.init(uncheckedAlpha: 1 + counts.successes, beta: 1 + counts.failures)
    }
}
