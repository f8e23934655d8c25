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
}
