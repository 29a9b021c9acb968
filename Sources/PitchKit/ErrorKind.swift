/// The category of one of PitchLab's errors, by name (``GoalError``'s `.missingGoal`,
/// ``StoreError``'s `.database`…). Compare errors by it; it carries no values, so it is
/// safe as a metric or log label. New kinds may be added without breaking callers.
public struct ErrorKind<Owner>: Sendable, Hashable, CustomStringConvertible {
    private let name: String

    init(_ name: String) { self.name = name }

    /// The kind's name, e.g. `invalidField`.
    public var description: String { name }
}
