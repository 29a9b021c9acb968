import Hummingbird

/// The fixed bodies and headers the tracking server answers with. None depends on the token, the
/// send or the recipient, so responses to valid and invalid tokens cannot be told apart.
public enum TrackingPages {
    /// A 43-byte transparent 1×1 GIF.
    public static let pixelBytes: [UInt8] = [
        0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
        0xFF, 0xFF, 0xFF, 0x21, 0xF9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2C, 0x00, 0x00, 0x00, 0x00,
        0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3B,
    ]

    /// `Cache-Control` of every tracking response: nothing may be cached or shared.
    public static let cacheControl = "no-store, no-cache, must-revalidate, private"

    /// The confirmation page of `GET /u/TOKEN`: a form that posts `List-Unsubscribe=One-Click` back to
    /// the same URL (no `action`), so link scanners that follow GETs never unsubscribe anyone.
    public static let unsubscribeConfirmationHTML = page(
        title: "Unsubscribe",
        body: """
            <h1>Unsubscribe</h1>
            <p>Press the button to stop receiving these emails.</p>
            <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">\
            <button type="submit">Unsubscribe</button></form>
            """)

    /// The page after a one-click unsubscribe (also for unknown tokens).
    public static let unsubscribedHTML = page(
        title: "Unsubscribed",
        body: """
            <h1>You are unsubscribed</h1>
            <p>You will not receive further emails from this sender.</p>
            """)

    /// The page for a click link that is not valid.
    public static let linkNotFoundHTML = page(
        title: "Link not found",
        body: """
            <h1>Link not found</h1>
            <p>This link is not valid. Check that it was copied completely.</p>
            """)

    /// The page when an unsubscribe request has no `List-Unsubscribe=One-Click` body.
    public static let badUnsubscribeRequestHTML = page(
        title: "Bad request",
        body: """
            <h1>Bad request</h1>
            <p>An unsubscribe request must post List-Unsubscribe=One-Click.</p>
            """)

    /// The page when events could not be stored.
    public static let unavailableHTML = page(
        title: "Try again later",
        body: """
            <h1>Try again later</h1>
            <p>The request could not be recorded. Please try again in a few minutes.</p>
            """)

    /// `{"status":"ok"}`.
    public static let healthJSON = #"{"status":"ok"}"#

    // MARK: - Responses

    static let pixelBuffer = ByteBuffer(bytes: pixelBytes)
    static let pixelHeaders: HTTPFields = [
        .contentType: "image/gif",
        .cacheControl: cacheControl,
        .pragmaField: "no-cache",
        .expires: "0",
    ]

    /// Security headers of every HTML page: no scripts, no framing, forms only to this origin.
    static let htmlHeaders: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: cacheControl,
        .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        .xContentTypeOptions: "nosniff",
        .referrerPolicy: "no-referrer",
    ]

    /// The 1×1 GIF response.
    static func pixel() -> Response {
        Response(status: .ok, headers: pixelHeaders, body: ResponseBody(byteBuffer: pixelBuffer))
    }

    /// A 302 to `destination`.
    static func redirect(to destination: String) -> Response {
        Response(status: .found, headers: [
            .location: destination,
            .cacheControl: cacheControl,
            .referrerPolicy: "no-referrer",
        ])
    }

    /// An HTML page response.
    static func html(_ status: HTTPResponse.Status, _ buffer: ByteBuffer) -> Response {
        Response(status: status, headers: htmlHeaders, body: ResponseBody(byteBuffer: buffer))
    }

    static let unsubscribeConfirmationBuffer = ByteBuffer(string: unsubscribeConfirmationHTML)
    static let unsubscribedBuffer = ByteBuffer(string: unsubscribedHTML)
    static let linkNotFoundBuffer = ByteBuffer(string: linkNotFoundHTML)
    static let badUnsubscribeRequestBuffer = ByteBuffer(string: badUnsubscribeRequestHTML)
    static let unavailableBuffer = ByteBuffer(string: unavailableHTML)
    static let healthBuffer = ByteBuffer(string: healthJSON)

    private static func page(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">\
        <meta name="viewport" content="width=device-width, initial-scale=1">\
        <meta name="robots" content="noindex, nofollow"><title>\(title)</title>\
        <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}\
        button{font-size:1rem;padding:.5rem 1rem}</style></head>
        <body>
        \(body)
        </body></html>

        """
    }
}
