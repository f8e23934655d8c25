import Foundation
import QPostgres
import QProfiles
import Testing

/// The stores a test runs on: `@Test(arguments: StoreKind.allCases)`, then ``withStore(_:_:)`` or
/// ``withDatabase(_:in:_:)``.
public enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    public var testDescription: String { rawValue }
}

/// The PostgreSQL server the tests use: `QMATCH_TEST_POSTGRES`, a URL of a database on it from which the tests
/// may create and drop databases (`.ci/run` starts one with `scripts/postgres` and sets it). Unset, the
/// PostgreSQL cases are skipped with a message; but in CI (`CI=true`) they must run, and fail instead.
public enum TestPostgres {
    public static var url: String? {
        ProcessInfo.processInfo.environment["QMATCH_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The server's URL, or the current test case cancelled (skipped) with a message saying how to run it;
    /// in CI, an error instead.
    public static func requireURL() throws -> String {
        if let url { return url }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw TestStoreError("QMATCH_TEST_POSTGRES is not set, and CI runs every PostgreSQL case (.ci/run sets "
                + "it from scripts/postgres)")
        }
        _ = skipNotice
        try Test.cancel(Comment(rawValue: "QMATCH_TEST_POSTGRES is not set: PostgreSQL case skipped (run "
            + "scripts/postgres and export QMATCH_TEST_POSTGRES=URL to run it)"))
    }

    /// Said once per test process on standard error, whatever the test output shows of cancelled cases.
    static let skipNotice: Void = {
        FileHandle.standardError.write(Data(("StoreTesting: QMATCH_TEST_POSTGRES is not set, so every PostgreSQL "
            + "case is skipped (scripts/postgres starts a server and prints its URL)\n").utf8))
    }()

    /// `url` with its database replaced by `database`.
    public static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else { throw TestStoreError("'\(url)' is not a URL") }
        components.path = "/" + database
        components.query = nil
        guard let text = components.string else { throw TestStoreError("cannot make a URL from '\(url)'") }
        return text
    }

    /// Runs `body` with the URL of a new, empty database on the test server, dropped afterwards (with any
    /// connection still open to it), whether `body` succeeds or throws.
    public static func withDatabase<T>(_ body: (String) async throws -> T) async throws -> T {
        let server = try requireURL()
        let name = "qmatch_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresAdmin.execute(server, ["CREATE DATABASE \(name)"])
        let result: T
        do {
            result = try await body(try url(server, database: name))
        } catch {
            try? await PostgresAdmin.execute(server, ["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
            throw error
        }
        try await PostgresAdmin.execute(server, ["DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
        return result
    }
}

extension TestPostgres {
    /// A local port with nothing listening on it (for a server that cannot be reached).
    public static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        guard bound else { throw TestStoreError("cannot bind a local port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A test's setup failed (not the behaviour under test).
public struct TestStoreError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs `body` with what `--db` takes for a new, empty store of `kind`: a SQLite file path in `directory`, or the
/// URL of a PostgreSQL database of its own (dropped afterwards).
public func withDatabase<T>(_ kind: StoreKind, in directory: String,
                            _ body: (String) async throws -> T) async throws -> T {
    switch kind {
    case .sqlite:
        return try await body((directory as NSString).appendingPathComponent("store-\(UUID().uuidString).sqlite"))
    case .postgres:
        return try await TestPostgres.withDatabase(body)
    }
}

/// Runs `body` with a new, empty store of `kind`: SQLite in memory, or PostgreSQL in a database of its own,
/// dropped afterwards.
public func withStore<T>(_ kind: StoreKind, _ body: (ProfileStore) async throws -> T) async throws -> T {
    switch kind {
    case .sqlite:
        return try await body(try ProfileStore(path: nil))
    case .postgres:
        return try await TestPostgres.withDatabase { url in
            try await body(try await ProfileStore.open(url, mustExist: true))
        }
    }
}
