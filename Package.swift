// swift-tools-version: 6.1
import PackageDescription

/// The numeric modules are optimised in debug builds too: the tests rank, build indexes and run the blossom
/// matching thousands of times, which unoptimised code makes ten times slower (the suite and CI with it).
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "qmatch",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "QProfiles", targets: ["QProfiles"]),
        .library(name: "QGraph", targets: ["QGraph"]),
        .library(name: "QMatching", targets: ["QMatching"]),
        .library(name: "QLinearAlgebra", targets: ["QLinearAlgebra"]),
        .library(name: "QMatchServer", targets: ["QMatchServer"]),
        .executable(name: "qmatch", targets: ["qmatch"]),
        .executable(name: "qmatch-server", targets: ["qmatch-server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // Gradient-boosted trees for learning to rank (Debian's libxgboost-dev, its C API).
        .systemLibrary(
            name: "CXGBoost", path: "Sources/CXGBoost", providers: [.apt(["libxgboost-dev"])]
        ),
        .target(name: "QLinearAlgebra", dependencies: ["CBLAS", "QKernels"], swiftSettings: optimisedInDebug),
        .target(name: "QKernels"),
        .target(name: "QProfiles", dependencies: [
            "QLinearAlgebra",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: optimisedInDebug),
        // The PostgreSQL store (postgres-nio), behind `ProfileStore`: only the executables and the tests that run
        // both stores depend on it, so the libraries build without postgres-nio.
        .target(name: "QPostgres", dependencies: [
            "QProfiles",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "QGraph", dependencies: [
            "QLinearAlgebra",
            .product(name: "Collections", package: "swift-collections"),
        ], swiftSettings: optimisedInDebug),
        .target(name: "QMatching", dependencies: [
            "QProfiles", "QGraph", "QLinearAlgebra", "QKernels", "CXGBoost",
            .product(name: "Collections", package: "swift-collections"),
            .product(name: "Logging", package: "swift-log"),
        ], swiftSettings: optimisedInDebug),
        // SVG pictures of the community, drawn once for the web pages and `qmatch stats --svg`.
        .target(name: "QPictures", dependencies: ["QMatching", "QProfiles", "QGraph"]),
        // Signed, expiring sign-in links: the token format that `qmatch link` writes and the server checks.
        .target(name: "QSignIn", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "QMatchServer", dependencies: [
            "QMatching", "QProfiles", "QGraph", "QPictures", "QSignIn",
            .product(name: "DequeModule", package: "swift-collections"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], path: "Sources/qmatch-server/Library", resources: [
            .copy("Resources/openapi.json"), .copy("Resources/templates"), .copy("Resources/static"),
        ]),
        .executableTarget(name: "qmatch", dependencies: [
            "QMatching", "QProfiles", "QPostgres", "QGraph", "QLinearAlgebra", "QPictures", "QSignIn",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "qmatch-server", dependencies: [
            "QMatchServer", "QLinearAlgebra",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ], path: "Sources/qmatch-server", exclude: ["Library"]),
        // Test support: the stores a test runs on (SQLite, and PostgreSQL when QMATCH_TEST_POSTGRES names a server).
        .target(name: "StoreTesting", dependencies: ["QProfiles", "QPostgres"], path: "Tests/StoreTesting"),
        .testTarget(name: "QProfilesTests", dependencies: [
            "QProfiles", "QPostgres", "StoreTesting", "QLinearAlgebra", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "QGraphTests", dependencies: ["QGraph", "QLinearAlgebra"]),
        .testTarget(name: "QMatchingTests", dependencies: [
            "QMatching", "QProfiles", "QPostgres", "StoreTesting", "QLinearAlgebra", "QGraph",
        ]),
        // Runs the built `qmatch` as a person would (exit status, standard output and error); the dependency makes
        // `swift test` build the executable beside the test bundle.
        .testTarget(name: "CLITests", dependencies: ["qmatch", "QProfiles", "QSignIn", "StoreTesting"]),
        .testTarget(name: "ServerTests", dependencies: [
            "QMatchServer", "QMatching", "QProfiles", "QPictures", "QSignIn",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
