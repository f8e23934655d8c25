import QLinearAlgebra
import Foundation
import QGraph
import QProfiles

/// Builds the member graph from the store: weighted connections plus a projection of shared groups.
///
/// - Connections: each row adds `kindWeights[kind] (or otherKindWeight) × row weight`; rows of several kinds
///   between one pair add up.
/// - Groups: two members who share a group of `size` members are tied with weight
///   `groupWeight / log2(1 + size)` (shared groups add up), so big groups count less. A group larger than
///   `cliqueLimit` would add `size²/2` ties, so instead its members are put in a seeded random ring and each
///   is tied to the `sampledTies` nearest on it (`size × sampledTies / 2` ties): a 2,000-member group adds
///   10,000 ties at the defaults, not 2 million.
///
/// Nodes are the members in id order; members who are not discoverable are nodes, flagged in the result.
public struct GraphBuilder: Sendable {
    /// The weight of a connection of each kind (before the row's own weight).
    public var kindWeights: [String: Double] = [
        "connection": 1, "collaboration": 2, "message": 0.5, "event": 0.5, "comment": 0.3,
    ]
    /// The weight of a connection of any kind not in `kindWeights`.
    public var otherKindWeight: Double = 0.5
    /// The scale of a shared-group tie: `groupWeight / log2(1 + size)`; 0 leaves groups out.
    public var groupWeight: Double = 0.5
    /// The largest group whose members are all tied pairwise.
    public var cliqueLimit: Int = 50
    /// In a larger group, the ties of each member (rounded down to even).
    public var sampledTies: Int = 10
    /// Seeds the rings of large groups.
    public var seed: UInt64 = 1

    public init() {}

    /// What the builder needs to know about one member.
    public struct MemberFacts: Sendable, Hashable {
        public var id: MemberID
        public var discoverable: Bool
        public var groups: [String]
        public var nation: String
        public var sector: String

        public init(id: MemberID, discoverable: Bool = true, groups: [String] = [], nation: String = "",
                    sector: String = "") {
            self.id = id
            self.discoverable = discoverable
            self.groups = groups
            self.nation = nation
            self.sector = sector
        }
    }

    /// Reads members and connections from the store and builds the graph.
    /// - Throws: ``QProfiles/ProfileError`` when the store cannot be read; ``QGraph/GraphError`` when a weight
    ///   setting is out of range.
    /// - Complexity: O(members + memberships + connections + group ties) time and memory.
    public func build(from store: ProfileStore) async throws -> ConnectionGraph {
        var members: [MemberFacts] = []
        try await store.forEachMember { member in
            members.append(MemberFacts(id: member.id, discoverable: member.discoverable, groups: member.groups,
                                       nation: Geography.nation(of: member), sector: member.sector))
        }
        return try build(members: members, connections: try await store.connections())
    }

    /// Builds the graph from members (any order; ids unique) and connections between them.
    /// - Throws: ``QGraph/GraphError`` when a weight setting is out of range, an id repeats, or a connection
    ///   names an unknown member or has a weight that is not finite and positive.
    /// - Complexity: O(members × log members + memberships + connections + group ties).
    public func build(members: [MemberFacts], connections: [Connection]) throws(GraphError) -> ConnectionGraph {
        try validate()
        let sorted = members.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        var index: [MemberID: Int32] = [:]
        index.reserveCapacity(sorted.count)
        for (node, member) in sorted.enumerated() { index[member.id] = Int32(truncatingIfNeeded: node) }
        var edges: [WeightedEdge] = []
        edges.reserveCapacity(connections.count)
        for connection in connections {
            guard let a = index[connection.source], let b = index[connection.target] else {
                throw .unknownNode("connection \(connection.source) - \(connection.target): unknown member")
            }
            let weight = (kindWeights[connection.kind] ?? otherKindWeight) * connection.weight
            guard a != b, weight.isFinite, weight > 0 else {
                throw .invalidEdge("connection \(connection.source) - \(connection.target): weight \(weight) "
                    + "(expected two different members and a weight greater than 0)")
            }
            edges.append(WeightedEdge(a, b, weight: Float(weight)))
        }
        if groupWeight > 0 { addGroupTies(of: sorted, to: &edges) }
        let graph = try Graph(nodeCount: sorted.count, edges: edges, duplicates: .sum)
        let (nations, nationNames) = Self.labels(sorted.map(\.nation))
        let (sectors, sectorNames) = Self.labels(sorted.map(\.sector))
        return try ConnectionGraph(ids: sorted.map(\.id), graph: graph, discoverable: sorted.map(\.discoverable),
                                   nations: nations, nationNames: nationNames, sectors: sectors,
                                   sectorNames: sectorNames)
    }

    private func validate() throws(GraphError) {
        for (kind, weight) in kindWeights where !(weight.isFinite && weight > 0) {
            throw .invalidArgument("the weight of kind '\(kind)' is \(weight) (expected a number greater than 0)")
        }
        guard otherKindWeight.isFinite, otherKindWeight > 0 else {
            throw .invalidArgument("otherKindWeight is \(otherKindWeight) (expected a number greater than 0)")
        }
        guard groupWeight.isFinite, groupWeight >= 0 else {
            throw .invalidArgument("groupWeight is \(groupWeight) (expected 0 or more)")
        }
        guard cliqueLimit >= 2, sampledTies >= 2 else {
            throw .invalidArgument("cliqueLimit \(cliqueLimit) and sampledTies \(sampledTies) must be at least 2")
        }
    }

    /// Ties the members of every group (members in node order).
    private func addGroupTies(of members: [MemberFacts], to edges: inout [WeightedEdge]) {
        var groups: [String: [Int32]] = [:]
        for (node, member) in members.enumerated() {
            for group in Set(member.groups) { groups[group, default: []].append(Int32(truncatingIfNeeded: node)) }
        }
        for (group, nodes) in groups.sorted(by: { $0.key < $1.key }) where nodes.count >= 2 {
            let weight = Float(groupWeight / log2(1 + Double(nodes.count)))
            if nodes.count <= cliqueLimit {
                for i in 0..<nodes.count {
                    for j in (i + 1)..<nodes.count { edges.append(WeightedEdge(nodes[i], nodes[j], weight: weight)) }
                }
                continue
            }
            var ring = nodes
            var generator = SeededGenerator(seed: seed ^ Self.fingerprint(group))
            generator.shuffle(&ring)
            let reach = min(sampledTies / 2, (ring.count - 1) / 2)
            for i in 0..<ring.count {
                for step in 1...reach {
                    edges.append(WeightedEdge(ring[i], ring[(i + step) % ring.count], weight: weight))
                }
            }
        }
    }

    /// Distinct non-empty values, sorted, and every value's index among them (-1 for empty).
    static func labels(_ values: [String]) -> ([Int32], [String]) {
        let names = Set(values.filter { !$0.isEmpty }).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        return (values.map { index[$0] ?? -1 }, names)
    }

    /// FNV-1a of a group id: a stable per-group seed.
    static func fingerprint(_ text: String) -> UInt64 { FNV1a.hash(text) }
}
