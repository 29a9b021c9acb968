extension CIDRSet {
    /// A small built-in sample of Apple's Mail Privacy Protection / iCloud Private Relay egress
    /// networks: Apple's own 17.0.0.0/8 and 2620:149::/32, plus a few sample egress ranges from
    /// `egress-ip-ranges.csv`.
    ///
    /// This sample is incomplete and goes stale: load Apple's refreshed list
    /// (`https://mask-api.icloud.com/egress-ip-ranges.csv`, updated daily) with
    /// ``load(contentsOfFile:)`` and use ``union(_:)`` with this set.
    public static let appleProxyDefaults = builtIn(
        """
        # Apple's own allocations.
        17.0.0.0/8
        2620:149::/32
        # Sample iCloud Private Relay egress ranges (from egress-ip-ranges.csv; refresh daily).
        140.248.40.70/31
        146.75.168.84/31
        146.75.174.58/31
        146.75.185.84/31
        146.75.200.24/31
        146.75.218.6/31
        2a04:4e41:1301:8000::/52
        2a04:4e41:1601:e000::/52
        2a04:4e41:4e01:7000::/52
        2a04:4e41:1c0:8000::/52
        """)

    /// A small built-in sample of the networks Gmail's image proxy (`GoogleImageProxy`) fetches
    /// from. Google does not publish a list for the proxy; extend it from your own pixel logs.
    public static let googleProxyDefaults = builtIn(
        """
        66.249.80.0/20
        66.102.0.0/20
        74.125.0.0/16
        64.233.160.0/19
        72.14.192.0/18
        209.85.128.0/17
        2001:4860:4000::/36
        2a00:1450:4000::/37
        """)

    /// A small built-in sample of mail-security and datacentre networks whose fetches within
    /// seconds of delivery are scanners: Microsoft Exchange Online Protection (Safe Links,
    /// Defender), Proofpoint, Mimecast and Barracuda.
    ///
    /// This sample is incomplete: load your providers' published ranges and datacentre/ASN lists
    /// with ``load(contentsOfFile:)`` and use ``union(_:)`` with this set.
    public static let scannerDefaults = builtIn(
        """
        # Microsoft Exchange Online Protection (Safe Links, Defender for Office 365).
        40.92.0.0/15
        40.107.0.0/16
        52.100.0.0/14
        104.47.0.0/17
        2a01:111:f400::/48
        2a01:111:f403::/48
        # Proofpoint.
        67.231.144.0/20
        148.163.128.0/19
        # Mimecast.
        205.139.110.0/24
        207.211.30.0/24
        216.205.24.0/24
        # Barracuda.
        209.222.80.0/21
        64.235.144.0/20
        """)

    /// Parses a built-in list, which tests keep valid.
    private static func builtIn(_ text: String) -> CIDRSet {
        do {
            return try parse(text, file: "built-in list")
        } catch {
            preconditionFailure("\(error)")
        }
    }
}
