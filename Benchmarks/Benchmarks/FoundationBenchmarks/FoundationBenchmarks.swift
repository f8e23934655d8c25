import Benchmark
import Foundation
import QProfiles

/// A generated community on disk, made once per process (not measured).
final class GeneratedCommunity: @unchecked Sendable {  // written once in init, then only read
    let directory: String

    init(members: Int) throws {
        directory = NSTemporaryDirectory() + "qmatch-bench-\(members)-\(getpid())"
        if !FileManager.default.fileExists(atPath: directory + "/members.csv") {
            _ = try CommunityGenerator(members: members, seed: 42).write(to: directory, format: .csv)
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(60),
        maxIterations: 3
    )

    Benchmark("generate/1M members", configuration: .init(maxIterations: 1)) { benchmark in
        let directory = NSTemporaryDirectory() + "qmatch-bench-generate-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        benchmark.startMeasurement()
        blackHole(try CommunityGenerator(members: 1_000_000, seed: 7).write(to: directory, format: .csv))
        benchmark.stopMeasurement()
    }

    Benchmark("import/100k members with connections") { (benchmark: Benchmark, community: GeneratedCommunity) in
        for _ in benchmark.scaledIterations {
            let database = NSTemporaryDirectory() + "qmatch-bench-import-\(getpid()).sqlite"
            defer {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
            }
            benchmark.startMeasurement()
            let store = try ProfileStore(path: database)
            blackHole(try await store.importFiles(ImportSources(directory: community.directory)))
            benchmark.stopMeasurement()
        }
    } setup: {
        try GeneratedCommunity(members: 100_000)
    }
}
