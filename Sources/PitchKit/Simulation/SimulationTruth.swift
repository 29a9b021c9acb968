/// What a simulated campaign plants: which part of the pitch fails (or that the audience is wrong,
/// or that nothing differs), so the analyser's diagnosis can be checked against a known answer.
public enum SimulationTruth: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    /// The second subject variant opens at `effect` × the base rate.
    case subject
    /// The second message variant is answered at `effect` × the base rate by those who open.
    case message
    /// The second offer variant draws mostly declines and haggling instead of yeses.
    case offer
    /// Everyone opens and answers little, and many answers say "wrong person".
    case audience
    /// Every variant behaves the same.
    case none

    public var description: String { rawValue }
}

/// How one simulated creator reacts to a pitch variant: the true rates the simulation draws from.
public struct SimulatedBehaviour: Sendable, Hashable {
    /// P(a person opens).
    public var open: Double
    /// P(a reply | opened).
    public var replyGivenOpen: Double
    /// Shares of reply classes (positive, negotiate, decline, wrong_person, other), summing to 1.
    public var classShares: [ReplyClass: Double]
    /// P(the creator reads mail in Apple Mail with Privacy Protection: the pixel is fetched by a proxy).
    public var mpp: Double
    /// P(an out-of-office reply instead of silence, when not replying).
    public var autoReply: Double
    /// P(the address bounces).
    public var bounce: Double

    /// The base behaviour: 45% open, 20% reply given open, half of replies positive.
    public static let base = SimulatedBehaviour(
        open: 0.45, replyGivenOpen: 0.20,
        classShares: [.positive: 0.5, .negotiate: 0.2, .decline: 0.2, .wrongPerson: 0.05, .other: 0.05],
        mpp: 0.3, autoReply: 0.05, bounce: 0.02)

    /// The behaviour towards `choice` under `truth`; `treatment` names the failing variant of each part.
    public static func of(
        _ choice: PitchVariantChoice, truth: SimulationTruth, effect: Double, treatment: PitchVariantChoice
    ) -> SimulatedBehaviour {
        var behaviour = base
        switch truth {
        case .subject where choice.subject == treatment.subject:
            behaviour.open = min(0.95, base.open * effect)
        case .message where choice.message == treatment.message:
            behaviour.replyGivenOpen = min(0.95, base.replyGivenOpen * effect)
        case .offer where choice.offer == treatment.offer:
            behaviour.classShares = [.positive: 0.1, .negotiate: 0.45, .decline: 0.35, .wrongPerson: 0.05, .other: 0.05]
        case .audience:
            behaviour.open = 0.15
            behaviour.replyGivenOpen = 0.08
            behaviour.classShares = [.positive: 0.05, .negotiate: 0.05, .decline: 0.3, .wrongPerson: 0.5, .other: 0.1]
        default:
            break
        }
        return behaviour
    }
}
