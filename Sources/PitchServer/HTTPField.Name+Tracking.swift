import HTTPTypes

extension HTTPField.Name {
    /// `Pragma` (HTTP/1.0 caches).
    static let pragmaField = HTTPField.Name("Pragma")!
    /// `X-Content-Type-Options`.
    static let xContentTypeOptions = HTTPField.Name("X-Content-Type-Options")!
    /// `Referrer-Policy`.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    /// `X-Forwarded-For`, read only when the server trusts its reverse proxy.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
