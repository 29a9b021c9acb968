/// How reports name a creator: store id, handle, name, platform, persona and type, never the address.
public struct CreatorLabel: Sendable, Hashable, Encodable {
    /// The recipient's id in the store.
    public var id: Int64
    /// The handle.
    public var handle: String?
    /// The name.
    public var name: String?
    /// The platform.
    public var platform: String?
    /// The persona.
    public var persona: String?
    /// The influencer type.
    public var type: String?

    /// The label of a stored recipient.
    public init(_ recipient: StoredRecipient) {
        id = recipient.id
        handle = recipient.fields.handle
        name = recipient.fields.name
        platform = recipient.fields.platform
        persona = recipient.fields.persona
        type = recipient.fields.type
    }

    /// `@aiko.glow (#3)`, or the name, or `#3`.
    public var display: String {
        let base = handle ?? name
        return base.map { "\($0) (#\(id))" } ?? "#\(id)"
    }

    enum CodingKeys: String, CodingKey { case id, handle, name, platform, persona, type }

    /// Encodes every key (null when unknown).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(handle, forKey: .handle)
        try container.encode(name, forKey: .name)
        try container.encode(platform, forKey: .platform)
        try container.encode(persona, forKey: .persona)
        try container.encode(type, forKey: .type)
    }
}
