// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Sightline",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sightline", targets: ["sightline"]),
        .library(name: "SightlineCore", targets: ["SightlineCore"]),
        .library(name: "SightlinePolicy", targets: ["SightlinePolicy"]),
        .library(name: "SightlineStore", targets: ["SightlineStore"]),
        .library(name: "SightlinePostgres", targets: ["SightlinePostgres"]),
        .library(name: "SightlineKeys", targets: ["SightlineKeys"]),
        .library(name: "SightlineIdentity", targets: ["SightlineIdentity"]),
        .library(name: "SightlineAudit", targets: ["SightlineAudit"]),
        .library(name: "SightlineIngest", targets: ["SightlineIngest"]),
        .library(name: "SightlineServer", targets: ["SightlineServer"]),
        .library(name: "SightlineSimulator", targets: ["SightlineSimulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "SightlineCore", swiftSettings: strict),
        .target(
            name: "SightlinePolicy", dependencies: ["SightlineCore"], resources: [.copy("LawPacks")],
            swiftSettings: strict),
        .target(
            name: "SightlineKeys",
            dependencies: ["SightlineCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "SightlineStore",
            dependencies: [
                "SightlineCore", "SightlineAudit", "SightlineKeys",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SightlinePostgres",
            dependencies: [
                "SightlineCore", "SightlineKeys",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "SightlineIngest", dependencies: ["SightlineCore"], swiftSettings: strict),
        .target(
            name: "SightlineAudit",
            dependencies: ["SightlineCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "SightlineIdentity",
            dependencies: [
                "SightlineCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(name: "SightlineSimulator", dependencies: ["SightlineCore"], swiftSettings: strict),
        .target(name: "SightlineDashboard", resources: [.copy("Web")], swiftSettings: strict),
        .target(
            name: "SightlineServer",
            dependencies: [
                "SightlineCore", "SightlinePolicy", "SightlineStore", "SightlineKeys", "SightlineIngest",
                "SightlineIdentity", "SightlineAudit", "SightlineDashboard",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "sightline",
            dependencies: [
                "SightlineCore", "SightlinePolicy", "SightlineStore", "SightlineKeys", "SightlinePostgres",
                "SightlineIngest",
                "SightlineServer", "SightlineSimulator", "SightlineIdentity", "SightlineAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "SightlineCoreTests", dependencies: ["SightlineCore"], swiftSettings: strict),
        .testTarget(name: "SightlinePolicyTests", dependencies: ["SightlinePolicy"], swiftSettings: strict),
        .testTarget(
            name: "SightlineStoreTests",
            dependencies: [
                "SightlineStore", "SightlinePostgres", "SightlineKeys", "SightlineSimulator",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .testTarget(name: "SightlineIngestTests", dependencies: ["SightlineIngest"], swiftSettings: strict),
        .testTarget(name: "SightlineIdentityTests", dependencies: ["SightlineIdentity"], swiftSettings: strict),
        .testTarget(
            name: "SightlineAuditTests",
            dependencies: ["SightlineAudit", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .testTarget(
            name: "SightlineSimulatorTests", dependencies: ["SightlineSimulator"], swiftSettings: strict),
        .testTarget(
            name: "sightlineTests",
            dependencies: [
                "sightline", "SightlineServer", "SightlineSimulator", "SightlineIdentity", "SightlinePostgres",
                "SightlineAudit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SightlineServerTests",
            dependencies: [
                "SightlineServer", "SightlineSimulator", "SightlineDashboard", "SightlineAudit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
