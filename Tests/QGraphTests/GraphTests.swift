import Testing
@testable import QGraph

/// Construction of the CSR graph.
@Suite struct GraphTests {
    @Test func buildsSortedSymmetricRows() throws {
        let graph = try Graph(nodeCount: 5, edges: [
            WeightedEdge(3, 0, weight: 2), WeightedEdge(0, 1), WeightedEdge(4, 0, weight: 0.5), WeightedEdge(1, 3),
        ])
        #expect(graph.nodeCount == 5)
        #expect(graph.edgeCount == 4)
        #expect(Array(graph.neighbours(of: 0)) == [1, 3, 4])
        #expect(Array(graph.edgeWeights(of: 0)) == [1, 2, 0.5])
        #expect(Array(graph.neighbours(of: 2)).isEmpty)
        #expect(graph.weight(between: 3, and: 0) == 2)
        #expect(graph.weight(between: 0, and: 2) == nil)
        #expect(graph.strengths == [3.5, 2, 0, 3, 0.5])
        #expect(graph.totalWeight == 4.5)
        #expect(!graph.isUnweighted)
        #expect(graph.offsets == [0, 3, 5, 5, 7, 8])
    }

    @Test func mergesDuplicatesBySumOrMax() throws {
        let edges = [WeightedEdge(0, 1, weight: 1), WeightedEdge(1, 0, weight: 2), WeightedEdge(0, 1, weight: 0.5)]
        let summed = try Graph(nodeCount: 2, edges: edges, duplicates: .sum)
        #expect(summed.edgeCount == 1)
        #expect(summed.weight(between: 0, and: 1) == 3.5)
        #expect(summed.weight(between: 1, and: 0) == 3.5)
        let largest = try Graph(nodeCount: 2, edges: edges, duplicates: .max)
        #expect(largest.weight(between: 1, and: 0) == 2)
        #expect(largest.strengths == [2, 2])
    }

    static let badEdges: [WeightedEdge] = [
        WeightedEdge(0, 0), WeightedEdge(0, 3), WeightedEdge(-1, 1), WeightedEdge(0, 1, weight: 0),
        WeightedEdge(0, 1, weight: -2), WeightedEdge(0, 1, weight: .nan), WeightedEdge(0, 1, weight: .infinity),
        WeightedEdge(0, Int(Int32.max) + 5),
    ]

    @Test(arguments: badEdges)
    func rejectsInvalidEdges(_ edge: WeightedEdge) {
        #expect(throws: GraphError.self) { try Graph(nodeCount: 3, edges: [WeightedEdge(1, 2), edge]) }
    }

    @Test func rejectsNegativeNodeCount() {
        #expect(throws: GraphError.self) { try Graph(nodeCount: -1, edges: []) }
    }

    @Test func emptyGraphHasNothingToScore() throws {
        let graph = try Graph(nodeCount: 0, edges: [])
        #expect(graph.summary().components == 0)
        #expect(try graph.communities().count == 0)
        let lonely = try Graph(nodeCount: 3, edges: [])
        var solver = PersonalizedPageRank(graph: lonely)
        #expect(try solver.scores(from: 1).scores == [0, 1, 0])
        #expect(try lonely.communities().modularity == 0)
    }

    @Test func summarizesDegreesAndComponents() throws {
        let graph = try Graph(nodeCount: 7, edges: [
            WeightedEdge(0, 1), WeightedEdge(1, 2), WeightedEdge(2, 0), WeightedEdge(3, 4),
        ])
        let summary = graph.summary()
        #expect(summary.nodes == 7)
        #expect(summary.edges == 4)
        #expect(summary.isolated == 2)
        #expect(summary.components == 4)
        #expect(summary.largestComponent == 3)
        #expect(summary.maxDegree == 2)
        #expect(summary.isUnweighted)
    }

    @Test func topKBreaksTiesByLowerIndex() {
        var top = TopK<Double>(limit: 3)
        for (node, score) in [(5, 1.0), (2, 2.0), (9, 2.0), (1, 1.0), (7, 0.5), (3, 2.0)] as [(Int32, Double)] {
            top.offer(node, score)
        }
        #expect(top.sorted().map(\.node) == [2, 3, 9])
        var none = TopK<Double>(limit: 0)
        none.offer(1, 1)
        #expect(none.sorted().isEmpty)
    }
}

/// The index file's form: each edge once, source < target, ascending; rows come out sorted without a sort.
@Suite struct OrderedEdgesTests {
    @Test(arguments: [1, 2, 3])
    func buildTheSameGraphAsTheEdgeList(_ seed: UInt64) throws {
        var generator = SplitMix(seed: seed)
        let n = 60
        var pairs = Set<[Int32]>()
        while pairs.count < 300 {
            let a = Int32(generator.next() % UInt64(n)), b = Int32(generator.next() % UInt64(n))
            if a != b { pairs.insert([min(a, b), max(a, b)]) }
        }
        let ordered = pairs.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
        let weights = ordered.indices.map { Float($0 % 7 + 1) / 4 }
        let reference = try Graph(nodeCount: n, edges: zip(ordered, weights).map { WeightedEdge($0[0], $0[1], weight: $1) })
        let graph = try Graph(nodeCount: n, orderedEnds: ordered.flatMap { $0 }, weights: weights)
        #expect(graph.offsets == reference.offsets)
        #expect(graph.targets == reference.targets)
        #expect(graph.weights == reference.weights)
        #expect(graph.strengths == reference.strengths)
        #expect(graph.totalWeight == reference.totalWeight)
    }

    @Test(arguments: [
        ([Int32]([1, 2, 0, 1]), [Float]([1, 1])),      // out of order
        ([0, 1, 0, 1], [1, 1]),                        // a pair twice
        ([1, 0], [1]),                                 // source > target
        ([0, 0], [1]),                                 // a loop
        ([0, 5], [1]),                                 // out of range
        ([0, 1], [0]),                                 // weight 0
        ([0, 1], [.nan]),                              // weight not a number
        ([0, 1, 1], [1]),                              // not two ends per weight
    ])
    func rejectsEdgesNotInTheirForm(_ ends: [Int32], _ weights: [Float]) {
        #expect(throws: GraphError.self) { try Graph(nodeCount: 3, orderedEnds: ends, weights: weights) }
    }
}

/// A small seeded generator for these tests.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
