import Logging
import PostgresNIO
import QProfiles

/// The PostgreSQL schema: the same tables, keys and rules as the SQLite one (`Schema`), in versioned migrations
/// of its own, recorded in `schema_version` (one row per migration applied).
///
/// Every text column compares byte by byte (`COLLATE "C"`), as SQLite's do: ids sort the same on both stores
/// (the serving view walks sorted id lists), and `CHECK (source < target)` means the same thing.
/// Lists are stored `;`-joined, as in SQLite; `discoverable` is a boolean.
enum PostgresSchema {
    /// The migrations in order: version, name, statements (each run on its own; all in one transaction).
    static let migrations: [(version: Int, name: String, statements: [String])] = [
        (1, "tables", v1),
    ]

    /// The newest version this build knows.
    static var latest: Int { migrations.map(\.version).max() ?? 0 }

    static func checkedID(_ column: String) -> String {
        "length(\(column)) BETWEEN 1 AND 64 AND \(column) ~ '^[A-Za-z0-9._:-]+$'"
    }

    /// The tables as SQLite's schema has them after its migration v4 (the full-text search index, SQLite's v2,
    /// is not here yet: `textSearch` is not offered on PostgreSQL).
    static let v1: [String] = [
        // A real calendar date written YYYY-MM-DD (proleptic Gregorian, as SQLite's `date(x, '+0 days') = x`
        // checks): arithmetic only, so that a bad value is a false CHECK, never an error, and no row pays for
        // an exception block. Not STRICT, so that PostgreSQL inlines it into the CHECKs (4 times faster on an
        // import; a NULL never reaches it).
        """
        CREATE FUNCTION qmatch_is_date(value text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN value !~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' THEN false
                ELSE substr(value, 9, 2)::integer <= CASE substr(value, 6, 2)::integer
                    WHEN 2 THEN CASE WHEN (substr(value, 1, 4)::integer % 4 = 0
                                           AND substr(value, 1, 4)::integer % 100 <> 0)
                                       OR substr(value, 1, 4)::integer % 400 = 0 THEN 29 ELSE 28 END
                    WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END
                END
        $$
        """,
        """
        CREATE TABLE member (
            id text COLLATE "C" NOT NULL PRIMARY KEY CHECK (\(checkedID("id"))),
            name text COLLATE "C" NOT NULL DEFAULT '',
            role text COLLATE "C" NOT NULL DEFAULT '',
            sector text COLLATE "C" NOT NULL DEFAULT '',
            region text COLLATE "C" NOT NULL DEFAULT '',
            organisation text COLLATE "C" NOT NULL DEFAULT '',
            topics text COLLATE "C" NOT NULL DEFAULT '',
            methods text COLLATE "C" NOT NULL DEFAULT '',
            offers text COLLATE "C" NOT NULL DEFAULT '',
            needs text COLLATE "C" NOT NULL DEFAULT '',
            challenge text COLLATE "C" NOT NULL DEFAULT '',
            bio text COLLATE "C" NOT NULL DEFAULT '',
            joined text COLLATE "C" CHECK (joined IS NULL OR (length(joined) = 10 AND qmatch_is_date(joined))),
            discoverable boolean NOT NULL DEFAULT true
        )
        """,
        // Who is hidden, without reading member rows (SQLite's v4).
        "CREATE INDEX member_hidden ON member(id) WHERE NOT discoverable",
        """
        CREATE TABLE member_group (
            id text COLLATE "C" NOT NULL PRIMARY KEY CHECK (\(checkedID("id"))),
            name text COLLATE "C" NOT NULL DEFAULT '',
            kind text COLLATE "C" NOT NULL DEFAULT 'other'
                CHECK (kind IN ('sig', 'lab', 'exchange', 'event', 'programme', 'other')),
            description text COLLATE "C" NOT NULL DEFAULT '',
            keywords text COLLATE "C" NOT NULL DEFAULT ''
        )
        """,
        """
        CREATE TABLE membership (
            member_id text COLLATE "C" NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            group_id text COLLATE "C" NOT NULL REFERENCES member_group(id) ON DELETE CASCADE,
            position integer NOT NULL CHECK (position >= 0),
            PRIMARY KEY (member_id, group_id)
        )
        """,
        "CREATE INDEX membership_group ON membership(group_id)",
        """
        CREATE TABLE member_attribute (
            member_id text COLLATE "C" NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            name text COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            value text COLLATE "C" NOT NULL,
            PRIMARY KEY (member_id, name)
        )
        """,
        "CREATE INDEX member_attribute_name ON member_attribute(name)",
        """
        CREATE TABLE connection (
            source text COLLATE "C" NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            target text COLLATE "C" NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            kind text COLLATE "C" NOT NULL DEFAULT 'connection' CHECK (\(checkedID("kind"))),
            weight double precision NOT NULL DEFAULT 1 CHECK (weight > 0 AND weight < 1e300),
            created text COLLATE "C"
                CHECK (created IS NULL OR qmatch_is_date(substr(created, 1, 10))),
            PRIMARY KEY (source, target, kind),
            CHECK (source < target)
        )
        """,
        "CREATE INDEX connection_target ON connection(target)",
        """
        CREATE TABLE feedback (
            member_id text COLLATE "C" NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            other_id text COLLATE "C" NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            action text COLLATE "C" NOT NULL CHECK (action IN ('dismiss', 'connected', 'shown')),
            count integer NOT NULL DEFAULT 1 CHECK (count >= 1),
            first_at text COLLATE "C" NOT NULL,
            last_at text COLLATE "C" NOT NULL,
            PRIMARY KEY (member_id, other_id, action),
            CHECK (member_id <> other_id)
        )
        """,
        "CREATE INDEX feedback_other ON feedback(other_id)",
        """
        CREATE TABLE pairing_round (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name text COLLATE "C" NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            group_id text COLLATE "C",
            size integer NOT NULL CHECK (size IN (2, 3)),
            seed bigint NOT NULL DEFAULT 0,
            created text COLLATE "C" NOT NULL
        )
        """,
        """
        CREATE TABLE round_member (
            round_id bigint NOT NULL REFERENCES pairing_round(id) ON DELETE CASCADE,
            member_id text COLLATE "C" NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            group_number integer NOT NULL CHECK (group_number >= 1),
            weight double precision NOT NULL DEFAULT 0,
            PRIMARY KEY (round_id, member_id)
        )
        """,
        "CREATE INDEX round_member_member ON round_member(member_id)",
        """
        CREATE TABLE round_outcome (
            round_id bigint NOT NULL REFERENCES pairing_round(id) ON DELETE CASCADE,
            a text COLLATE "C" NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            b text COLLATE "C" NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            outcome text COLLATE "C" NOT NULL CHECK (outcome IN ('met', 'did-not-meet')),
            recorded text COLLATE "C" NOT NULL,
            PRIMARY KEY (round_id, a, b),
            CHECK (a < b)
        )
        """,
    ]

    /// A key for `pg_advisory_xact_lock`: two processes opening one new database migrate one after the other.
    static let migrationLock: Int64 = 0x716D_6174_6368_0001

    /// Brings the database to ``latest``: creates `schema_version` if missing, then runs each migration not yet
    /// recorded, all in one transaction.
    /// - Throws: ``ProfileError`` when the database was made by a newer qmatch, or a statement fails.
    static func migrate(_ connection: PostgresConnection, logger: Logger, displayName: String) async throws {
        try await PostgresStore.inTransaction(connection, logger: logger) {
            try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
            try await connection.query("""
                CREATE TABLE IF NOT EXISTS schema_version (
                    version integer PRIMARY KEY, name text NOT NULL, applied timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            var current = 0
            for try await version in try await connection.query(
                "SELECT coalesce(max(version), 0)::integer FROM schema_version", logger: logger).decode(Int.self) {
                current = version
            }
            guard current <= latest else {
                throw ProfileError.io("\(displayName): the database has schema version \(current), newer than this "
                    + "qmatch knows (\(latest)); use a newer qmatch")
            }
            for migration in migrations where migration.version > current {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_version(version, name) VALUES (\(migration.version), \(migration.name))",
                    logger: logger)
            }
        }
    }
}
