import Crypto

/// Signs ``TrackingToken``s into URL-safe text and verifies them, with a key derived per purpose.
///
/// Text is unpadded base64url of `payload ‖ tag`, where the tag is the first 16 bytes of
/// HMAC-SHA256 over the payload, keyed with HMAC-SHA256(master key, "PitchLab tracking token v1 "
/// + purpose). An open token is typically 40 to 45 characters.
///
/// ``verify(_:as:)`` answers nil for every invalid token, whatever the reason (length, alphabet,
/// tag, version, purpose, ids), and compares tags in constant time; the payload is only parsed once
/// its tag is authentic, so callers and attackers cannot tell failures apart. Serve the same 1×1 GIF
/// for valid and invalid open tokens.
///
/// ```swift
/// let codec = TrackingTokenCodec(key: try TrackingKey.fromEnvironment())
/// let text = codec.sign(.open(campaign: 7, entry: 1234))
/// codec.verify(text, as: .open)        // the token
/// codec.verify(text, as: .click)       // nil
/// ```
public struct TrackingTokenCodec: Sendable {
    /// The length of the truncated tag, in bytes (128 bits).
    public static let tagLength = 16
    /// The longest token text accepted by ``verify(_:as:)``.
    public static let maximumTextLength = 4096

    /// The three keys derived from one master key, as bytes (`SymmetricKey` is not `Sendable`
    /// on every platform).
    private struct PurposeKeys: Sendable {
        let open: [UInt8]
        let click: [UInt8]
        let unsubscribe: [UInt8]

        init(_ key: TrackingKey) {
            let master = key.symmetricKey
            func derive(_ purpose: TrackingToken.Purpose) -> [UInt8] {
                let label = Array("PitchLab tracking token v1 \(purpose)".utf8)
                return Array(HMAC<SHA256>.authenticationCode(for: label, using: master))
            }
            open = derive(.open)
            click = derive(.click)
            unsubscribe = derive(.unsubscribe)
        }

        subscript(purpose: TrackingToken.Purpose) -> SymmetricKey {
            switch purpose {
            case .open: SymmetricKey(data: open)
            case .click: SymmetricKey(data: click)
            case .unsubscribe: SymmetricKey(data: unsubscribe)
            }
        }
    }

    private let signingKeys: PurposeKeys
    private let verifyingKeys: [PurposeKeys]

    /// Creates a codec that signs with `key` and also accepts tokens signed with `retiredKeys`
    /// (for key rotation; drop a retired key once its links no longer matter).
    public init(key: TrackingKey, retiredKeys: [TrackingKey] = []) {
        signingKeys = PurposeKeys(key)
        verifyingKeys = [signingKeys] + retiredKeys.map(PurposeKeys.init)
    }

    private static func tag(_ payload: ArraySlice<UInt8>, key: SymmetricKey) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: payload, using: key).prefix(tagLength))
    }

    /// The URL-safe text of `token`.
    public func sign(_ token: TrackingToken) -> String {
        let payload = token.payload()
        return Base64URL.encode(payload + Self.tag(payload[...], key: signingKeys[token.purpose]))
    }

    /// The token that `text` encodes, when it is authentic and of `purpose`; nil otherwise, with no
    /// hint of why.
    public func verify(_ text: some StringProtocol, as purpose: TrackingToken.Purpose) -> TrackingToken? {
        let utf8 = Array(text.utf8)
        guard utf8.count <= Self.maximumTextLength, let bytes = Base64URL.decode(utf8),
            bytes.count >= 4 + Self.tagLength
        else { return nil }
        let end = bytes.count - Self.tagLength
        let payload = bytes[..<end]
        let received = bytes[end...]
        var authentic = false
        for keys in verifyingKeys {
            let expected = Self.tag(payload, key: keys[purpose])
            authentic = Self.constantTimeEqual(expected, received) || authentic
        }
        guard authentic else { return nil }
        return TrackingToken.parse(payload: bytes, end: end, purpose: purpose)
    }

    /// Compares two equal-length byte strings without an early exit.
    static func constantTimeEqual(_ a: [UInt8], _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
