import Foundation
@testable import QPostgres
@testable import QProfiles
import StoreTesting
import Testing

/// What only the PostgreSQL store has to show: its schema and migrations, the words of its refusals, the
/// methods it does not offer yet, and how opening it fails.
@Suite struct PostgresStoreTests {
    /// Runs `sql` on the store's database, as another client would.
    static func execute(_ url: String, _ sql: String...) async throws {
        try await PostgresAdmin.execute(url, sql)
    }

    @Test func reopeningMigratesOnceAndANewerSchemaIsRefused() async throws {
        try await TestPostgres.withDatabase { url in
            _ = try await ProfileStore.open(url, mustExist: true)
            // Migrated already: opening again changes nothing, and a second migration would fail on CREATE TABLE.
            let store = try await ProfileStore.open(url, mustExist: true)
            #expect(try await store.memberCount() == 0)
            try await Self.execute(url, "INSERT INTO schema_version(version, name) VALUES (99, 'from the future')")
            let error = await #expect(throws: ProfileError.self) { _ = try await ProfileStore.open(url, mustExist: true) }
            #expect(error?.description.contains("schema version 99, newer than this qmatch knows (1)") == true)
        }
    }

    /// The schema refuses what the checks at the edge refuse, in the same words as SQLite's refusals.
    static let refusedRows: [(String, String)] = [
        ("INSERT INTO member(id) VALUES ('bad id')", "a value is outside what the store accepts"),
        ("INSERT INTO member(id) VALUES ('')", "a value is outside what the store accepts"),
        ("INSERT INTO member(id, joined) VALUES ('x', '2019-02-30')", "a value is outside what the store accepts"),
        ("INSERT INTO member(id, joined) VALUES ('x', '2019-2-3')", "a value is outside what the store accepts"),
        ("INSERT INTO member(id) VALUES ('m1')", "a row with the same id already exists"),
        ("INSERT INTO member_group(id, kind) VALUES ('g', 'club')", "a value is outside what the store accepts"),
        ("INSERT INTO membership VALUES ('m1', 'sig-none', 0)", "refers to a member or group that does not exist"),
        ("INSERT INTO connection(source, target) VALUES ('m1', 'zz-ghost')", "refers to a member or group that does not exist"),
        ("INSERT INTO connection(source, target) VALUES ('m3', 'm1')", "a value is outside what the store accepts"),
        ("INSERT INTO connection(source, target) VALUES ('m1', 'm1')", "a value is outside what the store accepts"),
        ("INSERT INTO connection(source, target, weight) VALUES ('m1', 'm3', 0)", "a value is outside what the store accepts"),
        ("INSERT INTO connection(source, target, created) VALUES ('m1', 'm3', '2021-13-01')",
         "a value is outside what the store accepts"),
        ("INSERT INTO feedback VALUES ('m1', 'm1', 'dismiss', 1, 'a', 'b')", "a value is outside what the store accepts"),
        ("INSERT INTO feedback VALUES ('m1', 'm3', 'like', 1, 'a', 'b')", "a value is outside what the store accepts"),
        ("INSERT INTO member(id, name) VALUES ('n1', NULL)", "a required value is missing"),
    ]

    @Test(arguments: refusedRows)
    func theSchemaRefusesWhatTheEdgeRefuses(_ sql: String, _ words: String) async throws {
        try await TestPostgres.withDatabase { url in
            let store = try await ProfileStore.open(url, mustExist: true)
            let temporary = try TemporaryDirectory()
            _ = try await store.importFiles(ImportSources(directory: Sample.directory(in: temporary)))
            let before = try await StoreSnapshot(store)
            let error = await #expect(throws: ProfileError.self) { try await Self.execute(url, sql) }
            #expect(error?.isInvalidInput == true)
            #expect(error?.description.hasPrefix("refused by the store: ") == true)
            #expect(error?.description.contains(words) == true, "\(error?.description ?? "")")
            #expect(try await StoreSnapshot(store) == before)
        }
    }

    /// Deleting a member row by hand takes every row about them with it (ON DELETE CASCADE), as erasure does.
    @Test func deletingAMemberCascades() async throws {
        try await TestPostgres.withDatabase { url in
            let store = try await ProfileStore.open(url, mustExist: true)
            let temporary = try TemporaryDirectory()
            _ = try await store.importFiles(ImportSources(directory: Sample.directory(in: temporary, withFeedback: true)))
            try await Self.execute(url, "DELETE FROM member WHERE id = 'm3'")
            #expect(try await store.connections() == [Connection("m1", "m2", created: "2018-01-01")])
            #expect(try await store.allFeedback().isEmpty)
            try await Self.execute(url, "DELETE FROM member_group WHERE id = 'sig-falls'")
            #expect(try await store.member("m2")?.groups == ["lab-peer"])
        }
    }

