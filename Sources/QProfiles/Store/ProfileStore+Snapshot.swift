import GRDB

/// Everything the store holds, as read in one transaction: no write made meanwhile shows in one part and not
/// in another (a connection to a member the members do not include, a membership of a missing group).
public struct CommunitySnapshot: Sendable {
    /// In id order, with their groups and attributes.
    public var members: [Member]
    /// In id order.
    public var groups: [Group]
    /// Ordered by source, target and kind; both ends are in `members`.
    public var connections: [Connection]
    /// Ordered by member, other and action; both members are in `members`.
    public var feedback: [FeedbackRecord]

    package init(members: [Member], groups: [Group], connections: [Connection], feedback: [FeedbackRecord]) {
        self.members = members
        self.groups = groups
        self.connections = connections
        self.feedback = feedback
    }
}

extension ProfileStore {
    /// Members, groups, connections and feedback, all read in one read transaction (one snapshot), for a
    /// build of the index or anything else that must see the store at one moment.
    /// - Complexity: O(rows) time and memory.
    public func snapshot() async throws -> CommunitySnapshot {
        if let backend { return try await backend.snapshot() }
        return try await read { db in
            CommunitySnapshot(members: try Self.members(db, where: "1", arguments: []), groups: try Self.groups(db),
                              connections: try Self.connections(db), feedback: try Self.feedback(db))
        }
    }
}
