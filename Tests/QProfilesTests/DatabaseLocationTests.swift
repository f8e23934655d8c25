import Foundation
import Testing
@testable import QProfiles

/// `--db` as a path or a PostgreSQL URL; a bad URL says what is wrong and never repeats the password.
@Suite struct DatabaseLocationTests {
    static let environment = ["PGUSER": "fallback"]

    @Test(arguments: ["qmatch.sqlite", "/var/lib/q/q.sqlite", "dir/postgres.sqlite", "postgres", "x:y.sqlite"])
    func aPathIsASQLiteFile(_ text: String) throws {
        #expect(try DatabaseLocation(text, environment: Self.environment) == .file(text))
    }

    @Test func readsEveryPartOfAURL() throws {
        let location = try DatabaseLocation("postgresql://ann:p%40ss%3Aword@db.example.org:6543/q_main?sslmode=require",
                                            environment: Self.environment)
        guard case .server(let address) = location else { Issue.record("not a server: \(location)"); return }
        #expect(address.user == "ann" && address.password == "p@ss:word")
        #expect(address.host == "db.example.org" && address.port == 6543 && address.database == "q_main")
        #expect(address.tls == .require)
        #expect(location.displayName == "postgres://ann@db.example.org:6543/q_main?sslmode=require")
        #expect(location.path == nil)
    }

    @Test func fillsInThePortTheUserAndTLS() throws {
        guard case .server(let address) = try DatabaseLocation("postgres://127.0.0.1/q", environment: Self.environment)
        else { Issue.record("not a server"); return }
        #expect(address.port == 5432 && address.user == "fallback" && address.password == nil && address.tls == .prefer)
        #expect(address.description == "postgres://fallback@127.0.0.1:5432/q")
    }

    static let badURLs: [(String, String)] = [
        ("postgres://ann:s3cret@/q", "no host"),
        ("postgres://ann:s3cret@db:70000/q", "port 70000 is outside 1-65535"),
        ("postgres://ann:s3cret@db:5432", "no database name after the host"),
        ("postgres://ann:s3cret@db/", "no database name after the host"),
        ("postgres://ann:s3cret@db/q/extra", "no database name after the host"),
        ("postgres://ann:s3cret@db/q?sslmode=verify-full", "sslmode 'verify-full' is not one of disable, prefer, require"),
        ("postgres://ann:s3cret@db/q?timeout=5", "unknown parameter 'timeout'"),
        ("postgresql://ann:s3cret@db:port/q", "not a valid URL"),
    ]

    @Test(arguments: badURLs)
    func refusesABadURLWithoutShowingThePassword(_ text: String, _ problem: String) {
        let error = #expect(throws: ProfileError.self) { try DatabaseLocation(text, environment: Self.environment) }
        let message = error?.description ?? ""
        #expect(error?.isInvalidInput == true)
        #expect(message.contains(problem), "message was: \(message)")
        #expect(message.contains("expected postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE"))
        #expect(!message.contains("s3cret"), "the password is in: \(message)")
    }
}
