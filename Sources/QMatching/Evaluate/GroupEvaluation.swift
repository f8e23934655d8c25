import Foundation
import QLinearAlgebra
import QProfiles

/// Offline evaluation of "groups to join": hide a share of the memberships of special interest groups, Q
/// Exchange projects and Lab cohorts (seeded), build the index from the rest (so neither the interest vectors
/// nor the graph know the hidden memberships), suggest groups for every member with a hidden one, and score
/// the hidden ones: NDCG, recall and hit rate at k, for the blend and the popularity and content-only baselines.
public enum GroupEvaluation {
    public struct Row: Sendable, Codable, Hashable {
        public let method: String
        public let ndcg: Double
        public let recall: Double
        public let hitRate: Double
    }

    public struct Report: Sendable, Codable {
        public let fraction: Double
        public let hiddenMemberships: Int
        public let members: Int
        public let k: Int
        public let rows: [Row]
    }

    /// - Throws: ``MatchingError`` (invalid input) when no membership can be hidden.
    public static func run(members: [Member], groups: [Group], connections: [Connection], fraction: Double = 0.2,
                           seed: UInt64 = 1, k: Int = 10, dimension: Int = 256) throws -> Report {
        let kinds = GroupsForService.defaultKinds
        let eligible = Set(groups.filter { kinds.contains($0.kind) }.map(\.id))
        var memberships: [(member: Int, group: String)] = []
        for (i, member) in members.enumerated() where member.discoverable {
            for group in member.groups where eligible.contains(group) { memberships.append((i, group)) }
        }
        var rng = SeededGenerator(seed: seed, stream: 0x6409, index: 0)
        var order = Array(memberships.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let hiddenCount = Int((Double(memberships.count) * fraction).rounded())
        guard hiddenCount > 0 else {
            throw MatchingError.invalidInput("no memberships of sig, exchange or lab groups to hide")
        }
        var hidden: [Int: Set<String>] = [:]
        for index in order.prefix(hiddenCount) { hidden[memberships[index].member, default: []].insert(memberships[index].group) }
        var reduced = members
        for (i, groupsHidden) in hidden { reduced[i].groups.removeAll { groupsHidden.contains($0) } }
        let index = try MatchingIndex.build(members: reduced, connections: connections, dimension: dimension, fitBlend: false)
        let view = ServingView(index: index)
        var ties: [Int: [Int]] = [:]
        for connection in connections {
            guard let a = view.row(of: connection.source), let b = view.row(of: connection.target) else { continue }
            ties[a, default: []].append(b)
            ties[b, default: []].append(a)
        }
        let recommender = GroupRecommender(view: view, groups: groups, ties: ties)
        let queries = hidden.keys.sorted().compactMap { i in view.row(of: members[i].id).map { (row: $0, wanted: hidden[i]!) } }
        var rows: [Row] = []
        for method in GroupRecommender.Method.allCases {
            var ndcg = 0.0, recall = 0.0, hits = 0.0
            for query in queries {
                let list = recommender.suggest(for: query.row, kinds: kinds, limit: k, method: method).map { groups[$0.group].id }
                var dcg = 0.0, found = 0
                for (position, id) in list.enumerated() where query.wanted.contains(id) {
                    dcg += 1 / log2(Double(position + 2))
                    found += 1
                }
                let ideal = (0..<min(query.wanted.count, k)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
                ndcg += ideal > 0 ? dcg / ideal : 0
                recall += Double(found) / Double(query.wanted.count)
                hits += found > 0 ? 1 : 0
            }
            let count = Double(max(1, queries.count))
            rows.append(Row(method: method == .blend ? "groups-for" : method.rawValue, ndcg: ndcg / count,
                            recall: recall / count, hitRate: hits / count))
        }
        return Report(fraction: fraction, hiddenMemberships: hiddenCount, members: queries.count, k: k, rows: rows)
    }
}
