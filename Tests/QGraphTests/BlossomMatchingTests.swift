import Foundation
import Testing
import QLinearAlgebra
@testable import QGraph

/// Maximum-weight matching against exhaustive search on small graphs.
@Suite struct BlossomMatchingTests {
    /// The best (cardinality, weight) over every matching, by trying each choice for the lowest free node.
    static func bruteForce(nodeCount: Int, edges: [MatchingEdge], maxCardinality: Bool) -> (Int, Int64) {
        var adjacent = [[(Int, Int64)]](repeating: [], count: nodeCount)
        for edge in edges {
            adjacent[edge.a].append((edge.b, edge.weight))
            adjacent[edge.b].append((edge.a, edge.weight))
        }
        var used = [Bool](repeating: false, count: nodeCount)
        func better(_ x: (Int, Int64), _ y: (Int, Int64)) -> Bool {
            maxCardinality ? (x.0, x.1) > (y.0, y.1) : x.1 > y.1
        }
        func search(_ from: Int) -> (Int, Int64) {
            var v = from
            while v < nodeCount && used[v] { v += 1 }
            guard v < nodeCount else { return (0, 0) }
            used[v] = true
            var best = search(v + 1)   // v unmatched
            for (w, weight) in adjacent[v] where !used[w] {
                used[w] = true
                let rest = search(v + 1)
                used[w] = false
                let candidate = (rest.0 + 1, rest.1 + weight)
                if better(candidate, best) { best = candidate }
            }
            used[v] = false
            return best
        }
        return search(0)
    }

    static func value(_ mates: [Int], _ edges: [MatchingEdge]) -> (Int, Int64) {
        var best: [Int: Int64] = [:]
        for edge in edges where mates[edge.a] == edge.b {
            let key = min(edge.a, edge.b) * 1_000 + max(edge.a, edge.b)
            best[key] = max(best[key] ?? .min, edge.weight)
        }
        return (best.count, best.values.reduce(0, +))
    }

    static func randomGraph(seed: UInt64, nodes: Int, density: Double, maxWeight: Int64) -> [MatchingEdge] {
        var rng = SeededGenerator(seed: seed)
        var edges: [MatchingEdge] = []
        for a in 0..<nodes {
            for b in (a + 1)..<max(a + 1, nodes) where Double(rng.next() % 1_000) / 1_000 < density {
                edges.append(MatchingEdge(a, b, weight: Int64(rng.next() % UInt64(maxWeight)) + 1))
            }
        }
        return edges
    }

