import Testing
@testable import QGraph

/// The ranking's local kernels agree with the exact ones behind `qmatch graph scores`.
@Suite struct LocalNeighbourhoodTests {
    @Test(arguments: [false, true])
    func twoHopScoresEqualTheProximityScorer(weighted: Bool) throws {
        let edges = Fixtures.randomEdges(nodes: 300, edges: 1_500, seed: 41, weighted: weighted)
        let graph = try Graph(nodeCount: 300, edges: edges)
        let local = LocalNeighbourhood(nodeCount: 300)
        var scorer = ProximityScorer(graph: graph)
        for source in stride(from: 0, to: 300, by: 7) {
            local.twoHop(from: source, graph: graph)
            for (method, values) in [(ProximityMethod.commonNeighbours, local.commonNeighbours),
                                     (.adamicAdar, local.adamicAdar), (.resourceAllocation, local.resourceAllocation)] {
                let exact = try scorer.scores(from: source, method: method)
                #expect(Set(local.twoHopTouched.map { Int($0) }) == Set(exact.map { Int($0.node) }))
                for entry in exact { #expect(abs(Double(values[Int(entry.node)]) - entry.score) < 1e-4 * max(1, entry.score)) }
            }
        }
    }

    @Test(arguments: [false, true])
    func pushPageRankIsWithinItsToleranceOfPowerIteration(weighted: Bool) throws {
        let edges = Fixtures.plantedPartition(groups: 6, size: 50, inside: 8, outside: 2, seed: 5)
            + (weighted ? Fixtures.randomEdges(nodes: 300, edges: 200, seed: 6, weighted: true) : [])
        let graph = try Graph(nodeCount: 300, edges: edges)
        let local = LocalNeighbourhood(nodeCount: 300)
        var exact = PersonalizedPageRank(graph: graph)
        let epsilon: Float = 1e-6
        for source in stride(from: 0, to: 300, by: 37) {
            local.pushPageRank(from: source, graph: graph, epsilon: epsilon)
            let scores = try exact.scores(from: source).scores
            for node in 0..<300 {
                // Each push estimate lies below the exact value by at most epsilon × strength (plus float error).
                let bound = Double(epsilon) * graph.strengths[node] + 1e-5
                #expect(abs(Double(local.pagerank[node]) - scores[node]) <= bound, "source \(source) node \(node)")
            }
        }
    }
}
