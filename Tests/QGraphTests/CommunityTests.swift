import Testing
@testable import QGraph

/// Louvain communities and bridging.
@Suite struct CommunityTests {
    @Test func recoversAPlantedPartition() throws {
        let edges = Fixtures.plantedPartition(groups: 8, size: 50, inside: 16, outside: 2, seed: 9)
        let graph = try Graph(nodeCount: 400, edges: edges)
        let found = try graph.communities()
        #expect(found.count == 8)
        for group in 0..<8 {
            let labels = Set((0..<50).map { found.labels[group * 50 + $0] })
            #expect(labels.count == 1, "group \(group) split into \(labels)")
        }
        let planted = (0..<400).map { Int32($0 / 50) }
        #expect(found.modularity >= (try graph.modularity(labels: planted)) - 1e-12)
        #expect(found.sizes == [Int](repeating: 50, count: 8))
    }

    @Test func isDeterministicForASeed() throws {
        let edges = Fixtures.randomEdges(nodes: 500, edges: 2_500, seed: 4, weighted: true)
        let graph = try Graph(nodeCount: 500, edges: edges)
        let first = try graph.communities(options: CommunityOptions(seed: 7))
        let second = try graph.communities(options: CommunityOptions(seed: 7))
        #expect(first == second)
        // Labels are numbered by their lowest node.
        var next: Int32 = 0
        for label in first.labels where label >= next {
            #expect(label == next)
            next += 1
        }
    }

    @Test func higherResolutionGivesMoreCommunities() throws {
        let edges = Fixtures.randomEdges(nodes: 300, edges: 1_200, seed: 8, weighted: false)
        let graph = try Graph(nodeCount: 300, edges: edges)
        let coarse = try graph.communities(options: CommunityOptions(resolution: 0.5))
        let fine = try graph.communities(options: CommunityOptions(resolution: 2))
        #expect(fine.count > coarse.count)
        #expect(throws: GraphError.self) { try graph.communities(options: CommunityOptions(resolution: 0)) }
        #expect(throws: GraphError.self) { try graph.modularity(labels: [0]) }
    }

    @Test func bridgingCountsDistinctLabelsReached() throws {
        // 0 ties to 1 (label 0), 2 (label 1), 3 (label 2, weight 2), 4 (unknown label).
        let graph = try Graph(nodeCount: 6, edges: [
            WeightedEdge(0, 1), WeightedEdge(0, 2), WeightedEdge(0, 3, weight: 2), WeightedEdge(0, 4),
            WeightedEdge(1, 2),
        ])
        let bridging = try graph.bridging(labels: [0, 0, 1, 2, -1, 1])
        #expect(bridging[0] == Bridging(reached: 3, outside: 2, outsideShare: 0.75))
        #expect(bridging[1] == Bridging(reached: 2, outside: 1, outsideShare: 0.5))
        #expect(bridging[5] == Bridging(reached: 0, outside: 0, outsideShare: 0))
        #expect(throws: GraphError.self) { try graph.bridging(labels: [0]) }
    }
}
