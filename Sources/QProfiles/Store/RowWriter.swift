import GRDB

/// Writes members and connections inside a transaction the caller opened, many rows per statement: each
/// statement run costs SQLite a program start and a cursor on the table, every index and the search index, so
/// an import of a million members writes them in batches (`INSERT … VALUES (…), (…), …`) through statements
/// prepared once per batch size.
struct RowWriter {
    private let db: Database
    /// Rows per statement (SQLite allows 32,766 parameters; members take 14 each).
    static let batchSize = 64

    init(_ db: Database) { self.db = db }

    /// Inserts each member or updates the one with the same id (fields, memberships and attributes replaced).
    /// - Parameter isNew: whether the store held no row of a member when the transaction began: then there
    ///   are no memberships or attributes to remove first.
    func write(_ members: some Collection<Member>, isNew: (Member) -> Bool = { _ in false },
               written: (Int) -> Void = { _ in }) throws {
        for batch in members.chunked(Self.batchSize) {
            try insert(into: "member(id, name, role, sector, region, organisation, topics, methods, offers, needs, "
                       + "challenge, bio, joined, discoverable)", columns: 14, rows: batch.map { member in [
                member.id, member.name, member.role, member.sector, member.region, member.organisation,
                member.topics.joined(separator: ";"), member.methods.joined(separator: ";"),
                member.offers.joined(separator: ";"), member.needs.joined(separator: ";"),
                member.challenge, member.bio, member.joined, member.discoverable,
            ] }, onConflict: """
                ON CONFLICT(id) DO UPDATE SET name = excluded.name, role = excluded.role, sector = excluded.sector,
                    region = excluded.region, organisation = excluded.organisation, topics = excluded.topics,
                    methods = excluded.methods, offers = excluded.offers, needs = excluded.needs,
                    challenge = excluded.challenge, bio = excluded.bio, joined = excluded.joined,
                    discoverable = excluded.discoverable
                """)
            for member in batch where !isNew(member) {
                try db.cachedStatement(sql: "DELETE FROM membership WHERE member_id = ?").execute(arguments: [member.id])
                try db.cachedStatement(sql: "DELETE FROM member_attribute WHERE member_id = ?")
                    .execute(arguments: [member.id])
            }
            try insert(into: "membership(member_id, group_id, position)", orIgnore: true, columns: 3,
                       rows: batch.flatMap { member in
                           member.groups.enumerated().map { position, group in [member.id, group, position] }
                       })
            try insert(into: "member_attribute(member_id, name, value)", columns: 3, rows: batch.flatMap { member in
                member.attributes.sorted { $0.key < $1.key }.map { name, value in [member.id, name, value] }
            })
            written(batch.count)
        }
    }

    /// Inserts each connection or updates the weight and date of the one with the same pair and kind.
    /// - Precondition: no pair and kind twice in `connections` (merge them first).
    func write(_ connections: some Collection<Connection>, written: (Int) -> Void = { _ in }) throws {
        for batch in connections.chunked(Self.batchSize) {
            try insert(into: "connection(source, target, kind, weight, created)", columns: 5, rows: batch.map {
                [$0.source, $0.target, $0.kind, $0.weight, $0.created]
            }, onConflict: "ON CONFLICT(source, target, kind) DO UPDATE SET weight = excluded.weight, created = excluded.created")
            written(batch.count)
        }
    }

    /// `INSERT [OR IGNORE] INTO target VALUES (?, …), … [onConflict]` for `rows`, in statements of at most
    /// ``batchSize`` rows (rows in order, so a later row wins over an earlier one as it would one by one).
    private func insert(into target: String, orIgnore: Bool = false, columns: Int,
                        rows: [[(any DatabaseValueConvertible)?]], onConflict: String = "") throws {
        for start in stride(from: 0, to: rows.count, by: Self.batchSize) {
            let batch = rows[start..<min(start + Self.batchSize, rows.count)]
            let tuple = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
            let values = Array(repeating: tuple, count: batch.count).joined(separator: ", ")
            let statement = try db.cachedStatement(
                sql: "INSERT \(orIgnore ? "OR IGNORE " : "")INTO \(target) VALUES \(values) \(onConflict)")
            try statement.execute(arguments: StatementArguments(batch.flatMap { $0 }))
        }
    }

    /// Runs `body` with the secondary indexes of `tables` dropped, then creates them again from their own SQL
    /// (as `sqlite_master` holds it): one sorted pass each instead of a B-tree insert per row, for a large
    /// import into empty tables. Primary keys stay. All inside the caller's transaction: if anything fails,
    /// the rollback restores the indexes with everything else.
    static func withoutSecondaryIndexes<T>(_ db: Database, of tables: [String], _ body: () throws -> T) throws -> T {
        guard !tables.isEmpty else { return try body() }
        let marks = Array(repeating: "?", count: tables.count).joined(separator: ",")
        let indexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (\(marks))
            ORDER BY name
            """, arguments: StatementArguments(tables))
        for index in indexes {
            try db.execute(sql: "DROP INDEX \((index["name"] as String).quotedDatabaseIdentifier)")
        }
        let result = try body()
        for index in indexes { try db.execute(sql: index["sql"] as String) }
        return result
    }
}

extension Collection {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [SubSequence] {
        var slices: [SubSequence] = []
        var start = startIndex
        while start != endIndex {
            let end = index(start, offsetBy: size, limitedBy: endIndex) ?? endIndex
            slices.append(self[start..<end])
            start = end
        }
        return slices
    }
}