    @Test(arguments: Array(0..<120))
    func equalsBruteForceOnRandomGraphs(_ seed: Int) throws {
        let nodes = 2 + seed % 11
        let edges = Self.randomGraph(seed: UInt64(seed), nodes: nodes, density: [0.25, 0.5, 0.9][seed % 3],
                                     maxWeight: [3, 20, 1_000][seed % 3])
        for maxCardinality in [true, false] {
            let mates = try MaximumWeightMatching.mates(nodeCount: nodes, edges: edges, maxCardinality: maxCardinality)
            for v in 0..<nodes where mates[v] >= 0 { #expect(mates[mates[v]] == v) }
            let expected = BlossomMatchingTests.bruteForce(nodeCount: nodes, edges: edges, maxCardinality: maxCardinality)
            let ours = Self.value(mates, edges)
            if maxCardinality { #expect(ours == expected) } else { #expect(ours.1 == expected.1) }
        }
    }

    /// Dense graphs take the priced core (each node's heaviest edges, then every other edge priced with the
    /// core's duals) and the warm start: both must give the cold solver's optimum on the whole graph.
    @Test(arguments: Array(0..<40))
    func pricedCoreEqualsTheColdSolverOnDenseGraphs(_ seed: Int) throws {
        let nodes = 44 + 2 * (seed % 10)
        let edges = Self.randomGraph(seed: UInt64(1_000 + seed), nodes: nodes, density: [0.6, 0.9][seed % 2],
                                     maxWeight: [4, 50, 100_000][seed % 3])
        #expect(edges.count > MaximumWeightMatching.coreDegree * nodes)
        let mates = try MaximumWeightMatching.mates(nodeCount: nodes, edges: edges)
        for v in 0..<nodes where mates[v] >= 0 { #expect(mates[mates[v]] == v) }
        var cold = BlossomSolver(nodeCount: nodes, edges: edges, maxCardinality: true)
        #expect(Self.value(mates, edges) == Self.value(cold.solve(), edges))
    }

    /// Classic cases from mwmatching.py's own tests: blossoms formed, relabelled, expanded and nested.
    @Test func handlesNestedAndExpandedBlossoms() throws {
        let cases: [(Int, [(Int, Int, Int64)], [Int])] = [
            (5, [(1, 2, 8), (1, 3, 9), (2, 3, 10), (3, 4, 7)], [-1, 2, 1, 4, 3]),
            (7, [(1, 2, 9), (1, 3, 8), (2, 3, 10), (1, 4, 5), (4, 5, 4), (1, 6, 3)], [-1, 6, 3, 2, 5, 4, 1]),
            (9, [(1, 2, 23), (1, 5, 22), (1, 6, 15), (2, 3, 25), (3, 4, 22), (4, 5, 25), (4, 8, 14), (5, 7, 13)],
             [-1, 6, 3, 2, 8, 7, 1, 5, 4]),
            (11, [(1, 2, 40), (1, 3, 40), (2, 3, 60), (2, 4, 55), (3, 5, 55), (4, 5, 50), (1, 8, 15), (5, 7, 30),
                  (7, 6, 10), (8, 10, 10), (4, 9, 30)], [-1, 2, 1, 5, 9, 3, 7, 6, 10, 4, 8]),
        ]
        for (count, list, expected) in cases {
            let edges = list.map { MatchingEdge($0.0, $0.1, weight: $0.2) }
            #expect(try MaximumWeightMatching.mates(nodeCount: count, edges: edges, maxCardinality: false) == expected)
        }
    }

    @Test func rejectsBadEdges() {
        #expect(throws: GraphError.self) { try MaximumWeightMatching.mates(nodeCount: 2, edges: [MatchingEdge(0, 2, weight: 1)]) }
        #expect(throws: GraphError.self) { try MaximumWeightMatching.mates(nodeCount: 2, edges: [MatchingEdge(1, 1, weight: 1)]) }
        #expect(throws: GraphError.self) {
            try MaximumWeightMatching.mates(nodeCount: 2, edges: [(a: 0, b: 1, weight: Double.nan)])
        }
    }
}

/// Optima from networkx's `max_weight_matching(maxcardinality=True)` on graphs written by `rounds new
/// --weights-out` (Benchmarks/peers/matching_reference.py).
@Suite struct MatchingReferenceTests {
    struct Document: Decodable {
        struct Case: Decodable {
            let name: String
            let nodeCount: Int
            let edges: [[Double]]
            let optimum: Double
            let pairs: Int
        }
        let cases: [Case]
    }

    @Test func totalWeightEqualsNetworkx() throws {
        let document = try JSONDecoder().decode(Document.self, from: Data(matchingReferenceJSON.utf8))
        #expect(document.cases.count >= 4)
        for reference in document.cases {
            let edges = reference.edges.map { (a: Int($0[0]), b: Int($0[1]), weight: $0[2]) }
            let mates = try MaximumWeightMatching.mates(nodeCount: reference.nodeCount, edges: edges)
            var weight: [Int: Double] = [:]
            for edge in edges { weight[min(edge.a, edge.b) * 100_000 + max(edge.a, edge.b)] = edge.weight }
            var total = 0.0, pairs = 0
            for v in 0..<reference.nodeCount where mates[v] > v {
                total += weight[v * 100_000 + mates[v]] ?? .nan
                pairs += 1
            }
            #expect(pairs == reference.pairs, "\(reference.name)")
            #expect(abs(total - reference.optimum) < 1e-6 * Double(max(1, pairs)), "\(reference.name): \(total) vs \(reference.optimum)")
        }
    }
}
