import Foundation
import QGraph
import QMatching
import QProfiles

/// The communities found in the connection graph (Louvain), the largest first, each with its size, top
/// topics and nations, its members and its bridging members, and the ties between them: what the community
/// map draws and what a click on one of its circles lists.
///
/// Only members who may be shown now are counted, listed or named; a community with fewer than two is left out.
public struct CommunityMap: Sendable {
    public struct Community: Sendable, Hashable {
        /// 1-based, in order of size: the number a page asks for.
        public let number: Int
        /// Members who may be shown now.
        public let size: Int
        public let topics: [String]
        public let nations: [String]
        /// Member ids, in id order.
        public let members: [MemberID]
        /// Members whose ties reach the most other communities, most first.
        public let bridging: [MemberID]

        /// "falls prevention, frailty · England, Wales".
        public var label: String {
            let topicText = topics.prefix(2).joined(separator: ", ")
            let nationText = nations.prefix(2).joined(separator: ", ")
            return [topicText, nationText].filter { !$0.isEmpty }.joined(separator: " · ")
        }
    }

    public struct Tie: Sendable, Hashable {
        /// Indices into ``communities``.
        public let a: Int, b: Int
        /// Connected pairs between the two.
        public let count: Int
    }

    public let communities: [Community]
    public let ties: [Tie]
    /// Communities found in all (the map shows the largest).
    public let found: Int
    public let modularity: Double

    public init(communities: [Community], ties: [Tie], found: Int, modularity: Double) {
        self.communities = communities
        self.ties = ties
        self.found = found
        self.modularity = modularity
    }

    /// The map of the view's connection graph: the `limit` largest communities.
    /// - Throws: ``GraphError`` should community detection refuse its options (it does not with these).
    /// - Complexity: community detection (`restarts` Louvain runs) plus O(nodes + edges).
    public static func make(view: ServingView, limit: Int = 20, restarts: Int = 2,
                            seed: UInt64 = 42) throws -> CommunityMap {
        try make(view: view, communities: communities(of: view, restarts: restarts, seed: seed), limit: limit)
    }

    /// The communities of the view's snapshot graph (the costly part: keep it for the snapshot's life).
    /// - Throws: ``GraphError`` should community detection refuse its options (it does not with these).
    public static func communities(of view: ServingView, restarts: Int = 2, seed: UInt64 = 42) throws -> Communities {
        try view.graph.communities(options: CommunityOptions(seed: seed, restarts: restarts, threads: 1))
    }

    /// The map of `found` (communities of the view's snapshot graph) as the view shows members now.
    /// - Throws: ``GraphError`` when `found` belongs to another graph.
    /// - Complexity: O(nodes + edges + shown members' topics).
    public static func make(view: ServingView, communities found: Communities, limit: Int = 20) throws -> CommunityMap {
        let graph = view.graph
        let visibleNodes = view.visibleNodes
        let bridging = try graph.bridging(labels: found.labels)
        var sizes = [Int](repeating: 0, count: found.count)
        for node in 0..<graph.nodeCount where visibleNodes[node] { sizes[Int(found.labels[node])] += 1 }
        // A member with no ties is a community of one: not a community to draw.
        let largest = (0..<found.count).filter { sizes[$0] > 1 }
            .sorted { (sizes[$0], -$0) > (sizes[$1], -$1) }.prefix(limit)
        var slot = [Int](repeating: -1, count: found.count)
        for (position, label) in largest.enumerated() { slot[label] = position }
        var members = [[Int]](repeating: [], count: largest.count)
        for node in 0..<graph.nodeCount where visibleNodes[node] {
            let position = slot[Int(found.labels[node])]
            if position >= 0 { members[position].append(node) }
        }
        var tieCounts: [Int: Int] = [:]
        for node in 0..<graph.nodeCount {
            let a = slot[Int(found.labels[node])]
            guard a >= 0 else { continue }
            for neighbour in graph.neighbours(of: node) where Int(neighbour) > node {
                let b = slot[Int(found.labels[Int(neighbour)])]
                guard b >= 0, b != a else { continue }
                tieCounts[min(a, b) * largest.count + max(a, b), default: 0] += 1
            }
        }
        // Topics that mark a community out: frequent in it and rarer elsewhere (count × log of inverse share).
        var overall: [Int32: Int] = [:]
        var shownMembers = 0
        for nodes in members {
            shownMembers += nodes.count
            for node in nodes { for code in view.interests(view.row(ofNode: node)) { overall[code, default: 0] += 1 } }
        }
        let communities = members.enumerated().map { position, nodes -> Community in
            let rows = nodes.map { view.row(ofNode: $0) }
            var topicCounts: [Int32: Int] = [:], nations: [String: Int] = [:]
            for row in rows {
                for code in view.interests(row) { topicCounts[code, default: 0] += 1 }
                if let nation = view.categoryValue(view.nation(row)) { nations[nation, default: 0] += 1 }
            }
            var topics: [String: Double] = [:]
            for (code, count) in topicCounts where count >= 2 {
                let topic = view.codes.topics[Int(code)]
                guard !topic.hasPrefix("method:") else { continue }
                topics[topic] = Double(count) * log(Double(shownMembers) / Double(overall[code] ?? 1))
            }
            let bridges = nodes.filter { bridging[$0].outside > 0 }
                .sorted { (bridging[$0].outside, bridging[$0].outsideShare, -$0)
                    > (bridging[$1].outside, bridging[$1].outsideShare, -$1) }
                .prefix(8).map { view.id(of: view.row(ofNode: $0)) }
            return Community(number: position + 1, size: nodes.count,
                             topics: topics.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map(\.key),
                             nations: Self.top(nations, 3).map(Self.titled), members: rows.map { view.id(of: $0) }.sorted(),
                             bridging: Array(bridges))
        }
        let ties = tieCounts.map { key, count in Tie(a: key / largest.count, b: key % largest.count, count: count) }
            .sorted { ($0.a, $0.b) < ($1.a, $1.b) }
        return CommunityMap(communities: communities, ties: ties, found: found.count, modularity: found.modularity)
    }

    static func top(_ counts: [String: Int], _ k: Int) -> [String] {
        counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(k).map(\.key)
    }

    /// `northern ireland` → `Northern Ireland`.
    static func titled(_ text: String) -> String {
        text.split(separator: " ").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }
}
