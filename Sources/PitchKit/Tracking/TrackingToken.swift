import Crypto

/// What a tracking link proves once verified: which send (campaign and ledger row) it belongs to,
/// what it is for, and, for a click, the one destination it may redirect to.
///
/// A token holds no address or name. ``TrackingTokenCodec`` turns it into compact base64url text
/// (version byte, purpose, varint ids, the destination for clicks, and a 16-byte HMAC-SHA256 tag)
/// and back; a click token's destination is covered by the tag, so the click endpoint redirects
/// only where the sender linked (no open redirect).
///
/// ```swift
/// let campaign = TrackingToken.campaignNumber(for: "spring-skincare")
/// let token = try TrackingToken.click(campaign: campaign, entry: 42, destination: "https://dewpoint.example/kit")
/// let text = codec.sign(token)                     // "AQK…"
/// codec.verify(text, as: .click)?.destination      // "https://dewpoint.example/kit"
/// ```
public struct TrackingToken: Sendable, Hashable {
    /// What a token may be used for; each purpose signs with its own derived key.
    public enum Purpose: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// The open pixel (`/o/TOKEN.gif`).
        case open = 1
        /// A tracked link (`/c/TOKEN`), which carries its destination.
        case click = 2
        /// The unsubscribe link (`/u/TOKEN`).
        case unsubscribe = 3

        /// `open`, `click` or `unsubscribe`.
        public var description: String {
            switch self {
            case .open: "open"
            case .click: "click"
            case .unsubscribe: "unsubscribe"
            }
        }
    }

    /// The format version written in the first byte.
    public static let currentVersion: UInt8 = 1
    /// The longest click destination accepted, in bytes.
    public static let maximumDestinationLength = 2048

    /// What this token is for.
    public let purpose: Purpose
    /// The campaign: a numeric id, or ``campaignNumber(for:)`` of a text id.
    public let campaign: UInt64
    /// The send ledger row id.
    public let entry: Int64
    /// For ``Purpose/click``, the URL to redirect to; nil otherwise.
    public let destination: String?

    private init(purpose: Purpose, campaign: UInt64, entry: Int64, destination: String?) {
        self.purpose = purpose
        self.campaign = campaign
        self.entry = entry
        self.destination = destination
    }

    /// A token for the open pixel of one send.
    public static func open(campaign: UInt64, entry: Int64) -> TrackingToken {
        TrackingToken(purpose: .open, campaign: campaign, entry: entry, destination: nil)
    }

    /// A token for the unsubscribe link of one send.
    public static func unsubscribe(campaign: UInt64, entry: Int64) -> TrackingToken {
        TrackingToken(purpose: .unsubscribe, campaign: campaign, entry: entry, destination: nil)
    }

    /// A token for one tracked link of one send.
    ///
    /// - Parameter destination: An absolute `http://` or `https://` URL with a host, printable
    ///   ASCII only (percent-encode the rest), without `user@`, and at most
    ///   ``maximumDestinationLength`` bytes.
    /// - Throws: ``TrackingURLError`` when the destination could be used to redirect elsewhere.
    public static func click(campaign: UInt64, entry: Int64, destination: String) throws(TrackingURLError) -> TrackingToken {
        try WebURLValidator.validate(destination, subject: "click destination", maximumLength: maximumDestinationLength)
        return TrackingToken(purpose: .click, campaign: campaign, entry: entry, destination: destination)
    }

    /// A stable 64-bit number for a text campaign id: the first 8 bytes (big-endian) of
    /// SHA-256 over `pitchlab.campaign:` and the id. The same id gives the same number everywhere.
    public static func campaignNumber(for id: String) -> UInt64 {
        let digest = SHA256.hash(data: Array("pitchlab.campaign:\(id)".utf8))
        return digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// The bytes the tag covers: version, purpose, campaign, entry, and the destination for clicks.
    func payload() -> [UInt8] {
        var bytes: [UInt8] = [Self.currentVersion, purpose.rawValue]
        Varint.append(campaign, to: &bytes)
        Varint.append(UInt64(bitPattern: entry), to: &bytes)
        if let destination {
            let utf8 = Array(destination.utf8)
            Varint.append(UInt64(utf8.count), to: &bytes)
            bytes += utf8
        }
        return bytes
    }

    /// Parses an authenticated payload; nil unless it is exactly one well-formed token of `purpose`.
    static func parse(payload bytes: [UInt8], end: Int, purpose: Purpose) -> TrackingToken? {
        guard end >= 4, bytes[0] == currentVersion, bytes[1] == purpose.rawValue else { return nil }
        var index = 2
        guard let campaign = Varint.read(bytes, at: &index, end: end),
            let entry = Varint.read(bytes, at: &index, end: end)
        else { return nil }
        var destination: String?
        if purpose == .click {
            guard let length = Varint.read(bytes, at: &index, end: end), length <= UInt64(maximumDestinationLength),
                Int(length) == end - index
            else { return nil }
            let text = String(decoding: bytes[index..<end], as: UTF8.self)
            guard (try? WebURLValidator.validate(text, subject: "click destination", maximumLength: maximumDestinationLength)) != nil
            else { return nil }
            destination = text
            index = end
        }
        guard index == end else { return nil }
        return TrackingToken(purpose: purpose, campaign: campaign, entry: Int64(bitPattern: entry), destination: destination)
    }
}
