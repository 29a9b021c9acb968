/// Maps a recipients file's header to the fields PitchLab knows, by name and common aliases.
///
/// Matching ignores case, spaces and punctuation: `E-mail`, `Email Address` and `email_address`
/// all mean `email`; `Followers count` means `followers`. Other columns are kept as extra columns.
public struct RecipientColumns: Sendable, Hashable {
    /// The known fields, by their canonical names.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// The address (required).
        case email
        /// The display name.
        case name
        /// The creator's handle.
        case handle
        /// The platform.
        case platform
        /// Followers or subscribers.
        case followers
        /// Average views per post.
        case avgViews = "avg_views"
        /// Relevance, 0 to 1.
        case relevance
        /// Cost of a post.
        case cost
        /// Persona (audience, niche).
        case persona
        /// Influencer type: peer, authority or aspirational.
        case type
        /// IANA time zone.
        case timezone
    }

    /// The header column (lower-cased, as ``CSVTable`` gives it) of each known field.
    public let fields: [Field: String]
    /// The columns that are not known fields, in file order.
    public let extra: [String]

    private static let aliases: [String: Field] = {
        var map: [String: Field] = [:]
        let table: [(Field, [String])] = [
            (.email, ["email", "emailaddress", "mail", "mailaddress", "emailid", "contactemail", "creatoremail"]),
            (.name, ["name", "fullname", "creatorname", "displayname", "contactname", "firstname"]),
            (.handle, ["handle", "username", "user", "account", "socialhandle", "creatorhandle"]),
            (.platform, ["platform", "network", "channel", "socialnetwork"]),
            (.followers, ["followers", "followerscount", "followercount", "subscribers", "subscriberscount",
                          "subscribercount", "numberoffollowers", "audiencesize"]),
            (.avgViews, ["avgviews", "averageviews", "views", "avgviewcount", "averageviewcount", "meanviews",
                         "viewsperpost", "averageviewsperpost"]),
            (.relevance, ["relevance", "relevancescore", "fit", "fitscore", "score"]),
            (.cost, ["cost", "fee", "price", "rate", "costperpost"]),
            (.persona, ["persona", "segment", "niche"]),
            (.type, ["type", "influencertype", "creatortype", "tier"]),
            (.timezone, ["timezone", "tz", "timezoneid"]),
        ]
        for (field, names) in table {
            for name in names { map[name] = field }
        }
        return map
    }()

    /// The comparison form of a header name: letters and digits only, lower-cased.
    static func squash(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
            .map(Character.init))
    }

    /// Maps `columns`; throws when two columns mean the same field or there is no email column.
    init(columns: [String], file: String) throws(RecipientImportError) {
        var fields: [Field: String] = [:]
        var extra: [String] = []
        for column in columns {
            guard let field = Self.aliases[Self.squash(column)] else {
                extra.append(column)
                continue
            }
            if let earlier = fields[field] {
                throw RecipientImportError(
                    .ambiguousColumns, file: file, line: nil,
                    "the header has both '\(earlier)' and '\(column)', which both mean \(field.rawValue); rename or delete one of them")
            }
            fields[field] = column
        }
        guard fields[.email] != nil else {
            throw RecipientImportError(
                .missingEmailColumn, file: file, line: nil,
                "the header has no email column (found: \(columns.joined(separator: ", "))); name the address column 'email'")
        }
        self.fields = fields
        self.extra = extra
    }
}
