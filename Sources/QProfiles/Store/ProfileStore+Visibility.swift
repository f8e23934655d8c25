import GRDB

extension ProfileStore {
    /// Which of `ids` are members others may see now (discoverable, not erased): one indexed query.
    /// - Complexity: O(`ids.count` × log members).
    public func discoverable(among ids: [MemberID]) async throws -> Set<MemberID> {
        let unique = Array(Set(ids))
        guard !unique.isEmpty, unique.count <= 900, backend == nil else {
            return unique.isEmpty ? [] : try await discoverableIDs().intersection(unique)
        }
        return try await read { db in
            let marks = Array(repeating: "?", count: unique.count).joined(separator: ",")
            return Set(try String.fetchAll(db, sql: "SELECT id FROM member WHERE discoverable = 1 AND id IN (\(marks))",
                                           arguments: StatementArguments(unique)))
        }
    }
}
