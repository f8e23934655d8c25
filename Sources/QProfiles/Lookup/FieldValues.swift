import GRDB

/// The values the discoverable members' categorical fields take (region, nation, sector, role and the extra
/// attribute columns) and the groups, for checking filters and quotas where they enter (CLI options, query
/// parameters): an unknown value is an error that lists the valid ones, never a silent empty answer.
///
/// A value may be typed as stored (`patient-leader`, `social-care`, `North West`) or as the output shows it
/// (`patient leader`, `Social Care`, `north-west`): case is ignored, and spaces, hyphens and underscores are
/// alike. Resolving gives the stored form, which the index matches.
public struct FieldValues: Sendable {
    /// The fields every member has.
    public static let memberFields = ["region", "nation", "sector", "role"]

    /// Field (lower-cased) → its distinct non-empty values among discoverable members, sorted.
    public let values: [String: [String]]
    /// Every group, in id order.
    public let groups: [Group]

    public init(values: [String: [String]], groups: [Group]) {
        self.values = values
        self.groups = groups
    }

    /// The fields a quota may name: ``memberFields``, then the extra attribute columns in name order.
    public var fields: [String] {
        Self.memberFields + values.keys.filter { !Self.memberFields.contains($0) }.sorted()
    }

    /// The field as the index names it (lower-cased).
    /// - Throws: ``ProfileError`` (invalid input) `no field 'X' (… valid: region, nation, …)`.
    public func field(_ text: String) throws -> String {
        let wanted = Self.key(text)
        if let field = fields.first(where: { Self.key($0) == wanted }) { return field }
        throw ProfileError.invalidInput(NotFoundMessage.text(
            "field", text, suggestions: NearestNames.nearest(to: text, in: fields), valid: fields))
    }

    /// The stored form of `text` as a value of `field` (one of ``fields``).
    /// - Throws: ``ProfileError`` (invalid input) `no FIELD 'X' (did you mean …? valid: …)`.
    public func value(_ text: String, of field: String) throws -> String {
        let known = values[field] ?? []
        let wanted = Self.key(text)
        if let value = known.first(where: { Self.key($0) == wanted }) { return value }
        throw ProfileError.invalidInput(NotFoundMessage.text(
            field, text, suggestions: NearestNames.nearest(to: text, in: known), valid: known))
    }

    /// The id of the group typed as its id or its name (any case).
    /// - Throws: ``ProfileError`` (invalid input) `no group 'X' (did you mean …? valid: …)`.
    public func group(_ text: String) throws -> String {
        if let group = groups.first(where: { $0.id == text }) { return group.id }
        let wanted = Self.key(text)
        if let group = groups.first(where: { Self.key($0.id) == wanted || Self.key($0.name) == wanted }) {
            return group.id
        }
        let suggestions = ProfileStore.nearestGroups(to: text, in: groups)
        throw ProfileError.invalidInput(NotFoundMessage.text("group", text, suggestions: suggestions,
                                                             valid: suggestions.isEmpty ? groups.map(\.id) : nil))
    }

    /// `text` lower-cased, with hyphens, underscores and runs of white space as one space, trimmed.
    public static func key(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" || $0.isWhitespace }).joined(separator: " ")
    }
}

extension ProfileStore {
    /// The values of the discoverable members' categorical fields, and the groups.
    /// - Complexity: O(members + attribute rows + groups); three queries.
    public func fieldValues() async throws -> FieldValues {
        if let backend {
            let (fields, attributes) = try await backend.fieldValueRows()
            return Self.fieldValues(fields: fields, attributes: attributes, groups: try await backend.groups())
        }
        return try await read { db in
            let fields = try Row.fetchAll(db, sql: """
                SELECT DISTINCT m.region, m.sector, m.role, coalesce(a.value, '') FROM member m
                LEFT JOIN member_attribute a ON a.member_id = m.id AND a.name = 'nation' WHERE m.discoverable = 1
                """).map { ($0[0] as String, $0[1] as String, $0[2] as String, $0[3] as String) }
            let attributes = try Row.fetchAll(db, sql: """
                SELECT DISTINCT a.name, a.value FROM member_attribute a JOIN member m ON m.id = a.member_id
                WHERE m.discoverable = 1 AND a.name <> 'nation'
                """).map { ($0[0] as String, $0[1] as String) }
            return Self.fieldValues(fields: fields, attributes: attributes, groups: try Self.groups(db))
        }
    }

    /// Field values from the rows either store reads: (region, sector, role, nation attribute or "") and
    /// (attribute name, value), of discoverable members.
    static func fieldValues(fields: [(String, String, String, String)], attributes: [(String, String)],
                            groups: [Group]) -> FieldValues {
        var values: [String: Set<String>] = [:]
        for (region, sector, role, nation) in fields {
            values["region", default: []].insert(region)
            values["sector", default: []].insert(sector)
            values["role", default: []].insert(role)
            values["nation", default: []].insert(nation.isEmpty ? Geography.nation(ofRegion: region) : nation)
        }
        for (name, value) in attributes {
            values[name.lowercased(), default: []].insert(value)
        }
        return FieldValues(values: values.mapValues { $0.subtracting([""]).sorted() }, groups: groups)
    }
}