    /// PostgreSQL cannot store U+0000 in text: a row holding it fails the import's transaction, and nothing of
    /// the import is written, not even the valid rows before it.
    @Test func aTextPostgreSQLCannotStoreChangesNothing() async throws {
        try await Sample.withStore(.postgres) { store, temporary in
            let before = try await StoreSnapshot(store)
            try temporary.write("nul/members.csv", "id,name,bio\nn1,New One,fine\nn2,New Two,a\u{0}b\n")
            try temporary.write("nul/connections.csv", "source,target\nn1,m1\n")
            let error = await #expect(throws: ProfileError.self) {
                _ = try await store.importFiles(ImportSources(directory: temporary.file("nul")))
            }
            #expect(error?.isInvalidInput == true)
            #expect(error?.description.contains("a character PostgreSQL cannot store") == true, "\(error?.description ?? "")")
            #expect(try await StoreSnapshot(store) == before)
            // The failed transaction left nothing behind on its connection: the same import without the bad
            // row goes in whole.
            try temporary.write("nul/members.csv", "id,name,bio\nn1,New One,fine\nn2,New Two,ab\n")
            let report = try await store.importFiles(ImportSources(directory: temporary.file("nul")))
            #expect(report.members == 2 && report.connections == 1)
            #expect(try await store.member("n2")?.bio == "ab")
            #expect(try await store.connections().count == 3)
        }
    }

    /// Every method that has not moved to PostgreSQL says so, and changes nothing.
    @Test func methodsNotYetOnPostgreSQLSaySo() async throws {
        try await Sample.withStore(.postgres) { store, _ in
            let before = try await StoreSnapshot(store)
            let calls: [(String, @Sendable () async throws -> Void)] = [
                ("upsert", { _ = try await store.upsert(Member(id: "n1")) }),
                ("add", { try await store.add(Connection("m1", "m3")) }),
                ("recordFeedback", { try await store.recordFeedback(member: "m1", other: "m3", action: .dismiss) }),
                ("textSearch", { _ = try await store.textSearch("falls", limit: 3) }),
                ("stats", { _ = try await store.stats() }),
                ("rounds", { _ = try await store.rounds() }),
                ("connectionCount", { _ = try await store.connectionCount() }),
            ]
            for (name, call) in calls {
                let error = await #expect(throws: ProfileError.self) { try await call() }
                #expect(error?.isNotSupported == true)
                #expect(error?.description.hasPrefix("'\(name)' is not supported on PostgreSQL yet") == true,
                        "\(error?.description ?? "")")
            }
            #expect(try await StoreSnapshot(store) == before)
        }
    }

    /// A port where nothing listens: the error says the server cannot be reached, and holds no password.
    @Test func anUnreachableServerIsAnIOErrorWithoutThePassword() async throws {
        let port = try TestPostgres.closedPort()
        let error = await #expect(throws: ProfileError.self) {
            _ = try await ProfileStore.open("postgres://qmatch:s3cret-pw@127.0.0.1:\(port)/q", mustExist: true)
        }
        #expect(error?.description == "postgres://qmatch@127.0.0.1:\(port)/q: cannot connect to the database server "
            + "(connection refused); is PostgreSQL running there and accepting connections?")
        #expect(error?.isNotFound == false && error?.isInvalidInput == false)
    }

    @Test func aMissingDatabaseIsNotFound() async throws {
        let server = try TestPostgres.requireURL()
        let url = try TestPostgres.url(server, database: "qmatch_no_such_database")
        let error = await #expect(throws: ProfileError.self) { _ = try await ProfileStore.open(url, mustExist: true) }
        #expect(error?.isNotFound == true)
        #expect(error?.description.contains("the server has no database 'qmatch_no_such_database'") == true)
    }

    /// A user who signs in with a password (scram-sha-256 from 127.0.0.1 for every user but the superuser, as
    /// scripts/postgres sets it up): a wrong one is refused in words; the right one works from the URL, from
    /// PGPASSWORD and from a password file, and a password file wins over the URL.
    @Test func passwordsComeFromTheURLTheEnvironmentOrAFile() async throws {
        let server = try TestPostgres.requireURL()
        let role = "qmatch_pw_" + UUID().uuidString.prefix(8).lowercased()
        try await PostgresAdmin.execute(server, ["CREATE ROLE \(role) LOGIN PASSWORD 'right horse'"])
        do {
            try await Self.checkPasswords(role: role)
        } catch {
            try? await PostgresAdmin.execute(server, ["DROP ROLE IF EXISTS \(role)"])
            throw error
        }
        try await PostgresAdmin.execute(server, ["DROP ROLE IF EXISTS \(role)"])
    }

    static func checkPasswords(role: String) async throws {
        try await TestPostgres.withDatabase { url in
            let database = try #require(URL(string: url)).lastPathComponent
            try await PostgresAdmin.execute(url, ["ALTER DATABASE \(database) OWNER TO \(role)"])
            var components = try #require(URLComponents(string: url))
            components.user = role
            let bare = try #require(components.string)
            components.password = "wrong horse"
            let wrong = try #require(components.string)
            components.password = "right horse"
            let right = try #require(components.string)

            let error = await #expect(throws: ProfileError.self) { _ = try await ProfileStore.open(wrong, mustExist: true) }
            #expect(error?.description.contains("the server refused user '\(role)'") == true, "\(error?.description ?? "")")
            #expect(error?.description.contains("horse") == false)
            let missing = await #expect(throws: ProfileError.self) {
                _ = try await ProfileStore.open(bare, mustExist: true, environment: [:])
            }
            #expect(missing?.description.contains("for a password and none was given") == true,
                    "\(missing?.description ?? "")")

            #expect(try await ProfileStore.open(right, mustExist: true).memberCount() == 0)
            #expect(try await ProfileStore.open(bare, mustExist: true, environment: ["PGPASSWORD": "right horse"])
                .memberCount() == 0)
            let temporary = try TemporaryDirectory()
            let file = try temporary.write("password", "right horse\n")
            #expect(try await ProfileStore.open(wrong, passwordFile: file, mustExist: true).memberCount() == 0)
            let unreadable = await #expect(throws: ProfileError.self) {
                _ = try await ProfileStore.open(right, passwordFile: temporary.file("none"), mustExist: true)
            }
            #expect(unreadable?.description == "--db-password-file \(temporary.file("none")): cannot read the file")
        }
    }
}
