import GRDB

/// Looking members and groups up by id where a person typed it, with the one not-found wording
/// (``NotFoundMessage``) and suggestions that name discoverable members only.
extension ProfileStore {
    /// The member `id` as another member may see them.
    /// - Throws: ``ProfileError`` (not found) `no member 'ID' (did you mean …?)`, the same for a member who is
    ///   not discoverable as for an unknown id.
    public func visibleMember(_ id: MemberID) async throws -> Member {
        guard let member = try await member(id), member.discoverable else { throw try await memberNotFound(id) }
        return member
    }

    /// The member `id`, discoverable or not (for a member asking about themselves: their suggestions, their
    /// feedback).
    /// - Throws: ``ProfileError`` (not found) worded as ``visibleMember(_:)``'s.
    public func existingMember(_ id: MemberID) async throws -> Member {
        guard let member = try await member(id) else { throw try await memberNotFound(id) }
        return member
    }

    /// The group `id`.
    /// - Throws: ``ProfileError`` (not found) `no group 'ID' (did you mean …?)`.
    public func group(_ id: String) async throws -> Group {
        let groups = try await groups()
        guard let group = groups.first(where: { $0.id == id }) else {
            throw ProfileError.notFound(NotFoundMessage.text("group", id, suggestions: Self.nearestGroups(to: id, in: groups)))
        }
        return group
    }

    /// The error for a member id that is unknown or not discoverable, with ``memberSuggestions(for:)``.
    public func memberNotFound(_ id: MemberID) async throws -> ProfileError {
        ProfileError.notFound(NotFoundMessage.text("member", id, suggestions: try await memberSuggestions(for: id)))
    }

    /// Up to 3 discoverable members for a mistyped id: the nearest ids, or, when none is near, the members
    /// whose names are nearest (as `ID (NAME)`). Never a member who is not discoverable.
    /// - Complexity: O(discoverable members × |text|²).
    public func memberSuggestions(for text: String) async throws -> [String] {
        let names = try await discoverableNames()
        let byID = NearestNames.nearest(to: text, in: names.keys)
        guard byID.isEmpty else { return byID }
        var idsByName: [String: [MemberID]] = [:]
        for (member, name) in names where !name.isEmpty { idsByName[name, default: []].append(member) }
        let byName = NearestNames.nearest(to: text, in: idsByName.keys).flatMap { name in
            idsByName[name, default: []].sorted().map { "\($0) (\(name))" }
        }
        return Array(byName.prefix(3))
    }

    /// Up to 3 group ids for a mistyped one: the nearest ids, or else the groups whose names are nearest.
    public func groupSuggestions(for text: String) async throws -> [String] {
        Self.nearestGroups(to: text, in: try await groups())
    }

    static func nearestGroups(to text: String, in groups: [Group]) -> [String] {
        let byID = NearestNames.nearest(to: text, in: groups.map(\.id))
        guard byID.isEmpty else { return byID }
        let names = Dictionary(groups.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        return NearestNames.nearest(to: text, in: names.keys).compactMap { names[$0] }
    }

    /// How many discoverable members each group has, by group id (groups without any are absent).
    public func discoverableGroupSizes() async throws -> [String: Int] {
        if let backend { return try await backend.discoverableGroupSizes() }
        return try await read { db in
            var sizes: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT s.group_id, count(*) FROM membership s JOIN member m ON m.id = s.member_id
                WHERE m.discoverable = 1 GROUP BY s.group_id
                """) {
                sizes[row[0]] = row[1]
            }
            return sizes
        }
    }
}
