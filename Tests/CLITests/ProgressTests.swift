import Foundation
import QProfiles
import Testing

/// Long commands show progress on standard error when it is a terminal, and stay quiet otherwise. The
/// terminal is a pseudo-terminal made by `script(1)`, which records standard output and error together.
@Suite struct ProgressTests {
    /// Runs `qmatch arguments` with a terminal for standard error (and output).
    static func runOnTerminal(_ arguments: [String]) throws -> (status: Int32, text: String) {
        let binary = try #require(CLI.binary, "the qmatch executable is not beside the test bundle")
        let script = URL(fileURLWithPath: "/usr/bin/script")
        try #require(FileManager.default.isExecutableFile(atPath: script.path), "script(1) is not installed")
        let quoted = ([binary.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        environment.removeValue(forKey: "QMATCH_DB")
        let ended = try ChildProcess.run(script.path, ["-qec", quoted.joined(separator: " "), "/dev/null"],
                                         environment: environment, standardOutput: .capture, standardError: .capture)
        return (ended.exitStatus ?? 128 + (ended.signal ?? 0), String(decoding: ended.captured, as: UTF8.self))
    }

    @Test func importBuildAndEvalShowTheirStagesOnATerminal() async throws {
        let community = try await Community.shared.value
        let directory = try CLI.temporaryDirectory()
        let database = directory.appendingPathComponent("p.sqlite").path
        let imported = try Self.runOnTerminal(["import", community.data.path, "--db", database])
        #expect(imported.status == 0, "\(imported.text)")
        for stage in ["import: checking members", "import: writing members", "import: writing connections"] {
            #expect(imported.text.contains(stage), "\(imported.text)")
        }
        let built = try Self.runOnTerminal(["build", "--db", database, "--dimension", "16"])
        #expect(built.status == 0, "\(built.text)")
        for stage in ["build: reading the store", "build: featurizing", "build: content lists", "build: writing the index"] {
            #expect(built.text.contains(stage), "\(built.text)")
        }
        let evaluated = try Self.runOnTerminal(["eval", "--db", database, "--dimension", "16", "--max-members", "20"])
        #expect(evaluated.status == 0, "\(evaluated.text)")
        for stage in ["eval: building: featurizing", "eval: ranking by"] {
            #expect(evaluated.text.contains(stage), "\(evaluated.text)")
        }
        let all = try Self.runOnTerminal(["recommend", "--all", "--limit", "2", "--db", database])
        #expect(all.status == 0)
        for stage in ["recommend --all: content candidates", "recommend --all: ranking"] {
            #expect(all.text.contains(stage), "\(all.text.suffix(2000))")
        }
    }

    @Test func longCommandsAreQuietWithoutATerminal() async throws {
        let community = try await Community.shared.value
        let directory = try CLI.temporaryDirectory()
        let database = directory.appendingPathComponent("q.sqlite").path
        let imported = try CLI.run(["import", community.data.path, "--db", database])
        #expect(imported.status == 0 && !imported.stderr.contains("import:"), "\(imported)")
        let built = try CLI.run(["build", "--db", database, "--dimension", "16"])
        #expect(built.status == 0 && !built.stderr.contains("build:") && !built.stderr.contains("\r"), "\(built)")
    }
}
