import Foundation
import GRDB

/// The system of record: members, groups, memberships, connections and feedback in SQLite (GRDB, WAL).
///
/// A `Sendable` value over a database writer: a `DatabasePool` for a file, a `DatabaseQueue` in memory.
/// The schema is strict (NOT NULL, foreign keys, unique ids, CHECK constraints); erasing a member removes
/// every row about them.
public struct ProfileStore: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating and migrating if needed) the database at `path`; `nil` gives a private in-memory store.
    /// - Throws: ``ProfileError`` when the file cannot be opened or is not a qmatch database.
    public init(path: String?) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        do {
            if let path {
                writer = try DatabasePool(path: path, configuration: configuration)
            } else {
                writer = try DatabaseQueue(configuration: configuration)
            }
            try Self.migrator.migrate(writer)
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
        return migrator
    }

    // MARK: Members

    /// Inserts the member or updates the one with the same id (memberships and attributes replaced).
    /// - Throws: ``ProfileError`` when a group does not exist or the member breaks the schema.
    public func upsert(_ member: Member) async throws {
        try await write { db in
            for group in member.groups where try !Self.groupExists(db, group) {
                throw ProfileError.invalidInput("member '\(member.id)': group '\(group)' does not exist")
            }
            try Self.upsert(member, in: db)
        }
    }

    /// Removes the member and every row about them (memberships, attributes, connections, feedback).
    /// - Returns: whether the member existed.
    public func erase(_ id: MemberID) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM member WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    /// The member with this id, or nil.
    public func member(_ id: MemberID) async throws -> Member? {
        try await read { db in try Self.members(db, where: "m.id = ?", arguments: [id]).first }
    }

    /// Up to `limit` members in id order, starting after `after` (keyset paging).
    /// - Complexity: O(`limit` × log n).
    public func members(after: MemberID? = nil, limit: Int) async throws -> [Member] {
        try await read { db in
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
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM member"
                + (discoverableOnly ? " WHERE discoverable = 1" : "")) ?? 0
        }
    }

    /// The names of the extra attribute columns that any member has, sorted.
    public func attributeNames() async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT name FROM member_attribute ORDER BY name")
        }
    }

    // MARK: Groups

    /// Inserts the group or updates the one with the same id.
    public func upsert(_ group: Group) async throws {
        try await write { db in try Self.upsert(group, in: db) }
    }

    /// Every group, in id order.
    public func groups() async throws -> [Group] {
        try await read { db in try Self.groups(db) }
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

    // MARK: Connections

    /// Adds the connection, or replaces the weight and date of the same pair and kind.
    /// - Throws: ``ProfileError`` (not found) when either member does not exist.
    public func add(_ connection: Connection) async throws {
        try await write { db in
            for id in [connection.source, connection.target] where try !Self.memberExists(db, id) {
                throw ProfileError.notFound("member '\(id)' does not exist")
            }
            try Self.upsert(connection, in: db)
        }
    }

    /// The number of connection rows.
    public func connectionCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM connection") ?? 0 }
    }

    /// Every connection, ordered by source, target and kind.
    public func connections() async throws -> [Connection] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT source, target, kind, weight, created FROM connection "
                + "ORDER BY source, target, kind").map {
                Connection($0[0], $0[1], kind: $0[2], weight: $0[3], created: $0[4])
            }
        }
    }

    // MARK: Feedback

    /// Records what `member` did with the suggestion `other`.
    /// - Throws: ``ProfileError`` (not found) when either member does not exist.
    public func recordFeedback(member: MemberID, other: MemberID, action: FeedbackAction,
                               at date: Date = Date()) async throws {
        let stamp = ISO8601DateFormatter().string(from: date)
        try await write { db in
            for id in [member, other] where try !Self.memberExists(db, id) {
                throw ProfileError.notFound("member '\(id)' does not exist")
            }
            try db.execute(sql: """
                INSERT INTO feedback(member_id, other_id, action, count, first_at, last_at) VALUES (?, ?, ?, 1, ?, ?)
                ON CONFLICT(member_id, other_id, action) DO UPDATE SET count = count + 1, last_at = excluded.last_at
                """, arguments: [member, other, action.rawValue, stamp, stamp])
        }
    }

    /// The feedback `member` gave: other member → (action → count).
    public func feedback(of member: MemberID) async throws -> [MemberID: [FeedbackAction: Int]] {
        try await read { db in
            var result: [MemberID: [FeedbackAction: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT other_id, action, count FROM feedback WHERE member_id = ?",
                                        arguments: [member]) {
                guard let action = FeedbackAction(rawValue: row[1]) else { continue }
                result[row[0], default: [:]][action] = row[2]
            }
            return result
        }
    }

    // MARK: Access for the library

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await writer.read(body) } catch let error as DatabaseError {
            throw ProfileError.io("database error: \(error.message ?? "\(error)")")
        }
    }

    func write<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do { return try await writer.write(body) } catch let error as DatabaseError {
            throw ProfileError.invalidInput("database rejected the change: \(error.message ?? "\(error)")")
        }
    }
}

extension ProfileStore {
    /// Ids of the members others may see now (discoverable, not erased).
    public func discoverableIDs() async throws -> Set<MemberID> {
        try await read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM member WHERE discoverable = 1")) }
    }

    /// The members with these ids that exist, keyed by id.
    public func members(_ ids: [MemberID]) async throws -> [MemberID: Member] {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return [:] }
        var result: [MemberID: Member] = [:]
        for start in stride(from: 0, to: unique.count, by: 400) {
            let chunk = Array(unique[start..<min(start + 400, unique.count)])
            let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
            let found = try await read { db in
                try Self.members(db, where: "m.id IN (\(marks))", arguments: StatementArguments(chunk))
            }
            for member in found { result[member.id] = member }
        }
        return result
    }

    /// Group names by id.
    public func groupNames() async throws -> [String: String] {
        var names: [String: String] = [:]
        for group in try await groups() { names[group.id] = group.name }
        return names
    }
}

extension ProfileStore {
    /// The ids of the members `id` is connected to now (any kind).
    public func connectedIDs(of id: MemberID) async throws -> Set<MemberID> {
        try await read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT target FROM connection WHERE source = ? UNION SELECT source FROM connection WHERE target = ?
                """, arguments: [id, id]))
        }
    }

    /// Every (member, other) pair with a dismissal.
    public func dismissals() async throws -> [(MemberID, MemberID)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT member_id, other_id FROM feedback WHERE action = 'dismiss'")
                .map { ($0[0] as String, $0[1] as String) }
        }
    }

    /// Names of the discoverable members, by id.
    public func discoverableNames() async throws -> [MemberID: String] {
        try await read { db in
            var names: [MemberID: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM member WHERE discoverable = 1") { names[row[0]] = row[1] }
            return names
        }
    }
}

extension ProfileStore {
    /// Ids of the members of group `id`, in id order.
    public func memberIDs(inGroup id: String) async throws -> [MemberID] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT member_id FROM membership WHERE group_id = ? ORDER BY member_id",
                                arguments: [id])
        }
    }
}

extension ProfileStore {
    /// Names of the groups with these ids, by id.
    public func groupNames(_ ids: [String]) async throws -> [String: String] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            var names: [String: String] = [:]
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            for row in try Row.fetchAll(db, sql: "SELECT id, name FROM member_group WHERE id IN (\(marks))",
                                        arguments: StatementArguments(ids)) {
                names[row[0]] = row[1]
            }
            return names
        }
    }
}
