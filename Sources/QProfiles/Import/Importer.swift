import GRDB

extension ProfileStore {
    /// Validates every row of `sources` and loads them in one transaction: all or nothing.
    ///
    /// Members and groups are upserted by id (re-importing the same files changes nothing); connections by
    /// pair and kind, with repeats of a pair within the files merged (largest weight, earliest date); feedback
    /// by member, other and action. A member row that leaves `discoverable` out (no column, an empty cell, a
    /// missing key or null) keeps an existing member's visibility; a new member is discoverable.
    /// With `skipInvalid`, valid rows are imported and the others returned in ``ImportReport/rejections``.
    /// - Parameter progress: the stages (reading each file, checking, writing each kind of row) with the
    ///   fraction of rows done.
    /// - Throws: ``ProfileError`` with `FILE:LINE: column 'NAME': …` for the first problems; the database is
    ///   then unchanged.
    /// - Complexity: O(rows), one transaction.
    public func importFiles(_ sources: ImportSources, skipInvalid: Bool = false,
                            progress: StageProgress? = nil) async throws -> ImportReport {
        var report = ImportReport()
        var rejections: [Rejection] = []
        progress?("reading groups", nil)
        let groupRows = try sources.groups.map { try Self.readGroups($0, &report, &rejections) } ?? []
        // Members and connections are read and checked side by side (two files, two cores); the display
        // follows the members.
        progress?("reading members and connections", nil)
        let membersRead = Task.detached { () throws -> ([(Member, Int, String, Bool)], ImportReport, [Rejection]) in
            var report = ImportReport(), rejections: [Rejection] = []
            let rows = try sources.members.map {
                try Self.readMembers($0, &report, &rejections, progress: stageFractions(progress, stage: "checking members"))
            } ?? []
            return (rows, report, rejections)
        }
        let connectionsRead = Result { () throws -> ([(Connection, Int, String, Bool)], ImportReport, [Rejection]) in
            var report = ImportReport(), rejections: [Rejection] = []
            let rows = try sources.connections.map { try Self.readConnections($0, &report, &rejections) } ?? []
            return (rows, report, rejections)
        }
        let (memberRows, memberReport, memberRejections) = try await membersRead.value
        let (connectionRows, connectionReport, connectionRejections) = try connectionsRead.get()
        report.warnings += memberReport.warnings + connectionReport.warnings
        rejections += memberRejections + connectionRejections
        progress?("reading feedback", nil)
        let feedbackRows = try sources.feedback.map { try Self.readFeedback($0, &report, &rejections) } ?? []
        progress?("checking references", nil)
        let parsedRejections = rejections
        let partial = report

        let membersPath = sources.members
        // The checks against the store, the same for either store, run inside its import transaction.
        let prepare: @Sendable (ImportState) throws -> ImportBatch = { state in
            try Self.prepareImport(state, groupRows: groupRows, memberRows: memberRows, connectionRows: connectionRows,
                                   feedbackRows: feedbackRows, report: partial, rejections: parsedRejections,
                                   skipInvalid: skipInvalid, membersPath: membersPath)
        }
        let batch: ImportBatch
        if let backend {
            batch = try await backend.importRows(progress: progress, prepare)
        } else {
            batch = try await write { db in try Self.importRows(db, progress: progress, prepare) }
        }
        report = batch.report
        report.rejections = batch.rejections.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
        return report
    }

