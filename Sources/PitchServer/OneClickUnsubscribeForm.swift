import Foundation
import NIOCore

/// Recognises the RFC 8058 one-click body, `List-Unsubscribe=One-Click`, sent as
/// `application/x-www-form-urlencoded` (mail providers, the confirmation page's form) or as
/// `multipart/form-data` (which RFC 8058 also allows).
enum OneClickUnsubscribeForm {
    static let fieldName = "List-Unsubscribe"
    static let fieldValue = "One-Click"

    /// True when `body` carries the field `List-Unsubscribe` with the value `One-Click`.
    static func isOneClick(body: ByteBuffer, contentType: String?) -> Bool {
        let text = String(buffer: body)
        if let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let boundary = boundary(in: contentType)
        {
            return multipartHasOneClick(text, boundary: boundary)
        }
        return urlEncodedHasOneClick(text)
    }

    /// Checks each `name=value` pair of a URL-encoded form.
    static func urlEncodedHasOneClick(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        for pair in trimmed.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            if decode(parts[0]) == fieldName && decode(parts[1]) == fieldValue { return true }
        }
        return false
    }

    /// Checks each part of a multipart form for `name="List-Unsubscribe"` and the value `One-Click`.
    static func multipartHasOneClick(_ text: String, boundary: String) -> Bool {
        for part in text.components(separatedBy: "--" + boundary) {
            guard let split = part.range(of: "\r\n\r\n") ?? part.range(of: "\n\n") else { continue }
            let headers = part[..<split.lowerBound].lowercased()
            let value = part[split.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
            if headers.contains("name=\"\(fieldName.lowercased())\"") && value == fieldValue { return true }
        }
        return false
    }

    private static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Form decoding: `+` is a space, then percent-decoding; nil when malformed.
    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
