import Foundation
import GRDB

/// What a recommendation reads about its asker from the store, in one read transaction.
public struct AskerState: Sendable {
    package init(isDiscoverable: Bool, connected: Set<MemberID>, feedback: [MemberID: [FeedbackAction: Int]]) {
        self.isDiscoverable = isDiscoverable
        self.connected = connected
        self.feedback = feedback
    }

    /// Whether others may see the asker now.
    public let isDiscoverable: Bool
    /// The members the asker is connected to now (any kind).
    public let connected: Set<MemberID>
    /// The feedback the asker gave: other member → (action → count).
    public let feedback: [MemberID: [FeedbackAction: Int]]
}

extension ProfileStore {
    /// The asker's visibility, connections and feedback, read together (one transaction, three indexed
    /// queries), or nil when there is no member `id`.
    /// - Complexity: O((connections + feedback rows) × log rows).
    public func askerState(_ id: MemberID) async throws -> AskerState? {
        if let backend { return try await backend.askerState(id) }
        // Cached statements: the same three queries for every answer, parsed once per connection.
        return try await read { db in
            guard let discoverable = try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT discoverable FROM member WHERE id = ?"), arguments: [id])
            else { return nil }
            let connected = Set(try String.fetchAll(db.cachedStatement(sql: """
                SELECT target FROM connection WHERE source = ? UNION SELECT source FROM connection WHERE target = ?
                """), arguments: [id, id]))
            var feedback: [MemberID: [FeedbackAction: Int]] = [:]
            for row in try Row.fetchAll(
                db.cachedStatement(sql: "SELECT other_id, action, count FROM feedback WHERE member_id = ?"),
                arguments: [id]) {
                guard let action = FeedbackAction(rawValue: row[1]) else { continue }
                feedback[row[0], default: [:]][action] = row[2]
            }
            return AskerState(isDiscoverable: discoverable, connected: connected, feedback: feedback)
        }
    }

    /// The names of the members of `ids` that others may see now, and the names of the groups of `groups`,
    /// read together (one transaction): what an answer may name.
    /// - Complexity: O((`ids.count` + `groups.count`) × log rows).
    public func discoverableNames(among ids: [MemberID], groups: [String]) async throws
        -> (members: [MemberID: String], groups: [String: String]) {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty || !groups.isEmpty else { return ([:], [:]) }
        if let backend { return try await backend.discoverableNames(among: unique, groups: groups) }
        // One statement each, whatever the number of ids: the ids go in as a JSON array (json_each), so the
        // statement is parsed once per connection, not once per answer.
        let memberList = try Self.jsonArray(unique), groupList = try Self.jsonArray(groups)
        return try await read { db in
            var names: [MemberID: String] = [:]
            if !unique.isEmpty {
                for row in try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT id, name FROM member WHERE discoverable = 1 AND id IN (SELECT value FROM json_each(?))
                    """), arguments: [memberList]) {
                    names[row[0]] = row[1]
                }
            }
            var groupNames: [String: String] = [:]
            if !groups.isEmpty {
                for row in try Row.fetchAll(db.cachedStatement(sql: """
                    SELECT id, name FROM member_group WHERE id IN (SELECT value FROM json_each(?))
                    """), arguments: [groupList]) {
                    groupNames[row[0]] = row[1]
                }
            }
            return (names, groupNames)
        }
    }

    /// `strings` as a JSON array, for `json_each(?)`.
    static func jsonArray(_ strings: [String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: strings), as: UTF8.self)
    }
}
