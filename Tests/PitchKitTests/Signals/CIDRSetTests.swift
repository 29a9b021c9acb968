import Foundation
import Testing
@testable import PitchKit

@Suite struct CIDRSetTests {
    @Test(arguments: [
        ("17.58.0.1", "17.58.0.1"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"),
        ("::", "::"), ("::1", "::1"), ("2a04:4e41:1301:8000::1", "2a04:4e41:1301:8000::1"),
        ("2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"), ("fe80::1%eth0", "fe80::1"), ("[2001:db8::1]", "2001:db8::1"),
        ("::ffff:17.58.0.1", "17.58.0.1"), ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"), ("1::", "1::"),
        ("::1.2.3.4", "::102:304"), (" 10.0.0.1 ", "10.0.0.1"),
    ])
    func parsesAddresses(_ text: String, _ canonical: String) throws {
        #expect(try #require(IPAddress(text)).description == canonical)
    }

    @Test(arguments: [
        "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", ":::", "1:::2", "1::2::3",
        "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8", "g::1", "+1::", "::ffff:1.2.3", "1.2.3.4::", "fe80::1%",
    ])
    func rejectsNonAddresses(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func membershipForIPv4AndIPv6() throws {
        let set = try CIDRSet(["17.0.0.0/8", "66.249.80.0/20", "2a04:4e41:1301:8000::/52", "192.0.2.7", "2001:db8::/128"])
        #expect(set.contains("17.0.0.0"))
        #expect(set.contains("17.255.255.255"))
        #expect(!set.contains("18.0.0.0"))
        #expect(!set.contains("16.255.255.255"))
        #expect(set.contains("66.249.95.255"))
        #expect(!set.contains("66.249.96.0"))
        #expect(set.contains("2a04:4e41:1301:8fff:ffff:ffff:ffff:ffff"))
        #expect(!set.contains("2a04:4e41:1301:9000::"))
        #expect(set.contains("192.0.2.7"))
        #expect(!set.contains("192.0.2.8"))
        #expect(set.contains("2001:db8::"))
        #expect(!set.contains("2001:db8::1"))
        #expect(set.contains("::ffff:17.1.2.3"))  // IPv4-mapped
        #expect(!set.contains("::17.1.2.3"))
        #expect(!set.contains("not an ip"))
    }

    @Test func prefixExtremesAndHostBits() throws {
        let all = try CIDRSet(["0.0.0.0/0", "::/0"])
        #expect(all.contains("8.8.8.8") && all.contains("2001:db8::1"))
        let hostBits = try CIDRSet(["17.1.2.3/8", "2a04:4e41::ffff/32", "10.0.0.1/31"])
        #expect(hostBits.contains("17.200.0.1"))
        #expect(hostBits.contains("2a04:4e41:ffff::"))
        #expect(hostBits.contains("10.0.0.0") && hostBits.contains("10.0.0.1") && !hostBits.contains("10.0.0.2"))
        let v6Edges = try CIDRSet(["2001:db8::/64", "2001:db8:1::/65", "2001:db8:2::/63"])
        #expect(v6Edges.contains("2001:db8::ffff:ffff:ffff:ffff"))
        #expect(v6Edges.contains("2001:db8:1::7fff:ffff:ffff:ffff"))
        #expect(!v6Edges.contains("2001:db8:1:0:8000::"))
        #expect(v6Edges.contains("2001:db8:2:1:ffff::") && !v6Edges.contains("2001:db8:2:2::"))
    }

    @Test func mergesOverlappingAndAdjacentRanges() throws {
        let set = try CIDRSet(["10.0.0.0/25", "10.0.0.128/25", "10.0.0.0/24", "10.0.1.0/24", "10.0.5.0/24", "::/1", "8000::/1"])
        #expect(set.rangeCount == 3)
        #expect(set.union(CIDRSet()).rangeCount == 3)
        #expect(CIDRSet().isEmpty)
    }

    @Test func parsesAppleEgressCSV() throws {
        let csv = """
        172.224.224.0/27,GB,GB-EN,London,
        2a02:26f7:b3c0:4000::/64,FR,FR-IDF,Paris,

        # a comment
        146.75.168.84/31,US,US-CA,Los Angeles,\r
        "104.28.0.0/24",DE,DE-BE,Berlin,
        """
        let set = try CIDRSet.parse(csv, file: "egress-ip-ranges.csv")
        #expect(set.contains("172.224.224.31") && !set.contains("172.224.224.32"))
        #expect(set.contains("2a02:26f7:b3c0:4000::abcd"))
        #expect(set.contains("146.75.168.85"))
        #expect(set.contains("104.28.0.200"))
        let withHeader = try CIDRSet.parse("cidr,country\n10.0.0.0/8,US\n", file: "x.csv")
        #expect(withHeader.contains("10.1.1.1"))
    }

    @Test(arguments: [
        ("17.0.0.0/8\n17.0.0.0/33\n", 2, "'17.0.0.0/33' is not a valid CIDR (the prefix length must be 0 to 32 for IPv4)"),
        ("# ok\n\n2a04::/129,FR\n", 3, "'2a04::/129' is not a valid CIDR (the prefix length must be 0 to 128 for IPv6)"),
        ("10.0.0.0/8\n300.1.1.1/8\n", 2, "'300.1.1.1/8' is not a valid CIDR ('300.1.1.1' is not an IPv4 address)"),
        ("10.0.0.0/8\nhello,world\n", 2, "'hello' is not a valid CIDR ('hello' is not an IPv4 address)"),
        ("2a04:zz::/32\n", 1, "'2a04:zz::/32' is not a valid CIDR ('2a04:zz::' is not an IPv6 address)"),
        ("10.0.0.0/8/9\n", 1, "'10.0.0.0/8/9' is not a valid CIDR (it has more than one '/')"),
        ("10.0.0.0/\n", 1, "'10.0.0.0/' is not a valid CIDR (the prefix length must be 0 to 32 for IPv4)"),
        ("10.0.0.0/-1\n", 1, "'10.0.0.0/-1' is not a valid CIDR (the prefix length must be 0 to 32 for IPv4)"),
    ])
    func badCIDRsNameTheFileAndLine(_ text: String, _ line: Int, _ message: String) {
        do {
            _ = try CIDRSet.parse(text, file: "egress-ip-ranges.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidCIDR)
            #expect(error.line == line)
            #expect(error.description == "egress-ip-ranges.csv:\(line): \(message); fix or remove the line.")
        }
    }

    @Test func loadsFilesAndReportsUnreadableOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cidr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("egress-ip-ranges.csv")
        try Data("17.0.0.0/8,US\n".utf8).write(to: file)
        #expect(try CIDRSet.load(contentsOfFile: file.path).contains("17.1.1.1"))
        do {
            _ = try CIDRSet.load(contentsOfFile: folder.appendingPathComponent("missing.csv").path)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unreadableFile)
            #expect(error.description.hasPrefix("missing.csv: the file cannot be read"))
        }
    }

    @Test func builtInListsParseAndHoldTheirSamples() {
        #expect(CIDRSet.appleProxyDefaults.contains("17.58.10.1"))
        #expect(CIDRSet.appleProxyDefaults.contains("2a04:4e41:1301:8000::5"))
        #expect(CIDRSet.googleProxyDefaults.contains("66.249.84.1"))
        #expect(CIDRSet.googleProxyDefaults.contains("66.102.8.9"))
        #expect(CIDRSet.googleProxyDefaults.contains("74.125.210.3"))
        #expect(CIDRSet.scannerDefaults.contains("40.107.1.1"))
        #expect(CIDRSet.scannerDefaults.contains("148.163.130.5"))
        #expect(!CIDRSet.appleProxyDefaults.contains("8.8.8.8"))
    }

    @Test func largeListsStayFast() throws {
        var lines: [String] = []
        for a in 0..<200 { for b in 0..<250 { lines.append("\(a + 1).\(b).0.0/24") } }
        let set = try CIDRSet.parse(lines.joined(separator: "\n"), file: "big.csv")
        #expect(set.rangeCount == 50_000)
        #expect(set.contains("100.100.0.5") && !set.contains("100.100.1.5"))
    }
}
