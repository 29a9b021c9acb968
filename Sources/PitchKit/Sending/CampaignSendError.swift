/// Why `pitchlab send` could not run; `description` is one sentence saying what to do.
/// Never contains a recipient address: rows are named by ledger id or recipient id.
public struct CampaignSendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``CampaignSendError``.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The stage (or campaign) has no ledger rows: `plan` was not run.
        public static let nothingPlanned = Kind("nothingPlanned")
        /// A row's template is not in `Templates/`, or does not load.
        public static let missingTemplate = Kind("missingTemplate")
        /// A row could not be rendered (unknown variant, missing variable).
        public static let renderFailed = Kind("renderFailed")

        /// The kind's name.
        public var description: String { name }
    }

    /// The category.
    public let kind: Kind
    /// What is wrong and what to do.
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
