// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets, a package of their own so that the main build never sees -sanitize=fuzzer.
// Built and run by `scripts/fuzz` (which passes -sanitize=fuzzer,address and -enable-testing).
// The root package is a path dependency; its identity is its directory's name, whatever the checkout is called.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let qmatch = root.lastPathComponent

let package = Package(
    name: "qmatch-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: root.path)],
    targets: [
        .executableTarget(name: "fuzz-records", dependencies: [.product(name: "QProfiles", package: qmatch)],
                          path: "Sources/FuzzRecords"),
        .executableTarget(name: "fuzz-index", dependencies: [.product(name: "QMatching", package: qmatch)],
                          path: "Sources/FuzzIndex"),
        .executableTarget(name: "fuzz-npy", dependencies: [.product(name: "QMatching", package: qmatch)],
                          path: "Sources/FuzzNpy"),
    ]
)
