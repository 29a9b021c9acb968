import Foundation
public import Hummingbird
import NIOCore
public import PitchKit

/// The routes of the tracking server and what each does with a token.
///
/// | Route | Valid token | Invalid token |
/// |---|---|---|
/// | `GET /o/TOKEN.gif` | records an open; 1×1 GIF | the same GIF |
/// | `GET /c/TOKEN` | records a click; 302 to the signed destination | 404 page |
/// | `GET /u/TOKEN` | confirmation page (records nothing) | the same page |
/// | `POST /u/TOKEN` with `List-Unsubscribe=One-Click` | records the unsubscribe (suppresses); confirmation | the same confirmation |
/// | `GET /health` | `{"status":"ok"}` | |
///
/// An event is recorded through the ``TrackingRecorder`` and the response waits for its commit;
/// when the store fails the response is 503.
public struct TrackingEndpoints: Sendable {
    /// Verifies tokens.
    public let codec: TrackingTokenCodec
    /// Stores events.
    public let recorder: TrackingRecorder
    /// Stamps events.
    public let clock: any SendClock
    /// Read the client address from `X-Forwarded-For`.
    public let trustProxy: Bool

    /// Creates the endpoints.
    public init(codec: TrackingTokenCodec, recorder: TrackingRecorder, clock: any SendClock, trustProxy: Bool) {
        self.codec = codec
        self.recorder = recorder
        self.clock = clock
        self.trustProxy = trustProxy
    }

    /// Adds the routes to `router`.
    public func register(on router: Router<TrackingRequestContext>) {
        router.get("o/:file") { request, context in try await self.pixel(request, context) }
        router.get("c/:token") { request, context in try await self.click(request, context) }
        router.get("u/:token") { _, _ in TrackingPages.html(.ok, TrackingPages.unsubscribeConfirmationBuffer) }
        router.post("u/:token") { request, context in try await self.unsubscribe(request, context) }
        router.get("health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: TrackingPages.cacheControl],
                     body: ResponseBody(byteBuffer: TrackingPages.healthBuffer))
        }
    }

    // MARK: - Handlers

    func pixel(_ request: Request, _ context: TrackingRequestContext) async throws -> Response {
        let file = context.parameters.get("file") ?? ""
        if file.hasSuffix(".gif"), let token = codec.verify(file.dropLast(4), as: .open) {
            let event = self.event(.open, token: token, request, context)
            guard await store(event) else { return Self.unavailable() }
        }
        return TrackingPages.pixel()
    }

    func click(_ request: Request, _ context: TrackingRequestContext) async throws -> Response {
        guard let text = context.parameters.get("token"), let token = codec.verify(text, as: .click),
            let destination = token.destination
        else {
            return TrackingPages.html(.notFound, TrackingPages.linkNotFoundBuffer)
        }
        var event = self.event(.click, token: token, request, context)
        event.destination = destination
        guard await store(event) else { return Self.unavailable() }
        return TrackingPages.redirect(to: destination)
    }

    func unsubscribe(_ request: Request, _ context: TrackingRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            return TrackingPages.html(.badRequest, TrackingPages.badUnsubscribeRequestBuffer)
        }
        guard OneClickUnsubscribeForm.isOneClick(body: body, contentType: request.headers[.contentType]) else {
            return TrackingPages.html(.badRequest, TrackingPages.badUnsubscribeRequestBuffer)
        }
        if let text = context.parameters.get("token"), let token = codec.verify(text, as: .unsubscribe) {
            let event = self.event(.unsubscribe, token: token, request, context)
            guard await store(event) else { return Self.unavailable() }
        }
        return TrackingPages.html(.ok, TrackingPages.unsubscribedBuffer)
    }

    // MARK: - Helpers

    private func event(_ kind: TrackingEvent.Kind, token: TrackingToken, _ request: Request, _ context: TrackingRequestContext) -> TrackingEvent {
        TrackingEvent(
            kind: kind, entryID: token.entry, at: clock.now(), ip: clientAddress(request, context),
            userAgent: request.headers[.userAgent])
    }

    /// True once the event is committed; false when the store failed.
    private func store(_ event: TrackingEvent) async -> Bool {
        do {
            try await recorder.record(event)
            return true
        } catch {
            return false
        }
    }

    private static func unavailable() -> Response {
        var response = TrackingPages.html(.serviceUnavailable, TrackingPages.unavailableBuffer)
        response.headers[.retryAfter] = "60"
        return response
    }

    /// The peer address, or with ``trustProxy`` the last `X-Forwarded-For` entry (the address the
    /// proxy itself saw; entries before it are whatever the client claimed).
    func clientAddress(_ request: Request, _ context: TrackingRequestContext) -> String? {
        if trustProxy {
            let values = request.headers[values: .xForwardedFor]
            if let last = values.last?.split(separator: ",").last {
                let candidate = last.trimmingCharacters(in: .whitespaces)
                if let address = IPAddress(candidate) { return address.description }
            }
        }
        return context.remoteAddress?.ipAddress
    }
}
