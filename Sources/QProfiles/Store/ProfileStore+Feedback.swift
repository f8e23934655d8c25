import Foundation
import GRDB

/// One row of feedback: what `member` did with the suggestion `other`, how often, first and last time.
public struct FeedbackRecord: Sendable, Hashable, Codable {
    public var member: MemberID
    public var other: MemberID
    public var action: FeedbackAction
    /// At least 1.
    public var count: Int
    /// ISO 8601 date-times (`2024-05-01T09:30:00Z`), `firstAt` not after `lastAt`.
    public var firstAt: String
    public var lastAt: String

    public init(member: MemberID, other: MemberID, action: FeedbackAction, count: Int = 1, firstAt: String,
                lastAt: String) {
        self.member = member
        self.other = other
        self.action = action
        self.count = count
        self.firstAt = firstAt
        self.lastAt = lastAt
    }
}

extension ProfileStore {
    /// Records what `member` did with the suggestion `other`, in one transaction. `connected` also records
    /// the tie (kind `connection`, weight 1, dated `date`); an existing tie of that kind keeps the larger
    /// weight and the earlier date, so feedback never weakens what the store knew.
    /// - Throws: ``ProfileError``: not found when either member does not exist; invalid input when they are
    ///   the same member.
    public func recordFeedback(member: MemberID, other: MemberID, action: FeedbackAction,
                               at date: Date = Date()) async throws {
        guard member != other else {
            throw ProfileError.invalidInput("feedback of '\(member)': is about the member themselves "
                + "(expected another member)")
        }
        let stamp = ISO8601DateFormatter().string(from: date)
        try await write { db in
            for id in [member, other] where try !Self.memberExists(db, id) {
                throw ProfileError.notFound("member '\(id)' does not exist")
            }
            try db.execute(sql: """
                INSERT INTO feedback(member_id, other_id, action, count, first_at, last_at) VALUES (?, ?, ?, 1, ?, ?)
                ON CONFLICT(member_id, other_id, action) DO UPDATE SET count = count + 1, last_at = excluded.last_at
                """, arguments: [member, other, action.rawValue, stamp, stamp])
            if action == .connected {
                try Self.strengthen(Connection(member, other, kind: "connection", weight: 1,
                                               created: String(stamp.prefix(10))), in: db)
            }
        }
    }

    /// Removes every piece of feedback `member` gave about `other` (a tie recorded by `connected` stays).
    /// - Returns: the number of feedback rows removed (0 when there were none).
    /// - Throws: ``ProfileError`` (not found) when either member does not exist.
    @discardableResult
    public func removeFeedback(member: MemberID, other: MemberID) async throws -> Int {
        try await write { db in
            for id in [member, other] where try !Self.memberExists(db, id) {
                throw ProfileError.notFound("member '\(id)' does not exist")
            }
            try db.execute(sql: "DELETE FROM feedback WHERE member_id = ? AND other_id = ?", arguments: [member, other])
            return db.changesCount
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

    /// Every feedback row, ordered by member, other and action.
    public func allFeedback() async throws -> [FeedbackRecord] {
        if let backend { return try await backend.feedback() }
        return try await read { db in try Self.feedback(db) }
    }

    static func feedback(_ db: Database) throws -> [FeedbackRecord] {
        try Row.fetchAll(db, sql: """
            SELECT member_id, other_id, action, count, first_at, last_at FROM feedback
            ORDER BY member_id, other_id, action
            """).compactMap { row in
            FeedbackAction(rawValue: row[2]).map {
                FeedbackRecord(member: row[0], other: row[1], action: $0, count: row[3], firstAt: row[4], lastAt: row[5])
            }
        }
    }

    /// Inserts the connection, or keeps the stronger of it and the stored one of the same pair and kind:
    /// the larger weight and the earlier date (the import's merge rule).
    static func strengthen(_ connection: Connection, in db: Database) throws {
        var merged = connection
        if let row = try Row.fetchOne(db, sql: "SELECT weight, created FROM connection WHERE source = ? AND target = ? "
                                      + "AND kind = ?", arguments: [connection.source, connection.target, connection.kind]) {
            let stored = Connection(connection.source, connection.target, kind: connection.kind, weight: row[0],
                                    created: row[1])
            merged = merge([stored, connection])[0]
        }
        try upsert(merged, in: db)
    }

    static func upsert(_ record: FeedbackRecord, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO feedback(member_id, other_id, action, count, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(member_id, other_id, action) DO UPDATE SET count = excluded.count,
                first_at = excluded.first_at, last_at = excluded.last_at
            """).execute(arguments: [record.member, record.other, record.action.rawValue, record.count,
                                     record.firstAt, record.lastAt])
    }
}
