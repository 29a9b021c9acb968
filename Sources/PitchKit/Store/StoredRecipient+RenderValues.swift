public import PitchMail

extension StoredRecipient {
    /// The recipient's values as a template sees them, by lower-cased column name: `email`, the
    /// standard columns that are set, and every extra column. Numbers are written plainly
    /// (`48200`, `0.82`, `350`, `1200.5`).
    public var renderValues: [String: String] {
        var values = fields.extra
        values["email"] = email
        let f = fields
        let texts: [(String, String?)] = [
            ("name", f.name), ("handle", f.handle), ("platform", f.platform), ("persona", f.persona),
            ("type", f.type), ("timezone", f.timezone), ("followers", f.followers.map(String.init)),
            ("avg_views", f.avgViews.map(String.init)), ("relevance", f.relevance.map(Self.plain)),
            ("cost", f.cost.map(Self.plain)),
        ]
        for (key, value) in texts {
            if let value { values[key] = value }
        }
        return values
    }

    /// The To mailbox: the address with the name as display name.
    ///
    /// - Throws: ``MailAddressError`` (naming the field `email`, never the address) when the stored
    ///   address is not valid.
    public func mailbox() throws(MailAddressError) -> Mailbox {
        let name = fields.name.flatMap { $0.isEmpty ? nil : $0 }
        return Mailbox(name: name, address: try MailAddress(email, field: "email"))
    }

    private static func plain(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
