/// The database schema. Lists are stored `;`-joined (their items never contain `;`).
enum Schema {

    static func checkedID(_ column: String) -> String {
        "length(\(column)) BETWEEN 1 AND 64 AND \(column) NOT GLOB '*[^A-Za-z0-9._:-]*'"
    }

    static let v1 = """
        CREATE TABLE member (
            id TEXT NOT NULL PRIMARY KEY CHECK (\(checkedID("id"))),
            name TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT '',
            sector TEXT NOT NULL DEFAULT '',
            region TEXT NOT NULL DEFAULT '',
            organisation TEXT NOT NULL DEFAULT '',
            topics TEXT NOT NULL DEFAULT '',
            methods TEXT NOT NULL DEFAULT '',
            offers TEXT NOT NULL DEFAULT '',
            needs TEXT NOT NULL DEFAULT '',
            challenge TEXT NOT NULL DEFAULT '',
            bio TEXT NOT NULL DEFAULT '',
            joined TEXT CHECK (joined IS NULL OR (length(joined) = 10 AND date(joined, '+0 days') = joined)),
            discoverable INTEGER NOT NULL DEFAULT 1 CHECK (discoverable IN (0, 1))
        );
        CREATE TABLE member_group (
            id TEXT NOT NULL PRIMARY KEY CHECK (\(checkedID("id"))),
            name TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'other' CHECK (kind IN ('sig', 'lab', 'exchange', 'event', 'other')),
            description TEXT NOT NULL DEFAULT '',
            keywords TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE membership (
            member_id TEXT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            group_id TEXT NOT NULL REFERENCES member_group(id) ON DELETE CASCADE,
            position INTEGER NOT NULL CHECK (position >= 0),
            PRIMARY KEY (member_id, group_id)
        ) WITHOUT ROWID;
        CREATE INDEX membership_group ON membership(group_id);
        CREATE TABLE member_attribute (
            member_id TEXT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            value TEXT NOT NULL,
            PRIMARY KEY (member_id, name)
        ) WITHOUT ROWID;
        CREATE TABLE connection (
            source TEXT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            target TEXT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'connection' CHECK (\(checkedID("kind"))),
            weight REAL NOT NULL DEFAULT 1 CHECK (weight > 0 AND weight < 1e300),
            created TEXT CHECK (created IS NULL OR date(substr(created, 1, 10), '+0 days') = substr(created, 1, 10)),
            PRIMARY KEY (source, target, kind),
            CHECK (source < target)
        ) WITHOUT ROWID;
        CREATE INDEX connection_target ON connection(target);
        CREATE TABLE feedback (
            member_id TEXT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            other_id TEXT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            action TEXT NOT NULL CHECK (action IN ('dismiss', 'connected', 'shown')),
            count INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
            first_at TEXT NOT NULL,
            last_at TEXT NOT NULL,
            PRIMARY KEY (member_id, other_id, action),
            CHECK (member_id <> other_id)
        ) WITHOUT ROWID;
        CREATE INDEX feedback_other ON feedback(other_id);
        """

    /// The full-text index of the members others may see (name, topics, methods, challenge, bio), kept by
    /// triggers so that every write path (upsert, import, erasure, a change of visibility, plain SQL) keeps it
    /// current; hidden and erased members are never in it. Ranked by BM25 with column weights that favour the
    /// name (10), topics and challenge (6) over methods (3) and the bio (1). Its rowid is the member's rowid (qmatch never runs
    /// VACUUM, which could renumber them; a migration that does must rebuild this index). An update that
    /// changes none of the indexed fields leaves it alone. Also an index on attribute names, for the cap on
    /// extra columns.
    static let v2 = """
        CREATE VIRTUAL TABLE member_search USING fts5(
            id UNINDEXED, name, topics, methods, challenge, bio,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO member_search(member_search, rank) VALUES ('rank', 'bm25(0, 10, 6, 3, 6, 1)');
        INSERT INTO member_search(rowid, id, name, topics, methods, challenge, bio)
            SELECT rowid, id, name, topics, methods, challenge, bio FROM member WHERE discoverable = 1;
        CREATE TRIGGER member_search_insert AFTER INSERT ON member WHEN new.discoverable = 1 BEGIN
            INSERT INTO member_search(rowid, id, name, topics, methods, challenge, bio)
                VALUES (new.rowid, new.id, new.name, new.topics, new.methods, new.challenge, new.bio);
        END;
        CREATE TRIGGER member_search_delete AFTER DELETE ON member BEGIN
            DELETE FROM member_search WHERE rowid = old.rowid;
        END;
        CREATE TRIGGER member_search_update AFTER UPDATE ON member
            WHEN old.discoverable IS NOT new.discoverable OR old.name IS NOT new.name OR old.topics IS NOT new.topics
                OR old.methods IS NOT new.methods OR old.challenge IS NOT new.challenge OR old.bio IS NOT new.bio
                OR old.rowid IS NOT new.rowid BEGIN
            DELETE FROM member_search WHERE rowid = old.rowid;
            INSERT INTO member_search(rowid, id, name, topics, methods, challenge, bio)
                SELECT new.rowid, new.id, new.name, new.topics, new.methods, new.challenge, new.bio
                WHERE new.discoverable = 1;
        END;
        CREATE INDEX member_attribute_name ON member_attribute(name);
        """

    /// Programmes: a group kind `programme` (opt-in lists such as coffee rounds; the kind's CHECK is widened by
    /// rebuilding the table, as SQLite cannot alter a CHECK), and pairing rounds: each round's groups, one row
    /// per participant, and what each pair said afterwards. Erasing a member cascades out of every round.
    static let v3 = """
        CREATE TABLE member_group_v3 (
            id TEXT NOT NULL PRIMARY KEY CHECK (\(checkedID("id"))),
            name TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'other'
                CHECK (kind IN ('sig', 'lab', 'exchange', 'event', 'programme', 'other')),
            description TEXT NOT NULL DEFAULT '',
            keywords TEXT NOT NULL DEFAULT ''
        );
        INSERT INTO member_group_v3 SELECT id, name, kind, description, keywords FROM member_group;
        DROP TABLE member_group;
        ALTER TABLE member_group_v3 RENAME TO member_group;
        CREATE TABLE pairing_round (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            group_id TEXT,
            size INTEGER NOT NULL CHECK (size IN (2, 3)),
            seed INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        );
        CREATE TABLE round_member (
            round_id INTEGER NOT NULL REFERENCES pairing_round(id) ON DELETE CASCADE,
            member_id TEXT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            group_number INTEGER NOT NULL CHECK (group_number >= 1),
            weight REAL NOT NULL DEFAULT 0,
            PRIMARY KEY (round_id, member_id)
        ) WITHOUT ROWID;
        CREATE INDEX round_member_member ON round_member(member_id);
        CREATE TABLE round_outcome (
            round_id INTEGER NOT NULL REFERENCES pairing_round(id) ON DELETE CASCADE,
            a TEXT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            b TEXT NOT NULL REFERENCES member(id) ON DELETE CASCADE,
            outcome TEXT NOT NULL CHECK (outcome IN ('met', 'did-not-meet')),
            recorded TEXT NOT NULL,
            PRIMARY KEY (round_id, a, b),
            CHECK (a < b)
        ) WITHOUT ROWID;
        """

    /// Who is hidden, without reading member rows: a partial index holding only the members who are not
    /// discoverable (few), so that the serving view's visibility is the id index (every member, in byte order)
    /// less this one, instead of a scan of every member row (gigabytes at a million members).
    static let v4 = """
        CREATE INDEX member_hidden ON member(id) WHERE discoverable = 0;
        """
}