    /// Checks the rows read from the files against the store (groups, members and feedback refer to ones that
    /// exist after the import; the extra columns stay under the cap) and chooses what to write: members in id
    /// order, connections merged and in key order.
    /// - Throws: ``ProfileError`` listing the problems, unless `skipInvalid`.
    static func prepareImport(_ state: ImportState, groupRows: [(Group, Int)],
                              memberRows: [(Member, Int, String, Bool)],
                              connectionRows: [(Connection, Int, String, Bool)],
                              feedbackRows: [(FeedbackRecord, Int, String)], report partial: ImportReport,
                              rejections parsedRejections: [Rejection], skipInvalid: Bool,
                              membersPath: String?) throws -> ImportBatch {
        var report = partial
        var rejections = parsedRejections
        // Groups that exist after this import.
        var knownGroups = state.groupIDs
        for (group, _) in groupRows { knownGroups.insert(group.id) }
        var members: [Member] = []
        members.reserveCapacity(memberRows.count)
        // Rows that do not say whether the member may be seen leave a hidden member hidden.
        for (row, line, path, setsDiscoverable) in memberRows {
            var member = row
            if !setsDiscoverable, state.hiddenMemberIDs.contains(member.id) { member.discoverable = false }
            if let unknown = member.groups.first(where: { !knownGroups.contains($0) }) {
                rejections.append(Rejection(file: path, line: line, reason: "column 'groups': unknown group "
                    + "'\(unknown)' (expected the id of a group in the groups file or the database)",
                    row: member.csvText))
                continue
            }
            members.append(member)
        }
        var knownMembers = state.memberIDs
        for member in members { knownMembers.insert(member.id) }
        var connections: [Connection] = []
        connections.reserveCapacity(connectionRows.count)
        for (connection, line, path, sourceWasFirst) in connectionRows {
            let (sourceColumn, targetColumn) = sourceWasFirst ? ("source", "target") : ("target", "source")
            for (id, column) in [(connection.source, sourceColumn), (connection.target, targetColumn)]
            where !knownMembers.contains(id) {
                rejections.append(Rejection(file: path, line: line, reason: "column '\(column)': unknown member "
                    + "'\(id)' (expected the id of a member in the members file or the database)",
                    row: connection.csvText))
                break
            }
            if knownMembers.contains(connection.source), knownMembers.contains(connection.target) {
                connections.append(connection)
            }
        }
        var feedback: [FeedbackRecord] = []
        for (record, line, path) in feedbackRows {
            if let (id, column) = [(record.member, "member"), (record.other, "other")]
                .first(where: { !knownMembers.contains($0.0) }) {
                rejections.append(Rejection(file: path, line: line, reason: "column '\(column)': unknown member "
                    + "'\(id)' (expected the id of a member in the members file or the database)",
                    row: CSVText.row(record.row.map(\.plainText))))
                continue
            }
            feedback.append(record)
        }
        if !skipInvalid, !rejections.isEmpty {
            throw Self.importFailure(rejections)
        }
        if let membersPath {
            try Self.checkAttributeColumns(existing: state.attributeNames,
                                           adding: Set(members.flatMap(\.attributes.keys)), where: "\(membersPath):1")
        }
        // Key order makes the B-tree inserts sequential.
        let merged = Self.merge(connections).sorted {
            ($0.source, $0.target, $0.kind) < ($1.source, $1.target, $1.kind)
        }
        report.mergedConnections = connections.count - merged.count
        members.sort { $0.id < $1.id }
        report.feedback = feedback.count
        report.groups = groupRows.count
        report.members = members.count
        report.connections = merged.count
        return ImportBatch(groups: groupRows.map(\.0), members: members, connections: merged, feedback: feedback,
                           report: report, rejections: rejections)
    }

