import Foundation
import QProfiles

/// One member's groups to join, shaped like the CLI's and the server's JSON.
public struct GroupSuggestions: Sendable, Codable {
    public struct Item: Sendable, Codable {
        public let id: String
        public let name: String
        public let kind: String
        public let members: Int
        public let score: Float
        public let reasons: [String]
    }
    public let member: MemberID
    public let groups: [Item]
}

/// Groups to join over the store (groups, connections, who is discoverable) and a serving view.
public struct GroupsForService: Sendable {
    public let store: ProfileStore
    public let view: ServingView

    public init(store: ProfileStore, view: ServingView) {
        self.store = store
        self.view = view
    }

    /// The kinds suggested when none is asked for.
    public static let defaultKinds: Set<GroupKind> = [.sig, .exchange, .lab]

    /// Groups member `id` might join, best first, with reasons.
    /// - Throws: ``ProfileError`` (not found) for an unknown or hidden member.
    public func suggestions(for id: MemberID, kinds: Set<GroupKind> = defaultKinds, limit: Int) async throws -> GroupSuggestions {
        try await suggestions(for: id, kinds: kinds, limit: limit, using: try await makeRecommender())
    }

    /// ``suggestions(for:kinds:limit:)`` with a recommender made earlier by ``makeRecommender()`` over the same
    /// view (the costly part: every group's text and every connection; a server keeps one until the next write).
    /// - Throws: ``ProfileError`` (not found) for an unknown or hidden member.
    public func suggestions(for id: MemberID, kinds: Set<GroupKind> = defaultKinds, limit: Int,
                            using recommender: GroupRecommender) async throws -> GroupSuggestions {
        _ = try await store.visibleMember(id)
        guard let row = view.row(of: id) else { throw MatchingError.notFound("no member '\(id)'") }
        let found = recommender.suggest(for: row, kinds: kinds, limit: limit)
        let known = Set(found.flatMap(\.ties)).map { view.id(of: $0) }
        let names = try await store.members(known).compactMapValues { $0.discoverable ? $0.name : nil }
        let reasons = Reasons(view: view, names: names)
        return GroupSuggestions(member: id, groups: found.map { item in
            let group = recommender.groups[item.group]
            var why = reasons.group(row, interests: item.interests, ties: item.ties.map { view.id(of: $0) }.filter { names[$0] != nil },
                                    offers: item.offers, kind: group.kind.rawValue)
            if why.isEmpty { why = [String(format: "close to its members' interests (similarity %.2f)", item.score)] }
            return GroupSuggestions.Item(id: group.id, name: group.name, kind: group.kind.rawValue,
                                         members: recommender.groupRows[item.group].count, score: item.score, reasons: why)
        })
    }

    /// The groups' recommender over this view, the store's groups and its connections between visible members.
    /// - Complexity: O(groups' text + connections).
    public func makeRecommender() async throws -> GroupRecommender {
        var ties: [Int: [Int]] = [:]
        for connection in try await store.connections() {
            guard let a = view.row(of: connection.source), let b = view.row(of: connection.target),
                  view.isVisible(a), view.isVisible(b) else { continue }
            ties[a, default: []].append(b)
            ties[b, default: []].append(a)
        }
        return GroupRecommender(view: view, groups: try await store.groups(), ties: ties)
    }
}
