/// A partition of a graph's nodes into communities.
public struct Communities: Sendable, Hashable {
    /// The community of every node, `0..<count`; communities are numbered in the order of their lowest node.
    public let labels: [Int32]
    /// The number of communities.
    public let count: Int
    /// The weighted modularity of the partition (networkx `community.modularity(G, communities,
    /// weight="weight", resolution=γ)`).
    public let modularity: Double
    /// The aggregation levels that moved nodes.
    public let levels: Int

    /// The number of nodes in every community.
    /// - Complexity: O(nodes).
    public var sizes: [Int] {
        var sizes = [Int](repeating: 0, count: count)
        for label in labels { sizes[Int(label)] += 1 }
        return sizes
    }

    /// The nodes of every community, ascending.
    /// - Complexity: O(nodes).
    public var members: [[Int32]] {
        var members = [[Int32]](repeating: [], count: count)
        for (node, label) in labels.enumerated() { members[Int(label)].append(Int32(truncatingIfNeeded: node)) }
        return members
    }
}
