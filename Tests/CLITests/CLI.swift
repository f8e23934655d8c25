import Foundation
import QProfiles
import Testing

/// The built `qmatch` executable, run as a subprocess the way a person runs it.
enum CLI {
    /// What one run left: its exit status and everything it wrote.
    struct Output: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String

        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        var description: String { "exit \(status)\n--- stdout\n\(stdout.prefix(2000))\n--- stderr\n\(stderr.prefix(2000))" }
    }

    /// The `qmatch` binary: `$QMATCH_BINARY`, or the one in the build products directory beside the test bundle.
    static let binary: URL? = {
        let manager = FileManager.default
        if let path = ProcessInfo.processInfo.environment["QMATCH_BINARY"] { return URL(fileURLWithPath: path) }
        var directories: [URL] = []
        if let executable = Bundle.main.executableURL { directories.append(executable.deletingLastPathComponent()) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        directories.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        for directory in directories {
            // macOS nests the test executable inside the bundle (`X.xctest/Contents/MacOS/X`).
            var candidate = directory
            for _ in 0..<4 {
                let binary = candidate.appendingPathComponent("qmatch")
                if manager.isExecutableFile(atPath: binary.path) { return binary }
                candidate = candidate.deletingLastPathComponent()
            }
        }
        return nil
    }()

    /// Runs `qmatch arguments` (with `OPENBLAS_NUM_THREADS=1`), capturing its output through files.
    static func run(_ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:]) throws -> Output {
        let binary = try #require(binary, "the qmatch executable is not beside the test bundle; set QMATCH_BINARY")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qmatch-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        environment.removeValue(forKey: "QMATCH_DB")
        environment.merge(extra) { _, new in new }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let ended = try ChildProcess.run(binary.path, arguments, environment: environment, directory: directory?.path,
                                         standardOutput: .file(out.path), standardError: .file(err.path))
        // A signal is reported as the shell does, 128 + its number, so that a crash never passes for an exit.
        return Output(status: ended.exitStatus ?? 128 + (ended.signal ?? 0),
                      stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }

    /// Where every ``temporaryDirectory()`` of this test process lives; removed when the process exits, so a
    /// test that keeps a file for its whole run (a secret, pictures) leaves nothing behind.
    static let scratchRoot: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qmatch-cli-\(UUID().uuidString)")
        atexit { try? FileManager.default.removeItem(at: CLI.scratchRoot) }
        return url
    }()

    /// A fresh temporary directory (inside ``scratchRoot``).
    static func temporaryDirectory() throws -> URL {
        let url = scratchRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The rows of CSV `output` (standard output), by column name; fails the test when it is not valid CSV.
    static func csvRows(_ output: Output) throws -> (columns: [String], rows: [[String: String]]) {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("out.csv")
        try Data(output.stdout.utf8).write(to: file)
        let reader = try RecordReader(path: file.path, format: .csv)
        #expect(reader.unreadable.isEmpty, "unreadable CSV rows: \(reader.unreadable.map(\.message))")
        let rows = reader.records.map { record in
            var row: [String: String] = [:]
            for (column, value) in zip(reader.columns, record.values) {
                if case .string(let text) = value { row[column] = text }
            }
            return row
        }
        return (reader.columns, rows)
    }

    /// Standard output decoded as one JSON document.
    static func json(_ output: Output) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
    }

    /// Each line of standard output decoded as a JSON object.
    static func jsonLines(_ output: Output) throws -> [[String: Any]] {
        try output.lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not an object: \(line)")
        }
    }
}

/// A small generated community (300 members, seed 7), imported and built once per test run; tests only read it.
struct Community: Sendable {
    let directory: URL
    let data: URL
    let database: String
    /// The generated members by id (from members.csv).
    let members: [String: [String: String]]
    /// The generated groups by id.
    let groups: [String: [String: String]]

    var db: [String] { ["--db", database] }
    var hiddenIDs: [String] { members.values.filter { $0["discoverable"] == "false" }.compactMap { $0["id"] }.sorted() }
    var visibleIDs: [String] { members.values.filter { $0["discoverable"] != "false" }.compactMap { $0["id"] }.sorted() }

    static let shared = Task { try make() }

    /// Where the shared community lives; removed when the test process exits.
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("qmatch-cli-\(UUID().uuidString)")

    static func make() throws -> Community {
        let directory = root
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Community.root) }
        let data = directory.appendingPathComponent("data")
        let database = directory.appendingPathComponent("q.sqlite").path
        for arguments in [["generate", "--members", "300", "--seed", "7", "--out", data.path],
                          ["import", data.path, "--db", database],
                          ["build", "--db", database, "--dimension", "32"]] {
            let output = try CLI.run(arguments)
            try #require(output.status == 0, "qmatch \(arguments.joined(separator: " ")): \(output)")
        }
        func table(_ name: String) throws -> [String: [String: String]] {
            let reader = try RecordReader(path: data.appendingPathComponent(name).path)
            var rows: [String: [String: String]] = [:]
            for record in reader.records {
                var row: [String: String] = [:]
                for (column, value) in zip(reader.columns, record.values) {
                    if case .string(let text) = value { row[column] = text }
                }
                if let id = row["id"] { rows[id] = row }
            }
            return rows
        }
        return Community(directory: directory, data: data, database: database, members: try table("members.csv"),
                         groups: try table("groups.csv"))
    }

    /// A discoverable member with ties and groups, for commands that take one.
    var someMember: String { visibleIDs.first { (members[$0]?["groups"] ?? "").contains(";") } ?? visibleIDs[0] }

    /// The discoverable members of group `id`.
    func visibleMembers(ofGroup id: String) -> [String] {
        visibleIDs.filter { (members[$0]?["groups"] ?? "").split(separator: ";").contains(Substring(id)) }
    }
}
