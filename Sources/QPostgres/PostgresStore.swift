import Foundation
import Logging
import PostgresNIO
import QProfiles

/// The store in a PostgreSQL database (postgres-nio), behind ``QProfiles/ProfileStore``: the same schema and rules
/// as the SQLite store (``PostgresSchema``), a pool of connections, every method one transaction.
///
/// Opening checks the server with one connection of its own first (the pool retries a refused connection or a
/// wrong password without end, so those are found and said here), migrates, and only then starts the pool.
final class PostgresStore: ProfileStoreBackend {
    let address: DatabaseLocation.ServerAddress
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>

    var kindName: String { "PostgreSQL" }
    var displayName: String { address.description }

    private init(address: DatabaseLocation.ServerAddress, client: PostgresClient, logger: Logger) {
        self.address = address
        self.client = client
        self.logger = logger
        running = Task { await client.run() }
    }

    deinit { running.cancel() }

    /// Connects to the database at `address` with `password`, migrates it to the newest schema, and starts the
    /// pool.
    /// - Throws: ``ProfileError``: not found when the server has no such database; I/O when the server cannot
    ///   be reached or refuses the user or password (the message never holds the password).
    static func open(_ address: DatabaseLocation.ServerAddress, password: String?) async throws -> PostgresStore {
        // postgres-nio logs at debug and trace only; nothing of ours reaches it but ids and SQL text.
        var logger = Logger(label: "qmatch.postgres")
        logger.logLevel = .critical
        let tls: PostgresConnection.Configuration.TLS
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        // As libpq's sslmode=prefer and require: encrypted, the certificate not checked.
        tlsConfiguration.certificateVerification = .none
        switch address.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: tlsConfiguration))
        case .require: tls = .require(try NIOSSLContext(configuration: tlsConfiguration))
        }
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: password,
            database: address.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        let connection = try await PostgresErrors.connect(configuration, address: address, logger: logger)
        do {
            try await PostgresSchema.migrate(connection, logger: logger, displayName: address.description)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw PostgresErrors.translated(error, address: address)
        }
        let poolTLS: PostgresClient.Configuration.TLS = switch address.tls {
        case .disable: .disable
        case .prefer: .prefer(tlsConfiguration)
        case .require: .require(tlsConfiguration)
        }
        var poolConfiguration = PostgresClient.Configuration(
            host: address.host, port: address.port, username: address.user, password: password,
            database: address.database, tls: poolTLS)
        poolConfiguration.options.connectTimeout = .seconds(10)
        poolConfiguration.options.maximumConnections = 8
        return PostgresStore(address: address, client: PostgresClient(configuration: poolConfiguration,
                                                                      backgroundLogger: logger), logger: logger)
    }

    // MARK: Transactions

    /// Runs `body` between `BEGIN` (as `begin` says) and `COMMIT` on `connection`; on any error, `ROLLBACK` and
    /// the error itself (not wrapped).
    static func inTransaction<T>(_ connection: PostgresConnection, logger: Logger, begin: String = "BEGIN",
                                 _ body: () async throws -> T) async throws -> T {
        try await connection.query(PostgresQuery(unsafeSQL: begin), logger: logger)
        do {
            let result = try await body()
            try await connection.query("COMMIT", logger: logger)
            return result
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// Runs `body` in one transaction on a pooled connection; PostgreSQL's errors come out as ``ProfileError``s.
    /// `readOnly`: one snapshot (repeatable read), no writes.
    func transaction<T: Sendable>(readOnly: Bool,
                                  _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in
                try await Self.inTransaction(
                    connection, logger: logger,
                    begin: readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN") {
                    try await body(connection)
                }
            }
        } catch {
            throw PostgresErrors.translated(error, address: address)
        }
    }

    // MARK: Reads

    func memberCount(discoverableOnly: Bool) async throws -> Int {
        try await transaction(readOnly: true) { [logger] connection in
            let query: PostgresQuery = discoverableOnly ? "SELECT count(*) FROM member WHERE discoverable"
                : "SELECT count(*) FROM member"
            return try await connection.query(query, logger: logger).collectOne(Int.self) ?? 0
        }
    }

    func members(after: MemberID?, limit: Int) async throws -> [Member] {
        try await transaction(readOnly: true) { [logger] connection in
            try await Self.members(connection, logger: logger, scope: .after(after ?? "", limit: max(0, limit)))
        }
    }

    func members(ids: [MemberID]) async throws -> [Member] {
        guard !ids.isEmpty else { return [] }
        return try await transaction(readOnly: true) { [logger] connection in
            try await Self.members(connection, logger: logger, scope: .ids(ids))
        }
    }

    func memberIDs() async throws -> (all: [MemberID], hidden: [MemberID]) {
        try await transaction(readOnly: true) { [logger] connection in
            let all = try await connection.query("SELECT id FROM member ORDER BY id", logger: logger)
                .collectAll(String.self)
            let hidden = try await connection.query(
                "SELECT id FROM member WHERE NOT discoverable ORDER BY id", logger: logger).collectAll(String.self)
            return (all, hidden)
        }
    }

    func groups() async throws -> [Group] {
        try await transaction(readOnly: true) { [logger] connection in try await Self.groups(connection, logger: logger) }
    }

    func attributeNames() async throws -> [String] {
        try await transaction(readOnly: true) { [logger] connection in
            try await connection.query("SELECT DISTINCT name FROM member_attribute ORDER BY name", logger: logger)
                .collectAll(String.self)
        }
    }

    func connections() async throws -> [Connection] {
        try await transaction(readOnly: true) { [logger] connection in
            try await Self.connections(connection, logger: logger)
        }
    }

    func feedback() async throws -> [FeedbackRecord] {
        try await transaction(readOnly: true) { [logger] connection in try await Self.feedback(connection, logger: logger) }
    }

    func snapshot() async throws -> CommunitySnapshot {
        try await transaction(readOnly: true) { [logger] connection in
            CommunitySnapshot(members: try await Self.members(connection, logger: logger, scope: .all),
                              groups: try await Self.groups(connection, logger: logger),
                              connections: try await Self.connections(connection, logger: logger),
                              feedback: try await Self.feedback(connection, logger: logger))
        }
    }

    func askerState(_ id: MemberID) async throws -> AskerState? {
        try await transaction(readOnly: true) { [logger] connection in
            guard let discoverable = try await connection.query(
                "SELECT discoverable FROM member WHERE id = \(id)", logger: logger).collectOne(Bool.self) else {
                return nil
            }
            let connected = Set(try await connection.query("""
                SELECT target FROM connection WHERE source = \(id) UNION SELECT source FROM connection WHERE target = \(id)
                """, logger: logger).collectAll(String.self))
            var feedback: [MemberID: [FeedbackAction: Int]] = [:]
            for try await (other, action, count) in try await connection.query(
                "SELECT other_id, action, count::bigint FROM feedback WHERE member_id = \(id)", logger: logger)
                .decode((String, String, Int).self) {
                guard let action = FeedbackAction(rawValue: action) else { continue }
                feedback[other, default: [:]][action] = count
            }
            return AskerState(isDiscoverable: discoverable, connected: connected, feedback: feedback)
        }
    }

    func discoverableNames(among ids: [MemberID], groups: [String]) async throws
        -> (members: [MemberID: String], groups: [String: String]) {
        try await transaction(readOnly: true) { [logger] connection in
            var names: [MemberID: String] = [:]
            if !ids.isEmpty {
                for try await (id, name) in try await connection.query(
                    "SELECT id, name FROM member WHERE discoverable AND id = ANY(\(ids))", logger: logger)
                    .decode((String, String).self) {
                    names[id] = name
                }
            }
            var groupNames: [String: String] = [:]
            if !groups.isEmpty {
                for try await (id, name) in try await connection.query(
                    "SELECT id, name FROM member_group WHERE id = ANY(\(groups))", logger: logger)
                    .decode((String, String).self) {
                    groupNames[id] = name
                }
            }
            return (names, groupNames)
        }
    }

    func discoverableNames() async throws -> [MemberID: String] {
        try await transaction(readOnly: true) { [logger] connection in
            var names: [MemberID: String] = [:]
            for try await (id, name) in try await connection.query(
                "SELECT id, name FROM member WHERE discoverable", logger: logger).decode((String, String).self) {
                names[id] = name
            }
            return names
        }
    }

    func dismissals() async throws -> [(MemberID, MemberID)] {
        try await transaction(readOnly: true) { [logger] connection in
            var pairs: [(MemberID, MemberID)] = []
            for try await pair in try await connection.query(
                "SELECT member_id, other_id FROM feedback WHERE action = 'dismiss'", logger: logger)
                .decode((String, String).self) {
                pairs.append(pair)
            }
            return pairs
        }
    }

    func discoverableGroupSizes() async throws -> [String: Int] {
        try await transaction(readOnly: true) { [logger] connection in
            var sizes: [String: Int] = [:]
            for try await (group, count) in try await connection.query("""
                SELECT s.group_id, count(*) FROM membership s JOIN member m ON m.id = s.member_id
                WHERE m.discoverable GROUP BY s.group_id
                """, logger: logger).decode((String, Int).self) {
                sizes[group] = count
            }
            return sizes
        }
    }

    func fieldValueRows() async throws
        -> (fields: [(String, String, String, String)], attributes: [(String, String)]) {
        try await transaction(readOnly: true) { [logger] connection in
            var fields: [(String, String, String, String)] = []
            for try await row in try await connection.query("""
                SELECT DISTINCT m.region, m.sector, m.role, coalesce(a.value, '') FROM member m
                LEFT JOIN member_attribute a ON a.member_id = m.id AND a.name = 'nation' WHERE m.discoverable
                """, logger: logger).decode((String, String, String, String).self) {
                fields.append(row)
            }
            var attributes: [(String, String)] = []
            for try await row in try await connection.query("""
                SELECT DISTINCT a.name, a.value FROM member_attribute a JOIN member m ON m.id = a.member_id
                WHERE m.discoverable AND a.name <> 'nation'
                """, logger: logger).decode((String, String).self) {
                attributes.append(row)
            }
            return (fields, attributes)
        }
    }

    // MARK: Writes

    func erase(_ id: MemberID) async throws -> Bool {
        // Memberships, attributes, connections, feedback and rounds go with the member (ON DELETE CASCADE).
        try await transaction(readOnly: false) { [logger] connection in
            try await connection.query("DELETE FROM member WHERE id = \(id) RETURNING id", logger: logger)
                .collectOne(String.self) != nil
        }
    }

    // MARK: Rows

    /// Which members a read takes.
    enum MemberScope: Sendable {
        case all
        case after(MemberID, limit: Int)
        case ids([MemberID])
    }

    /// Members with their groups (in their order) and attributes, in id order.
    static func members(_ connection: PostgresConnection, logger: Logger, scope: MemberScope) async throws -> [Member] {
        let columns = "id, name, role, sector, region, organisation, topics, methods, offers, needs, challenge, bio, "
            + "joined, discoverable"
        let query: PostgresQuery = switch scope {
        case .all: "SELECT \(unescaped: columns) FROM member ORDER BY id"
        case .after(let after, let limit):
            "SELECT \(unescaped: columns) FROM member WHERE id > \(after) ORDER BY id LIMIT \(limit)"
        case .ids(let ids): "SELECT \(unescaped: columns) FROM member WHERE id = ANY(\(ids)) ORDER BY id"
        }
        var members: [Member] = []
        for try await row in try await connection.query(query, logger: logger).decode(
            (String, String, String, String, String, String, String, String, String, String, String, String, String?,
             Bool).self) {
            let (id, name, role, sector, region, organisation, topics, methods, offers, needs, challenge, bio, joined,
                 discoverable) = row
            let list = ProfileStore.splitList
            members.append(Member(
                id: id, name: name, role: role, sector: sector, region: region, organisation: organisation,
                topics: list(topics), methods: list(methods), offers: list(offers), needs: list(needs),
                challenge: challenge, bio: bio, joined: joined, discoverable: discoverable))
        }
        guard let first = members.first?.id, let last = members.last?.id else { return members }
        var position: [MemberID: Int] = [:]
        for (index, member) in members.enumerated() { position[member.id] = index }
        // A page of consecutive ids reads a key range; a scattered handful reads exactly those ids.
        let memberships: PostgresQuery, attributes: PostgresQuery
        switch scope {
        case .all:
            memberships = "SELECT member_id, group_id FROM membership ORDER BY member_id, position"
            attributes = "SELECT member_id, name, value FROM member_attribute"
        case .after:
            memberships = """
                SELECT member_id, group_id FROM membership WHERE member_id BETWEEN \(first) AND \(last)
                ORDER BY member_id, position
                """
            attributes = """
                SELECT member_id, name, value FROM member_attribute WHERE member_id BETWEEN \(first) AND \(last)
                """
        case .ids:
            let ids = members.map(\.id)
            memberships = """
                SELECT member_id, group_id FROM membership WHERE member_id = ANY(\(ids)) ORDER BY member_id, position
                """
            attributes = "SELECT member_id, name, value FROM member_attribute WHERE member_id = ANY(\(ids))"
        }
        for try await (member, group) in try await connection.query(memberships, logger: logger)
            .decode((String, String).self) {
            if let index = position[member] { members[index].groups.append(group) }
        }
        for try await (member, name, value) in try await connection.query(attributes, logger: logger)
            .decode((String, String, String).self) {
            if let index = position[member] { members[index].attributes[name] = value }
        }
        return members
    }

    static func groups(_ connection: PostgresConnection, logger: Logger) async throws -> [Group] {
        var groups: [Group] = []
        for try await (id, name, kind, description, keywords) in try await connection.query(
            "SELECT id, name, kind, description, keywords FROM member_group ORDER BY id", logger: logger)
            .decode((String, String, String, String, String).self) {
            groups.append(Group(id: id, name: name, kind: GroupKind(rawValue: kind) ?? .other, description: description,
                                keywords: ProfileStore.splitList(keywords)))
        }
        return groups
    }

    static func connections(_ connection: PostgresConnection, logger: Logger) async throws -> [Connection] {
        var connections: [Connection] = []
        for try await (source, target, kind, weight, created) in try await connection.query(
            "SELECT source, target, kind, weight, created FROM connection ORDER BY source, target, kind", logger: logger)
            .decode((String, String, String, Double, String?).self) {
            connections.append(Connection(source, target, kind: kind, weight: weight, created: created))
        }
        return connections
    }

    static func feedback(_ connection: PostgresConnection, logger: Logger) async throws -> [FeedbackRecord] {
        var records: [FeedbackRecord] = []
        for try await (member, other, action, count, firstAt, lastAt) in try await connection.query("""
            SELECT member_id, other_id, action, count::bigint, first_at, last_at FROM feedback
            ORDER BY member_id, other_id, action
            """, logger: logger).decode((String, String, String, Int, String, String).self) {
            guard let action = FeedbackAction(rawValue: action) else { continue }
            records.append(FeedbackRecord(member: member, other: other, action: action, count: count, firstAt: firstAt,
                                          lastAt: lastAt))
        }
        return records
    }
}

extension PostgresRowSequence {
    /// The first column of every row.
    func collectAll<T: PostgresDecodable & Sendable>(_ type: T.Type) async throws -> [T] {
        var values: [T] = []
        for try await value in decode(T.self) { values.append(value) }
        return values
    }

    /// The first column of the first row, or nil when there is none.
    func collectOne<T: PostgresDecodable & Sendable>(_ type: T.Type) async throws -> T? {
        try await collectAll(type).first
    }
}
