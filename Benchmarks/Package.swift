// swift-tools-version: 6.1
import PackageDescription

// The benchmarks are a package of their own so that the main build stays lean.
// Run from this directory: swift package benchmark   (see README.md)
let package = Package(
    name: "qmatch-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "qmatch", path: "../"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "FoundationBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "QProfiles", package: "qmatch"),
            ],
            path: "Benchmarks/FoundationBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
        .executableTarget(
            name: "SimilarityBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "QMatching", package: "qmatch"),
                .product(name: "QLinearAlgebra", package: "qmatch"),
            ],
            path: "Benchmarks/SimilarityBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ]
)
