import Logging
import PostgresNIO
import QProfiles

extension PostgresStore {
    /// The import transaction on PostgreSQL: other writers wait (readers go on, and see the import whole or not
    /// at all); the store's ids are read, `prepare` checks the rows against them, and the rows go in by `COPY`
    /// into temporary tables, then one upsert per table (members and groups by id, connections by pair and kind,
    /// feedback by member, other and action), as the SQLite store writes them.
    func importRows(progress: StageProgress?,
                    _ prepare: @Sendable (ImportState) throws -> ImportBatch) async throws -> ImportBatch {
        try await transaction(readOnly: false) { [logger] connection in
            try await connection.query("LOCK TABLE member, member_group IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            let state = ImportState(
                groupIDs: Set(try await connection.query("SELECT id FROM member_group", logger: logger)
                    .collectAll(String.self)),
                memberIDs: Set(try await connection.query("SELECT id FROM member", logger: logger).collectAll(String.self)),
                hiddenMemberIDs: Set(try await connection.query("SELECT id FROM member WHERE NOT discoverable",
                                                                logger: logger).collectAll(String.self)),
                attributeNames: Set(try await connection.query("SELECT DISTINCT name FROM member_attribute",
                                                               logger: logger).collectAll(String.self)))
            let batch = try prepare(state)
            let copy = BulkCopy(connection: connection, logger: logger)

            progress?("writing groups", nil)
            try await copy.upsert(into: "member_group", columns: ["id", "name", "kind", "description", "keywords"],
                                  key: ["id"], rows: batch.groups.map {
                [$0.id, $0.name, $0.kind.rawValue, $0.description, $0.keywords.joined(separator: ";")]
            })

            let memberProgress: @Sendable (Double) -> Void = { progress?("writing members", $0) }
            try await copy.upsert(into: "member", columns: [
                "id", "name", "role", "sector", "region", "organisation", "topics", "methods", "offers", "needs",
                "challenge", "bio", "joined", "discoverable",
            ], key: ["id"], rows: batch.members.map { member in [
                member.id, member.name, member.role, member.sector, member.region, member.organisation,
                member.topics.joined(separator: ";"), member.methods.joined(separator: ";"),
                member.offers.joined(separator: ";"), member.needs.joined(separator: ";"), member.challenge,
                member.bio, member.joined, member.discoverable ? "t" : "f",
            ] }, progress: memberProgress)
            // Memberships and attributes of the members imported are replaced, as an upsert of each would.
            if !batch.members.isEmpty {
                try await connection.query("""
                    DELETE FROM membership WHERE member_id IN (SELECT id FROM import_member)
                    """, logger: logger)
                try await connection.query("""
                    DELETE FROM member_attribute WHERE member_id IN (SELECT id FROM import_member)
                    """, logger: logger)
            }
            // A group named twice in one member's list keeps its first position.
            try await copy.insert(into: "membership", columns: ["member_id", "group_id", "position"],
                                  distinctOn: ["member_id", "group_id"], rows: batch.members.flatMap { member in
                member.groups.enumerated().map { position, group in [member.id, group, String(position)] }
            })
            try await copy.insert(into: "member_attribute", columns: ["member_id", "name", "value"],
                                  rows: batch.members.flatMap { member in
                member.attributes.sorted { $0.key < $1.key }.map { name, value in [member.id, name, value] }
            })

            let connectionProgress: @Sendable (Double) -> Void = { progress?("writing connections", $0) }
            try await copy.upsert(into: "connection", columns: ["source", "target", "kind", "weight", "created"],
                                  key: ["source", "target", "kind"], rows: batch.connections.map {
                [$0.source, $0.target, $0.kind, "\($0.weight)", $0.created]
            }, progress: connectionProgress)

            progress?("writing feedback", nil)
            try await copy.upsert(into: "feedback",
                                  columns: ["member_id", "other_id", "action", "count", "first_at", "last_at"],
                                  key: ["member_id", "other_id", "action"], rows: batch.feedback.map {
                [$0.member, $0.other, $0.action.rawValue, String($0.count), $0.firstAt, $0.lastAt]
            })
            progress?("committing", nil)
            return batch
        }
    }
}

/// Rows into a table in bulk: `COPY` (text format) into a temporary table shaped like it, dropped at the end
/// of the transaction, then one `INSERT … SELECT` that the table's keys and checks apply to.
struct BulkCopy {
    let connection: PostgresConnection
    let logger: Logger

    /// Bytes sent per `COPY` message.
    static let chunkBytes = 1 << 20

    /// Inserts `rows`, or updates the row with the same `key`.
    func upsert(into table: String, columns: [String], key: [String], rows: [[String?]],
                progress: (@Sendable (Double) -> Void)? = nil) async throws {
        let updates = columns.filter { !key.contains($0) }.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try await insert(into: table, columns: columns, rows: rows, progress: progress,
                         onConflict: "ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates)")
    }

    /// Inserts `rows` (with `distinctOn`: the first row of each such key only).
    func insert(into table: String, columns: [String], distinctOn: [String]? = nil, rows: [[String?]],
                progress: (@Sendable (Double) -> Void)? = nil, onConflict: String = "") async throws {
        guard !rows.isEmpty else { return }
        let staging = "import_\(table == "member_group" ? "group" : table)"
        try await connection.query(PostgresQuery(unsafeSQL: """
            CREATE TEMP TABLE \(staging) (LIKE \(table) INCLUDING DEFAULTS, import_order bigint) ON COMMIT DROP
            """), logger: logger)
        try await connection.copyFrom(table: staging, columns: columns + ["import_order"], logger: logger) { writer in
            var text = ""
            text.reserveCapacity(Self.chunkBytes + 4096)
            for (order, row) in rows.enumerated() {
                for value in row {
                    Self.appendField(value, to: &text)
                    text.append("\t")
                }
                text.append(String(order))
                text.append("\n")
                if text.utf8.count >= Self.chunkBytes {
                    try await writer.write(ByteBuffer(string: text))
                    text.removeAll(keepingCapacity: true)
                    progress?(Double(order + 1) / Double(rows.count))
                }
            }
            if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
            progress?(1)
        }
        let list = columns.joined(separator: ", ")
        let source = if let distinctOn {
            "SELECT DISTINCT ON (\(distinctOn.joined(separator: ", "))) \(list) FROM \(staging) "
                + "ORDER BY \(distinctOn.joined(separator: ", ")), import_order"
        } else {
            "SELECT \(list) FROM \(staging) ORDER BY import_order"
        }
        try await connection.query(PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(list)) \(source) \(onConflict)"),
                                   logger: logger)
    }

    /// `value` as a field of `COPY`'s text format: `\N` for null; backslash, tab, newline and carriage return
    /// escaped.
    static func appendField(_ value: String?, to text: inout String) {
        guard let value else {
            text.append("\\N")
            return
        }
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            text.append(value)
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": text.append("\\\\")
            case "\t": text.append("\\t")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            default: text.unicodeScalars.append(scalar)
            }
        }
    }
}
