/// The header fields of a message or MIME part in their original order, looked up by name
/// without regard to case.
///
/// ```swift
/// let subject = message.headers["subject"]          // first value, decoded
/// let received = message.headers.values("Received") // every value, in order
/// ```
public struct InboundHeaders: Sendable, Hashable, RandomAccessCollection {
    /// The fields in order.
    public let fields: [InboundHeader]
    private let lowercasedNames: [String]

    public init(_ fields: [InboundHeader]) {
        self.fields = fields
        self.lowercasedNames = fields.map { $0.name.lowercased() }
    }

    public var startIndex: Int { fields.startIndex }
    public var endIndex: Int { fields.endIndex }
    public subscript(position: Int) -> InboundHeader { fields[position] }

    /// The decoded value of the first field called `name`, or nil.
    public subscript(name: String) -> String? {
        let key = name.lowercased()
        return lowercasedNames.firstIndex(of: key).map { fields[$0].value }
    }

    /// The raw (not RFC 2047 decoded) value of the first field called `name`, or nil.
    public func rawValue(_ name: String) -> String? {
        let key = name.lowercased()
        return lowercasedNames.firstIndex(of: key).map { fields[$0].rawValue }
    }

    /// The decoded values of every field called `name`, in order.
    public func values(_ name: String) -> [String] {
        let key = name.lowercased()
        return zip(lowercasedNames, fields).filter { $0.0 == key }.map(\.1.value)
    }

    /// The raw values of every field called `name`, in order.
    public func rawValues(_ name: String) -> [String] {
        let key = name.lowercased()
        return zip(lowercasedNames, fields).filter { $0.0 == key }.map(\.1.rawValue)
    }

    /// True when at least one field is called `name`.
    public func contains(_ name: String) -> Bool { lowercasedNames.contains(name.lowercased()) }
}
