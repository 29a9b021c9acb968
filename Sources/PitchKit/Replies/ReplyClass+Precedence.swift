extension ReplyClass {
    /// The built-in precedence when priorities tie: wrong person > decline > negotiate > positive > other.
    var rank: Int {
        switch self {
        case .wrongPerson: 4
        case .decline: 3
        case .negotiate: 2
        case .positive: 1
        case .other: 0
        }
    }

    /// The priority a rule of this class gets when the file gives none (unsubscribe rules get 500).
    var defaultPriority: Int { rank * 100 }
}
