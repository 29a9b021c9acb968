/// Maps a conversions file's header to the fields PitchLab reads, by name and common aliases.
///
/// Names are compared without case, spaces or punctuation (`Order ID`, `order_id` and `orderid`
/// are the same). Other columns are ignored.
///
/// | field | also read as | required |
/// |---|---|---|
/// | `order_id` | `order`, `order_number`, `transaction_id`, `id` | no (the row's stable key when present) |
/// | `code` | `discount_code`, `promo_code`, `coupon_code`, `coupon` | `code` or `url` |
/// | `url` | `tracked_url`, `tracking_url`, `landing_url`, `link` | `code` or `url` |
/// | `amount` | `total`, `revenue`, `value`, `order_total` | for orders |
/// | `date` | `created_at`, `order_date`, `timestamp`, `time`, `datetime` | yes |
/// | `kind` | `conversion_type`, `event` | no (`order` by default) |
public struct ConversionColumns: Sendable, Hashable {
    /// The fields of a conversions file.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        /// The order (or sign-up, post) id: the stable key of the row when present.
        case orderID = "order_id"
        /// The discount code used.
        case code
        /// The tracked URL the conversion came through.
        case url
        /// The order's amount, in the campaign's currency.
        case amount
        /// When it happened.
        case date
        /// `order`, `signup` or `post`.
        case kind
    }

    /// The header column (lower-cased, as ``CSVTable`` gives it) of each field found.
    public let fields: [Field: String]

    private static let aliases: [String: Field] = {
        let table: [(Field, [String])] = [
            (.orderID, ["orderid", "order", "ordernumber", "orderno", "transactionid", "id"]),
            (.code, ["code", "discountcode", "promocode", "couponcode", "coupon"]),
            (.url, ["url", "trackedurl", "trackingurl", "landingurl", "link"]),
            (.amount, ["amount", "total", "revenue", "value", "ordertotal"]),
            (.date, ["date", "createdat", "orderdate", "timestamp", "time", "datetime"]),
            (.kind, ["kind", "conversiontype", "event"]),
        ]
        var map: [String: Field] = [:]
        for (field, names) in table {
            for name in names { map[name] = field }
        }
        return map
    }()

    /// Maps `columns`; throws when two columns mean the same field, or a required one is missing.
    init(columns: [String], file: String) throws(ConversionImportError) {
        var fields: [Field: String] = [:]
        for column in columns {
            guard let field = Self.aliases[RecipientColumns.squash(column)] else { continue }
            if let earlier = fields[field] {
                throw ConversionImportError(
                    .ambiguousColumns, file: file, line: nil,
                    "the header has both '\(earlier)' and '\(column)', which both mean \(field.rawValue); rename or delete one of them")
            }
            fields[field] = column
        }
        guard fields[.date] != nil else {
            throw ConversionImportError(
                .missingColumn, file: file, line: nil,
                "the header has no date column (found: \(columns.joined(separator: ", "))); add a column 'date' with YYYY-MM-DD values")
        }
        guard fields[.code] != nil || fields[.url] != nil else {
            throw ConversionImportError(
                .missingColumn, file: file, line: nil,
                "the header has neither a code nor a url column, so no row can be tied to a creator; add 'code' (the discount code used) or 'url' (the tracked link)")
        }
        self.fields = fields
    }
}
