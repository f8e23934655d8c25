extension Member {
    /// Validates one row of a members file.
    /// - Throws: ``ProfileError`` naming the file, line and column of the first problem.
    init(_ parser: FieldParser, extraColumns: [String]) throws {
        let id = try parser.identifier("id")
        var attributes: [String: String] = [:]
        for column in extraColumns {
            let value = try parser.text(column)
            if !value.isEmpty { attributes[column] = value }
        }
        let groups = try parser.list("groups")
        for group in groups {
            if let problem = FieldParser.checkIdentifier(group) { throw parser.fail("groups", problem) }
        }
        self.init(
            id: id, name: try parser.text("name"), role: try parser.text("role"), sector: try parser.text("sector"),
            region: try parser.text("region"), organisation: try parser.text("organisation"),
            topics: try parser.list("topics"), methods: try parser.list("methods"), offers: try parser.list("offers"),
            needs: try parser.list("needs"), groups: groups,
            challenge: try parser.text("challenge", freeText: true), bio: try parser.text("bio", freeText: true),
            joined: try parser.date("joined"), discoverable: try parser.boolean("discoverable", default: true),
            attributes: attributes
        )
    }
}

extension Group {
    /// Validates one row of a groups file.
    /// - Throws: ``ProfileError`` naming the file, line and column of the first problem.
    init(_ parser: FieldParser) throws {
        let id = try parser.identifier("id")
        let kindText = try parser.text("kind").lowercased()
        let kind: GroupKind
        if kindText.isEmpty {
            kind = .other
        } else if let known = GroupKind(rawValue: kindText) {
            kind = known
        } else {
            throw parser.fail("kind", "'\(kindText.prefix(40))' is not a group kind "
                + "(expected one of \(GroupKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.init(id: id, name: try parser.text("name"), kind: kind,
                  description: try parser.text("description", freeText: true), keywords: try parser.list("keywords"))
    }
}

extension Connection {
    /// Validates one row of a connections file (not yet that its members exist).
    /// - Throws: ``ProfileError`` naming the file, line and column of the first problem.
    init(_ parser: FieldParser) throws {
        let source = try parser.identifier("source")
        let target = try parser.identifier("target")
        guard source != target else {
            throw parser.fail("target", "'\(target)' is the source itself (expected two different members)")
        }
        var kind = try parser.text("kind")
        if kind.isEmpty { kind = "connection" }
        if let problem = FieldParser.checkIdentifier(kind) { throw parser.fail("kind", problem) }
        self.init(source, target, kind: kind, weight: try parser.weight("weight"),
                  created: try parser.dateOrDateTime("created"))
    }
}

extension FeedbackRecord {
    /// Validates one row of a feedback file (not yet that its members exist).
    /// - Throws: ``ProfileError`` naming the file, line and column of the first problem.
    init(_ parser: FieldParser) throws {
        let member = try parser.identifier("member")
        let other = try parser.identifier("other")
        guard member != other else {
            throw parser.fail("other", "'\(other)' is the member itself (expected another member)")
        }
        let actionText = try parser.text("action").lowercased()
        guard let action = FeedbackAction(rawValue: actionText) else {
            throw parser.fail("action", "'\(actionText.prefix(40))' is not an action (expected one of "
                + FeedbackAction.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let count = parser.isBlank("count") ? 1 : try parser.count("count")
        var stamps: [String] = []
        for column in ["first_at", "last_at"] {
            let value = try parser.text(column)
            guard DateText.isValidDate(value) || DateText.isValidDateTime(value) else {
                throw parser.fail(column, value.isEmpty ? "missing (expected an ISO 8601 date-time such as "
                    + "2024-05-01T09:30:00Z)" : "'\(value.prefix(40))' is not a valid date-time (expected an ISO 8601 "
                    + "date-time such as 2024-05-01T09:30:00Z)")
            }
            stamps.append(value)
        }
        guard !DateText.isEarlier(stamps[1], than: stamps[0]) else {
            throw parser.fail("last_at", "'\(stamps[1])' is before first_at '\(stamps[0])' (expected the last time "
                + "at or after the first)")
        }
        self.init(member: member, other: other, action: action, count: count, firstAt: stamps[0], lastAt: stamps[1])
    }
}