    /// The SQLite import transaction: reads the ``ImportState``, lets `prepare` check the rows, writes them.
    static func importRows(_ db: Database, progress: StageProgress?,
                           _ prepare: (ImportState) throws -> ImportBatch) throws -> ImportBatch {
        let existingMembers = Set(try String.fetchAll(db, sql: "SELECT id FROM member"))
        let state = ImportState(
            groupIDs: Set(try String.fetchAll(db, sql: "SELECT id FROM member_group")), memberIDs: existingMembers,
            hiddenMemberIDs: Set(try String.fetchAll(db, sql: "SELECT id FROM member WHERE discoverable = 0")),
            attributeNames: Set(try Self.attributeNames(db)))
        let batch = try prepare(state)
        let (members, merged) = (batch.members, batch.connections)
        let cacheSize = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
        // 256 MiB for this transaction, 1 GiB for millions of rows: pages that do not fit are spilled to the
        // WAL mid-transaction, and written again each time they change.
        let large = members.count + merged.count > 1_000_000
        try db.execute(sql: "PRAGMA cache_size = \(large ? -1_048_576 : -262_144)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(cacheSize)") }
        // Into empty tables, a large import builds each secondary index once at the end (a sorted pass) rather
        // than by a B-tree insert per row; the search index gathers more rows per segment it writes.
        let bulk = 10_000
        var emptyTables: [String] = []
        if existingMembers.isEmpty, members.count >= bulk { emptyTables += ["member", "membership", "member_attribute"] }
        if merged.count >= bulk, try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM connection)") ?? true) {
            emptyTables.append("connection")
        }
        if members.count >= bulk { try Self.setSearchHashSize(db, bytes: 64 << 20) }
        try RowWriter.withoutSecondaryIndexes(db, of: emptyTables) {
            let writer = RowWriter(db)
            progress?("writing groups", nil)
            for group in batch.groups { try Self.upsert(group, in: db) }
            var meter = ProgressMeter(total: members.count) { progress?("writing members", $0) }
            try writer.write(members, isNew: { !existingMembers.contains($0.id) }) { meter.advance(by: $0) }
            meter = ProgressMeter(total: merged.count) { progress?("writing connections", $0) }
            try writer.write(merged) { meter.advance(by: $0) }
            if !emptyTables.isEmpty { progress?("indexing", nil) }
        }
        if members.count >= bulk { try Self.setSearchHashSize(db, bytes: Self.defaultSearchHashSize) }
        progress?("writing feedback", nil)
        for record in batch.feedback { try Self.upsert(record, in: db) }
        progress?("committing", nil)
        return batch
    }

    /// The search index's default in-memory buffer (FTS5 `hashsize`): when it fills, a segment is written, and
    /// segments are merged later.
    static let defaultSearchHashSize = 1 << 20

    /// Sets the search index's in-memory buffer (inside the caller's transaction).
    static func setSearchHashSize(_ db: Database, bytes: Int) throws {
        try db.execute(sql: "INSERT INTO member_search(member_search, rank) VALUES ('hashsize', ?)", arguments: [bytes])
    }

    static func importFailure(_ rejections: [Rejection]) -> ProfileError {
        let sorted = rejections.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
        var lines = sorted.prefix(10).map(\.message)
        if sorted.count > 10 { lines.append("… and \(sorted.count - 10) more problems") }
        lines.append("nothing was imported (fix the rows, or pass --skip-invalid --rejects FILE to import the rest)")
        return .invalidInput(lines.joined(separator: "\n"))
    }

    /// One connection per pair and kind: the largest weight and the earliest date.
    static func merge(_ connections: [Connection]) -> [Connection] {
        var index: [Connection.Key: Int] = [:]
        var merged: [Connection] = []
        merged.reserveCapacity(connections.count)
        for connection in connections {
            let key = connection.key
            if let at = index[key] {
                merged[at].weight = max(merged[at].weight, connection.weight)
                if let created = connection.created,
                   merged[at].created.map({ DateText.isEarlier(created, than: $0) }) ?? true {
                    merged[at].created = created
                }
            } else {
                index[key] = merged.count
                merged.append(connection)
            }
        }
        return merged
    }

    // MARK: Reading files

    static func reader(_ path: String, required: [String], known: [String]) throws -> RecordReader {
        let reader = try RecordReader(path: path, knownColumns: known)
        if reader.format == .csv {
            for column in required where reader.index(of: column) == nil {
                throw ProfileError.invalidInput("\(path):1: column '\(column)': missing from the header "
                    + "(expected a header row with a '\(column)' column)")
            }
        }
        return reader
    }

    static func unreadable(_ reader: RecordReader, _ rejections: inout [Rejection]) {
        for row in reader.unreadable {
            rejections.append(Rejection(file: reader.path, line: row.line, reason: row.message, row: row.text))
        }
    }

    static func columnMap(_ reader: RecordReader) -> [String: Int] {
        var map: [String: Int] = [:]
        for (index, column) in reader.columns.enumerated() { map[column] = index }
        return map
    }

    static func warnUnknown(_ reader: RecordReader, known: [String], _ report: inout ImportReport) {
        let unknown = reader.columns.filter { !known.contains($0) }
        if !unknown.isEmpty {
            report.warnings.append("\(reader.path): ignored unknown column\(unknown.count == 1 ? "" : "s") "
                + unknown.map { "'\($0)'" }.joined(separator: ", ") + " (known: \(known.joined(separator: ", ")))")
        }
    }

    static func readGroups(_ path: String, _ report: inout ImportReport,
                           _ rejections: inout [Rejection]) throws -> [(Group, Int)] {
        let reader = try reader(path, required: ["id"], known: Columns.group)
        unreadable(reader, &rejections)
        warnUnknown(reader, known: Columns.group, &report)
        let columns = columnMap(reader)
        var seen: [String: Int] = [:]
        var groups: [(Group, Int)] = []
        for record in reader.records {
            let parser = FieldParser(path: path, columns: columns, record: record)
            do {
                let group = try Group(parser)
                if let first = seen[group.id] {
                    throw parser.fail("id", "duplicate id '\(group.id)' (first on line \(first); expected each id once)")
                }
                seen[group.id] = record.line
                groups.append((group, record.line))
            } catch let error as ProfileError {
                rejections.append(rejection(error, path, record, reader.columns))
            }
        }
        return groups
    }

    static func readMembers(_ path: String, _ report: inout ImportReport, _ rejections: inout [Rejection],
                            progress: (@Sendable (Double) -> Void)? = nil) throws -> [(Member, Int, String, Bool)] {
        let reader = try reader(path, required: ["id"], known: Columns.member)
        unreadable(reader, &rejections)
        let known = Set(Columns.member)
        let extra = reader.columns.filter { !known.contains($0) }
        if let bad = extra.first(where: { $0.count > 200 }) {
            throw ProfileError.invalidInput("\(path):1: column '\(bad.prefix(40))…': name too long "
                + "(expected at most 200 characters)")
        }
        let columns = columnMap(reader)
        var seen: [String: Int] = [:]
        var members: [(Member, Int, String, Bool)] = []
        members.reserveCapacity(reader.records.count)
        var meter = ProgressMeter(total: reader.records.count) { progress?($0) }
        for record in reader.records {
            meter.advance()
            let parser = FieldParser(path: path, columns: columns, record: record)
            do {
                let member = try Member(parser, extraColumns: extra)
                if let first = seen[member.id] {
                    throw parser.fail("id", "duplicate id '\(member.id)' (first on line \(first); expected each id once)")
                }
                seen[member.id] = record.line
                members.append((member, record.line, path, !parser.isBlank("discoverable")))
            } catch let error as ProfileError {
                rejections.append(rejection(error, path, record, reader.columns))
            }
        }
        return members
    }

    static func readConnections(_ path: String, _ report: inout ImportReport, _ rejections: inout [Rejection],
                                progress: (@Sendable (Double) -> Void)? = nil) throws -> [(Connection, Int, String, Bool)] {
        let reader = try reader(path, required: ["source", "target"], known: Columns.connection)
        unreadable(reader, &rejections)
        warnUnknown(reader, known: Columns.connection, &report)
        let columns = columnMap(reader)
        var connections: [(Connection, Int, String, Bool)] = []
        connections.reserveCapacity(reader.records.count)
        var meter = ProgressMeter(total: reader.records.count) { progress?($0) }
        for record in reader.records {
            meter.advance()
            let parser = FieldParser(path: path, columns: columns, record: record)
            do {
                let connection = try Connection(parser)
                let sourceWasFirst = (try? parser.identifier("source")) == connection.source
                connections.append((connection, record.line, path, sourceWasFirst))
            } catch let error as ProfileError {
                rejections.append(rejection(error, path, record, reader.columns))
            }
        }
        return connections
    }

    static func rejection(_ error: ProfileError, _ path: String, _ record: RawRecord,
                                  _ columns: [String]) -> Rejection {
        let prefix = "\(path):\(record.line): "
        let reason = error.description.hasPrefix(prefix) ? String(error.description.dropFirst(prefix.count))
            : error.description
        let row = record.text.isEmpty ? CSVText.row(record.values.map { value in
            switch value {
            case .string(let text)?: text
            case .list(let items)?: items.joined(separator: ";")
            case .bool(let flag)?: flag ? "true" : "false"
            case .number(let number)?: TableWriter.format(number)
            default: ""
            }
        }) : record.text
        return Rejection(file: path, line: record.line, reason: reason, row: row)
    }
}

extension Connection {
    struct Key: Hashable {
        let source: MemberID, target: MemberID, kind: String
    }

    var key: Key { Key(source: source, target: target, kind: kind) }

    var csvText: String { CSVText.row(row.map(\.plainText)) }
}

extension Member {
    var csvText: String { CSVText.row(row(extraColumns: attributes.keys.sorted()).map(\.plainText)) }
}

extension FieldValue {
    var plainText: String {
        switch self {
        case .text(let text): text
        case .list(let items): items.joined(separator: ";")
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number): TableWriter.format(number)
        case .missing: ""
        }
    }
}

extension DateText {
    /// Whether date (or date-time) text `a` is earlier than `b`; dates compare as the start of their day.
    static func isEarlier(_ a: String, than b: String) -> Bool {
        let dayA = a.prefix(10), dayB = b.prefix(10)
        if dayA != dayB { return dayA < dayB }
        return a.count < b.count || (a.count == b.count && a < b)
    }
}
