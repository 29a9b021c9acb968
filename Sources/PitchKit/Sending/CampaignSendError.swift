/// Why `pitchlab send` could not run; `description` is one sentence saying what to do.
/// Never contains a recipient address: rows are named by ledger id or recipient id.
public struct CampaignSendError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The category of a ``CampaignSendError`` (the kinds are in the extension below).
    public typealias Kind = ErrorKind<CampaignSendError>

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

extension ErrorKind where Owner == CampaignSendError {
    /// The stage (or campaign) has no ledger rows: `plan` was not run.
    public static var nothingPlanned: Self { Self("nothingPlanned") }
    /// A row's template is not in `Templates/`, or does not load.
    public static var missingTemplate: Self { Self("missingTemplate") }
    /// A row could not be rendered (unknown variant, missing variable).
    public static var renderFailed: Self { Self("renderFailed") }
}
