import Foundation
import QPostgres
import StoreTesting
import Testing

/// `--db` with a PostgreSQL URL, as a person runs qmatch: the same commands and answers as with a SQLite file,
/// the password never shown, and a database that cannot be used refused in words.
@Suite struct PostgresCLITests {
    /// `url` with `password` put in (the test server trusts its superuser, so any password is accepted).
    static func withPassword(_ url: String, _ password: String) throws -> String {
        var components = try #require(URLComponents(string: url))
        components.password = password
        return try #require(components.string)
    }

    /// import → build → recommend → export, on a SQLite file and on a PostgreSQL database from the same files:
    /// the same answers and the same exported files.
    @Test func theSameCommandsGiveTheSameAnswersOnBothStores() async throws {
        let directory = try CLI.temporaryDirectory()
        let data = directory.appendingPathComponent("data").path
        #expect(try CLI.run(["generate", "--members", "120", "--seed", "5", "--out", data]).status == 0)
        let sqlite = directory.appendingPathComponent("q.sqlite").path
        try await TestPostgres.withDatabase { bare in
            let secret = "not-to-be-printed-\(UUID().uuidString.prefix(6))"
            let url = try Self.withPassword(bare, secret)
            let database = try #require(URL(string: bare)).lastPathComponent
            var answers: [[String: Any]] = []
            for (db, name) in [(sqlite, "sqlite"), (url, "postgres")] {
                let index = directory.appendingPathComponent("\(name).qindex").path
                var outputs: [CLI.Output] = []
                for arguments in [["import", data, "--db", db], ["build", "--db", db, "--index", index, "--dimension", "32"],
                                  ["recommend", "m000004", "--db", db, "--index", index, "--format", "json", "--explain"],
                                  ["export", directory.appendingPathComponent("export-\(name)").path, "--db", db]] {
                    let output = try CLI.run(arguments, in: directory)
                    #expect(output.status == 0, "qmatch \(arguments.first ?? ""): \(output)")
                    #expect(!output.stdout.contains(secret) && !output.stderr.contains(secret), "\(output)")
                    outputs.append(output)
                }
                answers.append(try #require(try CLI.json(outputs[2]) as? [String: Any]))
                if name == "postgres" {
                    #expect(outputs[0].stdout.contains("into postgres://postgres@127.0.0.1:"), "\(outputs[0])")
                    #expect(outputs[0].stdout.contains("/\(database) in "), "\(outputs[0])")
                }
            }
            #expect(NSDictionary(dictionary: answers[0]).isEqual(to: answers[1]), "\(answers)")
            #expect((answers[0]["recommendations"] as? [Any])?.isEmpty == false)
            for file in ["members.csv", "groups.csv", "connections.csv", "feedback.csv"] {
                let a = try Data(contentsOf: directory.appendingPathComponent("export-sqlite/\(file)"))
                let b = try Data(contentsOf: directory.appendingPathComponent("export-postgres/\(file)"))
                #expect(a == b, "\(file) differs between the stores")
            }
            // Without --index, the index of a PostgreSQL database is DATABASE.qindex in the current directory.
            let built = try CLI.run(["build", "--db", url, "--dimension", "16"], in: directory)
            #expect(built.status == 0, "\(built)")
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("\(database).qindex").path))
            // A command that has not moved to PostgreSQL says so.
            let stats = try CLI.run(["stats", "--db", url])
            #expect(stats.status == 1)
            #expect(stats.stderr.contains("'stats' is not supported on PostgreSQL yet"), "\(stats)")
        }
    }

    /// A malformed URL is a usage error (exit 64) that says what is wrong, without the password.
    @Test(arguments: [
        (["--db", "postgres://ann:s3cret@/q"], "no host"),
        (["--db", "postgresql://ann:s3cret@db:99999/q"], "port 99999 is outside 1-65535"),
        (["--db", "postgres://ann:s3cret@db/q?sslmode=always"], "sslmode 'always'"),
        (["--db", "q.sqlite", "--db-password-file", "pw"], "--db-password-file applies to a postgres:// database only"),
    ])
    func aBadDatabaseArgumentIsAUsageError(_ arguments: [String], _ words: String) throws {
        let output = try CLI.run(["export", "out"] + arguments)
        #expect(output.status == 64, "\(output)")
        #expect(output.stderr.contains(words), "\(output)")
        #expect(!output.stderr.contains("s3cret"), "\(output)")
    }

    /// A server that cannot be used: exit 1 (as for a missing database file), a message saying why, nothing
    /// written, the password nowhere.
    @Test func anUnusableServerExits1AndSaysWhy() async throws {
        let server = try TestPostgres.requireURL()
        let directory = try CLI.temporaryDirectory()
        let data = directory.appendingPathComponent("data").path
        #expect(try CLI.run(["generate", "--members", "20", "--seed", "1", "--out", data]).status == 0)
        let closed = "postgres://postgres:s3cret@127.0.0.1:\(try TestPostgres.closedPort())/q"
        let missing = try Self.withPassword(TestPostgres.url(server, database: "qmatch_nowhere"), "s3cret")
        for (url, words) in [(closed, "cannot connect to the database server (connection refused)"),
                             (missing, "the server has no database 'qmatch_nowhere'")] {
            let output = try CLI.run(["import", data, "--db", url], in: directory)
            #expect(output.status == 1, "\(output)")
            #expect(output.stderr.contains(words), "\(output)")
            #expect(!output.stderr.contains("s3cret") && !output.stdout.contains("s3cret"), "\(output)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["data"])
        }
        // A wrong password, for a user who must give one: refused, and the database is left empty.
        let role = "qmatch_cli_" + UUID().uuidString.prefix(8).lowercased()
        try await PostgresAdmin.execute(server, ["CREATE ROLE \(role) LOGIN PASSWORD 'right horse'",
                                                 "CREATE ROLE \(role)_other LOGIN PASSWORD 'other horse'"])
        do {
            try await TestPostgres.withDatabase { url in
                let wrong = try Self.withPassword(url.replacingOccurrences(of: "//postgres@", with: "//\(role)@"),
                                                  "wrong horse")
                let output = try CLI.run(["import", data, "--db", wrong])
                #expect(output.status == 1, "\(output)")
                #expect(output.stderr.contains("the server refused user '\(role)'"), "\(output)")
                #expect(!output.stderr.contains("horse"), "\(output)")
                // The right one from a file, for the same user, who owns the database.
                try await PostgresAdmin.execute(url, ["ALTER DATABASE \(try #require(URL(string: url)).lastPathComponent) OWNER TO \(role)"])
                let file = directory.appendingPathComponent("password")
                try Data("right horse\n".utf8).write(to: file)
                let imported = try CLI.run(["import", data, "--db", wrong, "--db-password-file", file.path])
                #expect(imported.status == 0, "\(imported)")
                #expect(imported.stdout.hasPrefix("imported 20 members"), "\(imported)")
                // The tables are the user's: the superuser reads them, and a user without rights is told so.
                let exported = try CLI.run(["export", directory.appendingPathComponent("after").path, "--db", url])
                #expect(exported.stdout.hasPrefix("exported 20 members"), "\(exported)")
                let other = try Self.withPassword(url.replacingOccurrences(of: "//postgres@", with: "//\(role)_other@"),
                                                  "other horse")
                let refused = try CLI.run(["export", directory.appendingPathComponent("other").path, "--db", other])
                #expect(refused.status == 1, "\(refused)")
                #expect(refused.stderr.contains("user '\(role)_other' may not read or change the store's tables"),
                        "\(refused)")
            }
        } catch {
            try? await PostgresAdmin.execute(server, ["DROP ROLE IF EXISTS \(role)", "DROP ROLE IF EXISTS \(role)_other"])
            throw error
        }
        try await PostgresAdmin.execute(server, ["DROP ROLE IF EXISTS \(role)", "DROP ROLE IF EXISTS \(role)_other"])
    }
}
