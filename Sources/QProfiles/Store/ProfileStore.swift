import Foundation
import GRDB

/// The system of record: members, groups, memberships, connections and feedback in SQLite (GRDB, WAL), or in
/// PostgreSQL (through a ``ProfileStoreBackend``, made by the `QPostgres` module from a `postgres://` URL).
///
/// A `Sendable` value over a database writer: a `DatabasePool` for a file, a `DatabaseQueue` in memory; or over a
/// backend. Callers do not see which: each method runs on whichever store this is, and a method that the
/// PostgreSQL store does not offer yet throws ``ProfileError/isNotSupported`` there.
/// The schema is strict (NOT NULL, foreign keys, unique ids, CHECK constraints); erasing a member removes
/// every row about them, and on SQLite no byte of them stays on disk (`secure_delete`, a merged search index, a
/// truncated WAL; PostgreSQL keeps dead rows until it vacuums them). Failures of the database itself are ``ProfileError``s in the project's words:
/// refused changes are invalid input, busy/locked/full/I/O are ``ProfileError/isUnavailable``.
public struct ProfileStore: Sendable {
    /// Which database holds the store.
    enum Storage: Sendable {
        case sqlite(any DatabaseWriter)
        case server(any ProfileStoreBackend)
    }

    let storage: Storage

    /// The backend, when the store is on a database server; nil for SQLite.
    var backend: (any ProfileStoreBackend)? {
        if case .server(let backend) = storage { return backend }
        return nil
    }

    /// A store on a database server (made by the `QPostgres` module).
    package init(backend: any ProfileStoreBackend) {
        storage = .server(backend)
    }

