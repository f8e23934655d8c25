import GRDB

/// Statement-level helpers, run inside a transaction the caller opened.
extension ProfileStore {
    static func upsert(_ member: Member, in db: Database) throws {
        try RowWriter(db).write(CollectionOfOne(member))
    }

    static func upsert(_ group: Group, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO member_group(id, name, kind, description, keywords) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                description = excluded.description, keywords = excluded.keywords
            """).execute(arguments: [group.id, group.name, group.kind.rawValue, group.description,
                                     group.keywords.joined(separator: ";")])
    }

    static func upsert(_ connection: Connection, in db: Database) throws {
        try RowWriter(db).write(CollectionOfOne(connection))
    }

    static func memberExists(_ db: Database, _ id: MemberID) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM member WHERE id = ?)", arguments: [id]) ?? false
    }

    static func groupExists(_ db: Database, _ id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM member_group WHERE id = ?)", arguments: [id])
            ?? false
    }

    static func groups(_ db: Database) throws -> [Group] {
        try Row.fetchAll(db, sql: "SELECT id, name, kind, description, keywords FROM member_group ORDER BY id").map {
            Group(id: $0[0], name: $0[1], kind: GroupKind(rawValue: $0[2]) ?? .other, description: $0[3],
                  keywords: splitList($0[4]))
        }
    }

    static func members(_ db: Database, where condition: String, arguments: StatementArguments,
                        limit: Int? = nil) throws -> [Member] {
        var sql = """
            SELECT m.id, m.name, m.role, m.sector, m.region, m.organisation, m.topics, m.methods, m.offers, m.needs,
                   m.challenge, m.bio, m.joined, m.discoverable FROM member m WHERE \(condition) ORDER BY m.id
            """
        if let limit { sql += " LIMIT \(max(0, limit))" }
        var members = try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            Member(id: row[0], name: row[1], role: row[2], sector: row[3], region: row[4], organisation: row[5],
                   topics: splitList(row[6]), methods: splitList(row[7]), offers: splitList(row[8]),
                   needs: splitList(row[9]), challenge: row[10], bio: row[11], joined: row[12],
                   discoverable: row[13])
        }
        guard let first = members.first?.id, let last = members.last?.id else { return members }
        var position: [MemberID: Int] = [:]
        for (index, member) in members.enumerated() { position[member.id] = index }
        // A page of consecutive ids reads a key range; a scattered handful reads exactly those ids.
        let scope: String, scopeArguments: StatementArguments
        if members.count <= 500, limit == nil {
            scope = "member_id IN (" + Array(repeating: "?", count: members.count).joined(separator: ",") + ")"
            scopeArguments = StatementArguments(members.map(\.id))
        } else {
            scope = "member_id BETWEEN ? AND ?"
            scopeArguments = [first, last]
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT member_id, group_id FROM membership WHERE \(scope) ORDER BY member_id, position
            """, arguments: scopeArguments) {
            if let index = position[row[0]] { members[index].groups.append(row[1]) }
        }
        for row in try Row.fetchAll(db, sql: "SELECT member_id, name, value FROM member_attribute WHERE \(scope)",
                                    arguments: scopeArguments) {
            if let index = position[row[0]] { members[index].attributes[row[1]] = row[2] }
        }
        return members
    }

    package static func splitList(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: ";").map(String.init)
    }
}
