import Foundation
import Testing

/// Exit status 64 for usage errors, 1 for other errors, 0 for success, with a message that says what.
@Suite struct ExitStatusTests {
    @Test(arguments: [
        ["recommend", "MEMBER", "--limit", "0"],
        ["recommend"],
        ["recommend", "MEMBER", "--all"],
        ["recommend", "--all", "--shard", "4/3"],
        ["recommend", "--all", "--shard", "3/2"],
        ["recommend", "--all", "--shard", "0/0"],
        ["recommend", "--all", "--shard", "a/b"],
        ["recommend", "--all", "--shard", "1/0"],
        ["build", "--ann", "sometimes"],
        ["stats", "--format", "csv"],
        ["recruit"],
        ["recruit", "--text", "peer support", "--limit", "500"],
        ["search", "   "],
        ["similar"],
        ["show"],
        ["groups", "--kind", "club"],
        ["feedback", "MEMBER", "OTHER", "like"],
        ["eval", "--holdout", "sideways"],
        ["build", "--content-lists", "sometimes"],
    ])
    func usageErrorsExit64(_ arguments: [String]) async throws {
        let community = try await Community.shared.value
        let output = try CLI.run(arguments.map { $0 == "MEMBER" ? community.someMember : $0 } + community.db)
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("Error:"), "\(output)")
        #expect(output.stdout.isEmpty, "\(output)")
    }

    /// A shard that starts with '-' is a bad shard, not a missing value (the parser would take `-1/2` for an
    /// option); with and without '='.
    @Test(arguments: [["--shard", "-1/2"], ["--shard=-1/2"], ["--shard", "-3"]])
    func negativeShardGetsTheShardMessage(_ shard: [String]) async throws {
        let community = try await Community.shared.value
        let output = try CLI.run(["recommend", "--all"] + shard + community.db)
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains("--shard must be I/N with 1 ≤ I ≤ N"), "\(output)")
        #expect(output.stdout.isEmpty, "\(output)")
    }

    /// A community that will not fit in memory is refused before any work, saying how much it needs; nothing
    /// is written (no database, no index, no output): import, build, recommend --all and eval.
    @Test func jobsThatWillNotFitAreRefusedAtOnce() async throws {
        let community = try await Community.shared.value
        let directory = try CLI.temporaryDirectory()
        let database = directory.appendingPathComponent("small.sqlite").path
        let tiny = ["QMATCH_MEMORY_AVAILABLE": "1000000"]
        let imported = try CLI.run(["import", community.data.path, "--db", database], environment: tiny)
        #expect(imported.status == 1, "\(imported)")
        #expect(imported.stderr.contains("import of ") && imported.stderr.contains("needs about")
            && imported.stderr.contains("nothing was done"), "\(imported)")
        #expect(!FileManager.default.fileExists(atPath: database))
        let index = directory.appendingPathComponent("small.qindex").path
        let built = try CLI.run(["build", "--index", index] + community.db, environment: tiny)
        #expect(built.status == 1, "\(built)")
        #expect(built.stderr.contains("build of 300 members at dimension 256 needs about"), "\(built)")
        #expect(!FileManager.default.fileExists(atPath: index))
        // recommend --all and eval: refused before any work, nothing written.
        let all = try CLI.run(["recommend", "--all"] + community.db, environment: tiny)
        #expect(all.status == 1 && all.stderr.contains("recommend --all for 300 members needs about")
            && all.stderr.contains("nothing was done") && all.stdout.isEmpty, "\(all)")
        let evaluated = try CLI.run(["eval"] + community.db, environment: tiny)
        #expect(evaluated.status == 1 && evaluated.stderr.contains("eval of 300 members needs about")
            && evaluated.stdout.isEmpty, "\(evaluated)")
        // With memory enough, the same run answers.
        let enough = try CLI.run(["recommend", "--all"] + community.db)
        #expect(enough.status == 0 && !enough.stdout.isEmpty, "\(enough.stderr)")
    }

    @Test func unknownCommandNamesItAndSuggestsTheNearest() throws {
        let output = try CLI.run(["recomend", "m000123", "--db", "/nonexistent/q.sqlite"])
        #expect(output.status == 64)
        #expect(output.stderr == "Error: 'recomend' is not a qmatch command; did you mean 'recommend'?\n", "\(output)")
        let nested = try CLI.run(["graph", "pth", "m000001", "m000002"])
        #expect(nested.status == 64)
        #expect(nested.stderr.contains("'pth' is not a qmatch graph command; did you mean 'path'?"), "\(nested)")
        let far = try CLI.run(["xyzzy"])
        #expect(far.status == 64)
        #expect(far.stderr.contains("'xyzzy' is not a qmatch command; see 'qmatch --help'"), "\(far)")
    }

    @Test func helpAndCommandsStillParse() throws {
        #expect(try CLI.run(["--help"]).status == 0)
        #expect(try CLI.run(["help", "recommend"]).status == 0)
        #expect(try CLI.run(["graph", "path", "--help"]).status == 0)
    }

    @Test func otherErrorsExit1() async throws {
        let community = try await Community.shared.value
        let missingDatabase = try CLI.run(["stats", "--db", community.directory.appendingPathComponent("none.sqlite").path])
        #expect(missingDatabase.status == 1, "\(missingDatabase)")
        #expect(missingDatabase.stderr.contains("none.sqlite: no database here"), "\(missingDatabase)")
        let missingIndex = try CLI.run(["similar", community.someMember, "--index", "/nonexistent/x.qindex"] + community.db)
        #expect(missingIndex.status == 1, "\(missingIndex)")
        #expect(missingIndex.stderr.contains("run `qmatch build`"), "\(missingIndex)")
        let unknown = try CLI.run(["similar", "nobody-at-all"] + community.db)
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.stderr.contains("no member 'nobody-at-all'"), "\(unknown)")
    }

    @Test func successExits0() async throws {
        let community = try await Community.shared.value
        for arguments in [["stats"], ["groups"], ["show", community.someMember], ["similar", community.someMember]] {
            let output = try CLI.run(arguments + community.db)
            #expect(output.status == 0, "\(arguments): \(output)")
            #expect(!output.stdout.isEmpty, "\(arguments): \(output)")
        }
    }

    @Test func generateRefusesAnUnknownKindAndWritesAKnownOne() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let refused = try CLI.run(["generate", "--members", "20", "--kind", "school", "--out", directory.path])
        #expect(refused.status == 64, "\(refused)")
        #expect(refused.stderr.contains("--kind must be one of q, classroom, ward, online, not 'school'"), "\(refused)")
        let written = try CLI.run(["generate", "--members", "60", "--kind", "ward", "--out", directory.path])
        #expect(written.status == 0, "\(written)")
        let header = try String(contentsOf: directory.appendingPathComponent("members.csv"), encoding: .utf8)
            .prefix { $0 != "\n" }
        #expect(header.hasSuffix(",nation,unit"), "\(header)")
    }

    @Test func buildKeepsContentListsUnlessToldNotTo() async throws {
        let community = try await Community.shared.value
        let directory = try CLI.temporaryDirectory()
        var sizes: [String: Int] = [:]
        for setting in ["on", "off"] {
            let index = directory.appendingPathComponent("\(setting).qindex").path
            let build = try CLI.run(["build", "--dimension", "32", "--content-lists", setting, "--index", index] + community.db)
            #expect(build.status == 0, "\(build)")
            let similar = try CLI.run(["similar", community.someMember, "--index", index] + community.db)
            #expect(similar.status == 0 && !similar.stdout.isEmpty, "\(similar)")
            sizes[setting] = try FileManager.default.attributesOfItem(atPath: index)[.size] as? Int
        }
        // 300 members × 128 neighbours × 4 bytes, plus a floor each.
        let on = try #require(sizes["on"]), off = try #require(sizes["off"])
        #expect(on - off >= 300 * 128 * 4, "with lists \(on) bytes, without \(off)")
    }

    @Test func generateThatCannotWriteExits1() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        for out in [file.appendingPathComponent("sub").path, file.path] {
            let output = try CLI.run(["generate", "--members", "20", "--seed", "1", "--out", out])
            #expect(output.status == 1, "\(out): \(output)")
            #expect(output.stderr.contains(out.hasSuffix("sub") ? out : file.path), "\(output)")
        }
    }

    @Test func importWithNothingValidExits1() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let members = directory.appendingPathComponent("members.csv")
        try Data("id,name,joined\nbad id,A,2020-01-01\nb,B,2020-13-01\n,C,2020-01-01\n".utf8).write(to: members)
        let rejects = directory.appendingPathComponent("rejects.csv").path
        let database = directory.appendingPathComponent("q.sqlite").path
        let output = try CLI.run(["import", "--members", members.path, "--skip-invalid", "--rejects", rejects,
                                  "--db", database])
        #expect(output.status == 1, "\(output)")
        #expect(output.stderr.contains("none of the 3 rows read is valid"), "\(output)")
        let written = try CLI.csvRows(CLI.Output(status: 0, stdout: try String(contentsOfFile: rejects, encoding: .utf8),
                                                 stderr: ""))
        #expect(written.rows.count == 3)

        // One valid row among them: success.
        try Data("id,name\nbad id,A\ngood,B\n".utf8).write(to: members)
        let partial = try CLI.run(["import", "--members", members.path, "--skip-invalid", "--rejects", rejects,
                                   "--db", database])
        #expect(partial.status == 0, "\(partial)")
        #expect(partial.stdout.contains("imported 1 members"), "\(partial)")
    }
}
