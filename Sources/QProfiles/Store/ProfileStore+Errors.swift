import GRDB

/// The store's rules at its edge, and SQLite's failures in the project's words.
extension ProfileStore {
    /// The most distinct extra attribute columns (names) the store holds: an import or an update that would
    /// add more is refused, so that an export always imports back and a file cannot grow memory without bound.
    public static let maximumAttributeColumns = 64

    /// What is wrong with `value` as a member, group or kind id, or nil when it is a valid one.
    static func identifierProblem(_ value: String) -> String? {
        value.isEmpty ? "missing (expected an id)" : FieldParser.checkIdentifier(value)
    }

    /// Checks what the schema would refuse, so that the refusal is in our words and names the field.
    static func check(_ member: Member) throws {
        let subject = "member '\(member.id.prefix(64))'"
        if let problem = identifierProblem(member.id) { throw ProfileError.invalidInput("\(subject): id: \(problem)") }
        if let joined = member.joined, !DateText.isValidDate(joined) {
            throw ProfileError.invalidInput("\(subject): joined: '\(joined.prefix(40))' is not a valid date "
                + "(expected YYYY-MM-DD, a real calendar date)")
        }
        for group in member.groups {
            if let problem = identifierProblem(group) { throw ProfileError.invalidInput("\(subject): groups: \(problem)") }
        }
        for name in member.attributes.keys where name.isEmpty || name.count > 200 || Columns.member.contains(name) {
            throw ProfileError.invalidInput("\(subject): attribute '\(name.prefix(40))' is not allowed "
                + "(expected a name of 1-200 characters that is not a member field)")
        }
    }

    /// Checks a connection as the store will keep it (ids, kind, weight, date).
    static func check(_ connection: Connection) throws {
        let subject = "connection \(connection.source.prefix(64)) - \(connection.target.prefix(64))"
        for id in [connection.source, connection.target] {
            if let problem = identifierProblem(id) { throw ProfileError.invalidInput("\(subject): \(problem)") }
        }
        guard connection.source != connection.target else {
            throw ProfileError.invalidInput("\(subject): joins a member to themselves (expected two different members)")
        }
        if let problem = identifierProblem(connection.kind) {
            throw ProfileError.invalidInput("\(subject): kind: \(problem)")
        }
        if let problem = Connection.weightProblem(connection.weight) {
            throw ProfileError.invalidInput("\(subject): weight: \(problem)")
        }
        if let created = connection.created, !DateText.isValidDate(created), !DateText.isValidDateTime(created) {
            throw ProfileError.invalidInput("\(subject): created: '\(created.prefix(40))' is not a valid date "
                + "(expected YYYY-MM-DD or an ISO 8601 date-time)")
        }
    }

    /// Refuses a change that would take the store past ``maximumAttributeColumns`` distinct attribute names.
    static func checkAttributeColumns(_ db: Database, adding names: some Collection<String>,
                                      where subject: @autoclosure () -> String) throws {
        guard !names.isEmpty else { return }
        try checkAttributeColumns(existing: Set(try attributeNames(db)), adding: names, where: subject())
    }

    /// As ``checkAttributeColumns(_:adding:where:)`` against the `existing` attribute names.
    static func checkAttributeColumns(existing: Set<String>, adding names: some Collection<String>,
                                      where subject: @autoclosure () -> String) throws {
        guard !names.isEmpty else { return }
        let added = Set(names).subtracting(existing)
        guard existing.count + added.count > maximumAttributeColumns else { return }
        let example = added.sorted().first.map { " (such as '\($0.prefix(40))')" } ?? ""
        throw ProfileError.invalidInput("\(subject()): would add \(added.count) new extra column\(added.count == 1 ? "" : "s")"
            + "\(example) to the \(existing.count) the store holds (expected at most \(maximumAttributeColumns) "
            + "extra member columns in all)")
    }

    static func attributeNames(_ db: Database) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT name FROM member_attribute ORDER BY name")
    }

    /// A database failure in the project's words. Busy, locked, full and I/O failures are
    /// ``ProfileError/isUnavailable`` (worth retrying); a refused change is invalid input that names no
    /// table or column of the schema; a damaged file says so. Messages carry no data from the rows.
    static func translated(_ error: DatabaseError) -> ProfileError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .unavailable("the database is busy (another writer holds it); try again in a moment")
        case .SQLITE_FULL:
            return .unavailable("the disk holding the database is full; the change was not made")
        case .SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_NOMEM, .SQLITE_PROTOCOL, .SQLITE_READONLY, .SQLITE_NOLFS:
            return .unavailable("the database cannot be read or written now (SQLite code "
                + "\(error.extendedResultCode.rawValue)); the change was not made")
        case .SQLITE_CONSTRAINT:
            let refusal: Refusal = switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_FOREIGNKEY: .foreignKey
            case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE: .unique
            case .SQLITE_CONSTRAINT_NOTNULL: .notNull
            default: .check
            }
            return refused(refusal)
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return .io("the database file is damaged (SQLite code \(error.extendedResultCode.rawValue)); "
                + "restore it from a backup or an export")
        default:
            return .io("database failure (SQLite code \(error.extendedResultCode.rawValue))")
        }
    }

    /// The rule of the schema that refused a change.
    package enum Refusal: Sendable { case foreignKey, unique, notNull, check }

    /// A change the schema refused, in the project's words, the same for either store: no table or column
    /// of the schema, no data from the rows.
    package static func refused(_ refusal: Refusal) -> ProfileError {
        let words = switch refusal {
        case .foreignKey:
            "it refers to a member or group that does not exist (expected existing ids)"
        case .unique:
            "a row with the same id already exists (expected each id once)"
        case .notNull:
            "a required value is missing"
        case .check:
            "a value is outside what the store accepts (expected ids of 1-64 characters of A-Z a-z 0-9 . _ : -, "
                + "real calendar dates, weights from 0.000001 to 1000000, a member other than themselves)"
        }
        return .invalidInput("refused by the store: " + words)
    }
}

extension Connection {
    /// The weights a connection may have. The graph keeps weights as `Float` and adds up the weights of a
    /// pair's connections of several kinds (scaled by kind weights of a few units); bounding each weight to
    /// this range keeps every weight and every such sum finite and positive as a `Float`, with room to spare
    /// (Float's largest finite value is about 3.4e38; its smallest normal one about 1.2e-38).
    public static let weightLimits: ClosedRange<Double> = 1e-6...1e6

    static let weightLimitsText = "a finite number greater than 0, from 0.000001 to 1000000"

    /// What is wrong with `weight` as a connection's weight, or nil when it is acceptable. The one rule for
    /// import files, request bodies and the store API.
    public static func weightProblem(_ weight: Double) -> String? {
        guard weight.isFinite, weightLimits.contains(weight) else {
            return "\(TableWriter.format(weight)) is not allowed (expected \(weightLimitsText))"
        }
        return nil
    }
}
