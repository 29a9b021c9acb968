/// Why a tracking event was not recorded; the server answers 503 for either kind.
///
/// Holds no event data: `description` is safe for logs.
public struct TrackingRecorderError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: String, Sendable, Hashable {
        case storeFailed
        case stopped
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// The transaction that held the event failed (the store logged why).
    public static let storeFailed = TrackingRecorderError(.storeFailed)
    /// The recorder was shut down and accepts no more events.
    public static let stopped = TrackingRecorderError(.stopped)

    /// `TrackingRecorderError.storeFailed` or `TrackingRecorderError.stopped`.
    public var description: String { "TrackingRecorderError.\(code.rawValue)" }
}
