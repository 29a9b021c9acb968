// swift-tools-version:6.1
import PackageDescription

// Settings shared by every Swift target: Swift 6 language mode with strict concurrency.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "PitchLab",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pitchlab", targets: ["pitchlab"]),
        .library(name: "PitchKit", targets: ["PitchKit"]),
        .library(name: "PitchMail", targets: ["PitchMail"]),
        .library(name: "PitchStats", targets: ["PitchStats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already resolved through Hummingbird; named here because PitchServer imports them directly.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // C: libcurl and typed, non-variadic wrappers for curl_easy_setopt/getinfo.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),

        // Core libraries.
        .target(name: "PitchStats", swiftSettings: swiftSettings),
        .target(name: "PitchMail", dependencies: ["CCurl"], swiftSettings: swiftSettings),
        .target(
            name: "PitchKit",
            dependencies: [
                "PitchStats", "PitchMail",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PitchServer",
            dependencies: [
                "PitchKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // The thin executable.
        .executableTarget(
            name: "pitchlab",
            dependencies: [
                "PitchKit", "PitchMail", "PitchStats", "PitchServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Benchmarks (run by `make bench`, never by `swift test`).
        .executableTarget(
            name: "pitchlab-bench",
            dependencies: ["PitchMail", "PitchKit"],
            path: "Benchmarks/pitchlab-bench",
            swiftSettings: swiftSettings
        ),

        // Tests, and the helpers they share (real servers, processes, ports; not shipped).
        .target(name: "PitchTestSupport", path: "Tests/PitchTestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "PitchStatsTests", dependencies: ["PitchStats"],
                    resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "PitchMailTests", dependencies: ["PitchMail", "PitchTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "PitchMailInboundTests", dependencies: ["PitchMail"],
                    resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(name: "PitchKitTests", dependencies: ["PitchKit", "PitchStats", .product(name: "GRDB", package: "GRDB.swift")],
                    resources: [.copy("Fixtures")], swiftSettings: swiftSettings),
        .testTarget(
            name: "PitchServerTests",
            dependencies: [
                "PitchServer", "PitchKit", "PitchMail", "PitchTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PitchLabCLITests", dependencies: ["PitchKit", "PitchTestSupport"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