    /// Opens (creating and migrating if needed) the database at `path`; `nil` gives a private in-memory store.
    /// - Parameter busyTimeout: how long a statement waits for another process's lock before the store
    ///   reports itself unavailable, in seconds.
    /// - Throws: ``ProfileError`` when the file cannot be opened or is not a qmatch database.
    public init(path: String?, busyTimeout: TimeInterval = 10) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(busyTimeout)
        // Freed pages are zeroed, so an erased member's text does not linger in the file.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA secure_delete = ON") }
        do {
            let writer: any DatabaseWriter = if let path {
                try DatabasePool(path: path, configuration: configuration)
            } else {
                try DatabaseQueue(configuration: configuration)
            }
            try Self.migrator.migrate(writer)
            storage = .sqlite(writer)
        } catch let error as DatabaseError {
            throw ProfileError.io("\(path ?? ":memory:"): cannot open the database (\(error.message ?? "\(error)"))")
        }
    }

    /// Opens an existing database without creating one.
    /// - Throws: ``ProfileError`` (not found) when there is no file at `path`.
    public static func open(existing path: String) throws -> ProfileStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ProfileError.notFound("\(path): no database here (run `qmatch import` first, or pass --db)")
        }
        return try ProfileStore(path: path)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: Schema.v1)
        }
        migrator.registerMigration("v2-search") { db in
            try db.execute(sql: Schema.v2)
        }
        migrator.registerMigration("v3-programmes", foreignKeyChecks: .deferred) { db in
            try db.execute(sql: Schema.v3)
        }
        migrator.registerMigration("v4-hidden") { db in
            try db.execute(sql: Schema.v4)
        }
        return migrator
    }

    // MARK: Members

    /// Inserts the member or updates the one with the same id (fields, memberships and attributes replaced).
    ///
    /// With `keepingDiscoverable` (the update did not say whether the member may be seen), an existing member
    /// keeps their visibility; a new one takes `member.discoverable` (by default `true`).
    /// - Returns: the member as stored, and whether they are new.
    /// - Throws: ``ProfileError`` when a group does not exist or a field breaks the store's rules.
    @discardableResult
    public func upsert(_ member: Member, keepingDiscoverable: Bool = false) async throws
        -> (member: Member, isNew: Bool) {
        try Self.check(member)
        return try await write { db in
            for group in member.groups where try !Self.groupExists(db, group) {
                throw ProfileError.invalidInput("member '\(member.id)': group '\(group)' does not exist")
            }
            try Self.checkAttributeColumns(db, adding: member.attributes.keys, where: "member '\(member.id)'")
            let existing = try Bool.fetchOne(db, sql: "SELECT discoverable FROM member WHERE id = ?",
                                             arguments: [member.id])
            var stored = member
            if keepingDiscoverable, let existing { stored.discoverable = existing }
            try Self.upsert(stored, in: db)
            return (stored, existing == nil)
        }
    }

    /// Removes the member and every row about them (memberships, attributes, connections, feedback, rounds);
    /// on SQLite, then merges the search index and truncates the WAL so that none of their text stays on disk.
    /// - Returns: whether the member existed.
    public func erase(_ id: MemberID) async throws -> Bool {
        if let backend { return try await backend.erase(id) }
        let erased = try await write { db in
            try db.execute(sql: "DELETE FROM member WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { return false }
            // Deleted rows of the full-text index stay in its older segments until they are merged.
            try db.execute(sql: "INSERT INTO member_search(member_search) VALUES ('optimize')")
            return true
        }
        if erased { try await checkpoint() }
        return erased
    }

    /// The member with this id, or nil.
    public func member(_ id: MemberID) async throws -> Member? {
        if let backend { return try await backend.members(ids: [id]).first }
        return try await read { db in try Self.members(db, where: "m.id = ?", arguments: [id]).first }
    }

    /// Up to `limit` members in id order, starting after `after` (keyset paging).
    /// - Complexity: O(`limit` × log n).
    public func members(after: MemberID? = nil, limit: Int) async throws -> [Member] {
        if let backend { return try await backend.members(after: after, limit: limit) }
        return try await read { db in
            try Self.members(db, where: "m.id > ?", arguments: [after ?? ""], limit: limit)
        }
    }

    /// Calls `body` with every member in id order, a page at a time (bounded memory).
    public func forEachMember(pageSize: Int = 5_000, _ body: (Member) throws -> Void) async throws {
        var after: MemberID? = nil
        while true {
            let page = try await members(after: after, limit: pageSize)
            for member in page { try body(member) }
            guard page.count == pageSize, let last = page.last else { return }
            after = last.id
        }
    }

    /// The number of members (`discoverableOnly`: of those others may see).
    public func memberCount(discoverableOnly: Bool = false) async throws -> Int {
        if let backend { return try await backend.memberCount(discoverableOnly: discoverableOnly) }
        return try await read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM member"
                + (discoverableOnly ? " WHERE discoverable = 1" : "")) ?? 0
        }
    }

    /// The names of the extra attribute columns that any member has, sorted.
    public func attributeNames() async throws -> [String] {
        if let backend { return try await backend.attributeNames() }
        return try await read { db in try Self.attributeNames(db) }
    }

    // MARK: Groups

    /// Inserts the group or updates the one with the same id.
    /// - Throws: ``ProfileError`` when the id is not a valid id.
    public func upsert(_ group: Group) async throws {
        if let problem = Self.identifierProblem(group.id) { throw ProfileError.invalidInput("group id: \(problem)") }
        try await write { db in try Self.upsert(group, in: db) }
    }

    /// Every group, in id order.
    public func groups() async throws -> [Group] {
        if let backend { return try await backend.groups() }
        return try await read { db in try Self.groups(db) }
    }

    /// Member counts per group id.
    public func groupSizes() async throws -> [String: Int] {
        try await read { db in
            var sizes: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT group_id, count(*) FROM membership GROUP BY group_id") {
                sizes[row[0]] = row[1]
            }
            return sizes
        }
    }

    // MARK: Access for the library

    /// The SQLite database; for a store on a database server, the error saying that `operation` (a method's
    /// `#function`) is not offered there yet. Every method that has no backend path reaches SQLite through this.
    func sqlite(for operation: String) throws -> any DatabaseWriter {
        switch storage {
        case .sqlite(let writer):
            return writer
        case .server(let backend):
            let name = operation.prefix { $0 != "(" }
            throw ProfileError.notSupported("'\(name)'", on: backend.kindName)
        }
    }

    /// The SQLite database (for tests that hold its locks); throws on a database server.
    var writer: any DatabaseWriter {
        get throws { try sqlite(for: "writer") }
    }

    /// Runs `body` in one read transaction (one snapshot of the store).
    /// - Throws: ``ProfileError/isNotSupported`` on a database server (the caller, `operation`, has no path there).
    func read<T: Sendable>(_ operation: String = #function,
                           _ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        let writer = try sqlite(for: operation)
        do { return try await writer.read(body) } catch let error as DatabaseError {
            throw Self.translated(error)
        }
    }

    /// Runs `body` in one write transaction.
    /// - Throws: ``ProfileError/isNotSupported`` on a database server (the caller, `operation`, has no path there).
    func write<T: Sendable>(_ operation: String = #function,
                            _ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        let writer = try sqlite(for: operation)
        do { return try await writer.write(body) } catch let error as DatabaseError {
            throw Self.translated(error)
        }
    }

    /// Copies the WAL into the database and truncates it, so that pages written before an erasure leave
    /// the disk. Best effort: when readers hold old snapshots past the busy timeout the WAL is left for the
    /// next checkpoint (the erasure itself has committed).
    func checkpoint() async throws {
        let writer = try sqlite(for: #function)
        do {
            try await writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return
        } catch let error as DatabaseError {
            throw Self.translated(error)
        }
    }
}
