import GRDB

extension ProfileStore {
    /// Ids of the members others may see now (discoverable, not erased).
    /// - Complexity: as ``memberIDs()``, plus a set of them.
    public func discoverableIDs() async throws -> Set<MemberID> {
        let (all, hidden) = try await memberIDs()
        guard !hidden.isEmpty else { return Set(all) }
        let hiddenIDs = Set(hidden)
        return Set(all.lazy.filter { !hiddenIDs.contains($0) })
    }

    /// Every member's id in byte order, and the ids of the members others may not see (not discoverable), in
    /// one read: the id index and the partial index of hidden members; no member row is read.
    /// - Complexity: O(members) over an index of ids only (tens of megabytes at a million members).
    public func memberIDs() async throws -> (all: [MemberID], hidden: [MemberID]) {
        if let backend { return try await backend.memberIDs() }
        return try await read { db in
            (try String.fetchAll(db, sql: "SELECT id FROM member ORDER BY id"),
             try String.fetchAll(db, sql: "SELECT id FROM member WHERE discoverable = 0 ORDER BY id"))
        }
    }

    /// The members with these ids that exist, keyed by id.
    public func members(_ ids: [MemberID]) async throws -> [MemberID: Member] {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return [:] }
        var result: [MemberID: Member] = [:]
        if let backend {
            for member in try await backend.members(ids: unique) { result[member.id] = member }
            return result
        }
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
        if let backend { return try await backend.dismissals() }
        return try await read { db in
            try Row.fetchAll(db, sql: "SELECT member_id, other_id FROM feedback WHERE action = 'dismiss'")
                .map { ($0[0] as String, $0[1] as String) }
        }
    }

    /// Names of the discoverable members, by id.
    public func discoverableNames() async throws -> [MemberID: String] {
        if let backend { return try await backend.discoverableNames() }
        return try await read { db in
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
        if backend != nil {
            let wanted = Set(ids)
            return try await groupNames().filter { wanted.contains($0.key) }
        }
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
