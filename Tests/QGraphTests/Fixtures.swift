@testable import QGraph
import QLinearAlgebra

/// Small graphs for the tests.
enum Fixtures {
    /// A seeded random graph: `edges` distinct pairs among `nodes`, weights in 0.1...5 (or 1).
    static func randomEdges(nodes: Int, edges: Int, seed: UInt64, weighted: Bool) -> [WeightedEdge] {
        var generator = SeededGenerator(seed: seed)
        var seen = Set<[Int]>()
        var result: [WeightedEdge] = []
        while result.count < edges {
            let a = generator.below(nodes), b = generator.below(nodes)
            guard a != b, seen.insert([min(a, b), max(a, b)]).inserted else { continue }
            let weight = weighted ? Float(1 + generator.below(49)) / 10 : 1
            result.append(WeightedEdge(a, b, weight: weight))
        }
        return result
    }

    /// A planted partition: `groups` groups of `size` nodes, each node with about `inside` ties in its group
    /// and `outside` ties elsewhere.
    static func plantedPartition(groups: Int, size: Int, inside: Int, outside: Int, seed: UInt64) -> [WeightedEdge] {
        var generator = SeededGenerator(seed: seed)
        var edges: [WeightedEdge] = []
        let n = groups * size
        for node in 0..<n {
            let group = node / size
            for _ in 0..<(inside / 2) {
                let other = group * size + generator.below(size)
                if other != node { edges.append(WeightedEdge(node, other)) }
            }
            for _ in 0..<(outside / 2) {
                let other = generator.below(n)
                if other / size != group { edges.append(WeightedEdge(node, other)) }
            }
        }
        return edges
    }

    /// Neighbour sets, by brute force from an edge list.
    static func neighbourSets(nodes: Int, edges: [WeightedEdge]) -> [Set<Int>] {
        var sets = [Set<Int>](repeating: [], count: nodes)
        for edge in edges {
            sets[Int(edge.source)].insert(Int(edge.target))
            sets[Int(edge.target)].insert(Int(edge.source))
        }
        return sets
    }
}
