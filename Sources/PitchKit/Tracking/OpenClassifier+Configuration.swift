public import Foundation

extension OpenClassifier {
    /// The windows, address lists and user agents that classification uses.
    ///
    /// The windows are proposed defaults (stats.md §2.3), not published values: tune them on your
    /// own data. The address lists default to small built-in samples; load the refreshed lists
    /// (see ``CIDRSet``).
    public struct Configuration: Sendable, Hashable {
        /// A bare `Mozilla/5.0` user agent counts as Apple MPP up to this long after delivery
        /// (inclusive). Default 600 s (10 min).
        public var appleUserAgentWindow: TimeInterval
        /// A scanner network or user agent counts as a scanner up to this long after delivery
        /// (inclusive). Default 30 s.
        public var scannerWindow: TimeInterval
        /// A Gmail proxy fetch at least this long after the first one is a human open. Default 60 s.
        public var googleRefetchGap: TimeInterval
        /// Clicks on every link of a message within this span are a scanner burst. Default 10 s.
        public var clickBurstWindow: TimeInterval
        /// When true, a known scanner user agent is a scanner at any time, not only within
        /// ``scannerWindow`` (§2.3 reads "within 30 s … or a known scanner user agent"; the default
        /// false follows the stricter reading). Default false.
        public var scannerUserAgentsAtAnyTime: Bool
        /// Apple's egress networks (MPP). Default ``CIDRSet/appleProxyDefaults``.
        public var appleNetworks: CIDRSet
        /// Gmail image proxy networks. Default ``CIDRSet/googleProxyDefaults``.
        public var googleNetworks: CIDRSet
        /// Datacentre and mail-security networks. Default ``CIDRSet/scannerDefaults``.
        public var scannerNetworks: CIDRSet
        /// Case-insensitive substrings of scanner and bot user agents. Default ``defaultScannerUserAgents``.
        public var scannerUserAgents: [String]

        /// Substrings of user agents of security scanners and scripted clients: Microsoft Safe
        /// Links/Defender, Proofpoint, Mimecast, Barracuda, HTTP libraries, headless browsers.
        public static let defaultScannerUserAgents = [
            "safelinks", "safe links", "microsoft defender", "bingpreview", "proofpoint", "mimecast", "barracuda",
            "python-requests", "python-urllib", "aiohttp", "curl", "wget", "go-http-client", "okhttp",
            "apache-httpclient", "libwww-perl", "java/", "headlesschrome", "phantomjs", "puppeteer",
        ]

        /// The user agent that, alone, marks an Apple MPP fetch: exactly `Mozilla/5.0`.
        public static let appleBareUserAgent = "Mozilla/5.0"
        /// The token that marks Gmail's image proxy in a user agent.
        public static let googleProxyUserAgentToken = "GoogleImageProxy"

        /// Creates a configuration; every argument has the documented default.
        public init(
            appleUserAgentWindow: TimeInterval = 600,
            scannerWindow: TimeInterval = 30,
            googleRefetchGap: TimeInterval = 60,
            clickBurstWindow: TimeInterval = 10,
            scannerUserAgentsAtAnyTime: Bool = false,
            appleNetworks: CIDRSet = .appleProxyDefaults,
            googleNetworks: CIDRSet = .googleProxyDefaults,
            scannerNetworks: CIDRSet = .scannerDefaults,
            scannerUserAgents: [String] = Configuration.defaultScannerUserAgents
        ) {
            self.appleUserAgentWindow = appleUserAgentWindow
            self.scannerWindow = scannerWindow
            self.googleRefetchGap = googleRefetchGap
            self.clickBurstWindow = clickBurstWindow
            self.scannerUserAgentsAtAnyTime = scannerUserAgentsAtAnyTime
            self.appleNetworks = appleNetworks
            self.googleNetworks = googleNetworks
            self.scannerNetworks = scannerNetworks
            self.scannerUserAgents = scannerUserAgents
        }
    }
}
