/// What libcurl reported when it opened an SMTP session (TCP, TLS, EHLO, AUTH), reduced to the
/// values that decide the outcome.
struct TransferReport: Sendable, Equatable {
    /// The raw `CURLcode`.
    var curlCode: Int
    /// `CURLINFO_RESPONSE_CODE`: the last SMTP reply code (not QUIT's).
    var responseCode: Int
    /// The reply lines captured by the header callback, in order.
    var replyLines: [String]
    /// libcurl's error buffer (may be empty).
    var errorText: String
    /// `curl_easy_strerror` of the code.
    var curlMessage: String
}

/// Turns a ``TransferReport`` of the session set-up into an outcome or a configuration error.
/// Pure: no I/O, tested alone.
///
/// The rule (measured on libcurl 7.88): TLS, login and URL problems are configuration errors that
/// no retry fixes; a relay that refuses the session with a reply code decides by that code; a
/// network failure is safe to retry, since no message data has gone out.
enum SendClassifier {
    enum Result: Equatable {
        case outcome(SendOutcome)
        case configuration(TransportError)
    }

    // CURLcode values used here (stable across libcurl versions).
    static let ok = 0, unsupportedProtocol = 1, urlMalformat = 3, couldntResolveHost = 6, couldntConnect = 7
    static let weirdServerReply = 8, remoteAccessDenied = 9, timedOut = 28, sslConnectError = 35
    static let sendError = 55, recvError = 56, sslCertProblem = 58, peerFailedVerification = 60
    static let useSSLFailed = 64, loginDenied = 67, sslCACertBadFile = 77, gotNothing = 52

    static func classify(_ report: TransferReport) -> Result {
        let reply = lastReply(code: report.responseCode, in: report.replyLines)
        if report.curlCode == ok {
            return .outcome(.accepted(reply ?? SMTPReply(code: report.responseCode, enhancedCode: nil, text: "")))
        }
        let failure = report.errorText.isEmpty ? report.curlMessage : report.errorText
        switch report.curlCode {
        case loginDenied:
            return .configuration(TransportError(.loginRefused, "The relay refused the login\(reply.map { " (\($0.description))" } ?? ""); check the user name and the password."))
        case useSSLFailed:
            return .configuration(TransportError(.startTLSNotOffered, "The relay does not offer STARTTLS, which is required; use smtps://, a relay with TLS, or the insecure flag for a trusted network."))
        case peerFailedVerification, sslCertProblem, sslCACertBadFile:
            return .configuration(TransportError(.tlsFailed, "The relay's TLS certificate could not be verified (\(failure)); give the right CA file or fix the relay's certificate."))
        case sslConnectError:
            return .configuration(TransportError(.tlsFailed, "The TLS handshake with the relay failed (\(failure)); check that the port speaks TLS (smtps:// on 465, STARTTLS on 587)."))
        case urlMalformat, unsupportedProtocol:
            return .configuration(TransportError(.badURL, "libcurl cannot use the SMTP URL (\(report.curlMessage)); fix it."))
        default:
            break
        }
        switch report.responseCode {
        case 530, 534, 538:
            return .configuration(TransportError(.relayRefusedSession, "The relay requires authentication or TLS before it takes mail\(reply.map { " (\($0.description))" } ?? ""); set the user name and password, and use STARTTLS or smtps://."))
        case 400..<500:
            return .outcome(.deferred(reply, reason: "the relay answered with a temporary error when the session opened"))
        case 500..<600:
            return .outcome(.rejected(reply, reason: "the relay refused the session"))
        default:
            return .outcome(.deferred(nil, reason: "no message data went out (\(failure)); safe to retry"))
        }
    }

    /// The last captured line whose code is `code` (not the 221 answer to libcurl's QUIT).
    static func lastReply(code: Int, in lines: [String]) -> SMTPReply? {
        let prefix = Array(String(code).utf8)
        return lines.reversed().lazy.filter { $0.utf8.starts(with: prefix) }.compactMap(SMTPReply.init(line:)).first { $0.code == code }
    }
}
