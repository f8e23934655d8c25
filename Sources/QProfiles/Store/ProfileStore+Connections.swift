import Foundation
import GRDB

extension ProfileStore {
    /// Adds the connection, or replaces the weight and date of the same pair and kind.
    /// - Throws: ``ProfileError``: not found when either member does not exist; invalid input when the ids,
    ///   kind, weight (``Connection/weightProblem(_:)``) or date break the store's rules.
    public func add(_ connection: Connection) async throws {
        try Self.check(connection)
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
        if let backend { return try await backend.connections() }
        return try await read { db in try Self.connections(db) }
    }

    static func connections(_ db: Database) throws -> [Connection] {
        try Row.fetchAll(db, sql: "SELECT source, target, kind, weight, created FROM connection "
            + "ORDER BY source, target, kind").map {
            Connection($0[0], $0[1], kind: $0[2], weight: $0[3], created: $0[4])
        }
    }
}
