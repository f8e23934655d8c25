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
        self.init(source, target, kind: kind, weight: try parser.positiveNumber("weight", default: 1),
                  created: try parser.dateOrDateTime("created"))
    }
}
