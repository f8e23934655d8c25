import GRDB

/// What a recommendation reads about its asker from the store, in one read transaction.
public struct AskerState: Sendable {
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
        try await read { db in
            guard let discoverable = try Bool.fetchOne(db, sql: "SELECT discoverable FROM member WHERE id = ?",
                                                       arguments: [id]) else { return nil }
            let connected = Set(try String.fetchAll(db, sql: """
                SELECT target FROM connection WHERE source = ? UNION SELECT source FROM connection WHERE target = ?
                """, arguments: [id, id]))
            var feedback: [MemberID: [FeedbackAction: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT other_id, action, count FROM feedback WHERE member_id = ?",
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
        return try await read { db in
            var names: [MemberID: String] = [:]
            for start in stride(from: 0, to: unique.count, by: 400) {
                let chunk = Array(unique[start..<min(start + 400, unique.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: """
                    SELECT id, name FROM member WHERE discoverable = 1 AND id IN (\(marks))
                    """, arguments: StatementArguments(chunk)) {
                    names[row[0]] = row[1]
                }
            }
            var groupNames: [String: String] = [:]
            if !groups.isEmpty {
                let marks = Array(repeating: "?", count: groups.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT id, name FROM member_group WHERE id IN (\(marks))",
                                            arguments: StatementArguments(groups)) {
                    groupNames[row[0]] = row[1]
                }
            }
            return (names, groupNames)
        }
    }
}
