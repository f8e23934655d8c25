import Testing
@testable import QGraph

/// Introduction paths of up to three hops.
@Suite struct PathTests {
    //   0 - 1 - 2 - 3        0 – 1 (w 1), 1 – 2 (w 3), 2 – 3 (w 1)
    //   0 - 4 - 5 - 3        0 – 4 (w 2), 4 – 5 (w 2), 5 – 3 (w 2)
    //   0 - 6 - 7 - 3        0 – 6, 6 – 7, 7 – 3 (w 1); 8 – 9 apart
    static func ladder() throws -> Graph {
        try Graph(nodeCount: 10, edges: [
            WeightedEdge(0, 1), WeightedEdge(1, 2, weight: 3), WeightedEdge(2, 3),
            WeightedEdge(0, 4, weight: 2), WeightedEdge(4, 5, weight: 2), WeightedEdge(5, 3, weight: 2),
            WeightedEdge(0, 6), WeightedEdge(6, 7), WeightedEdge(7, 3), WeightedEdge(8, 9),
        ])
    }

    @Test func findsAllShortestThreeHopPathsStrongestFirst() throws {
        let paths = try Self.ladder().introductionPaths(from: 0, to: 3)
        #expect(paths.hops == 3)
        #expect(paths.totalCount == 3)
        // 0-4-5-3 (weakest 2) first; then 0-1-2-3 (weakest 1, total 5) before 0-6-7-3 (weakest 1, total 3).
        #expect(paths.paths == [[0, 4, 5, 3], [0, 1, 2, 3], [0, 6, 7, 3]])
    }

    @Test func capsThePathsButCountsThemAll() throws {
        let paths = try Self.ladder().introductionPaths(from: 3, to: 0, limit: 1)
        #expect(paths.paths == [[3, 5, 4, 0]])
        #expect(paths.totalCount == 3)
        #expect(try Self.ladder().introductionPaths(from: 3, to: 0, limit: 0).hops == 3)
    }

    @Test func skipsIntermediatesThatAreNotAllowed() throws {
        var allowed = [Bool](repeating: true, count: 10)
        allowed[5] = false
        allowed[1] = false
        allowed[3] = false  // an end need not be allowed
        let paths = try Self.ladder().introductionPaths(from: 0, to: 3, through: allowed)
        #expect(paths.paths == [[0, 6, 7, 3]])
        allowed[7] = false
        #expect(try Self.ladder().introductionPaths(from: 0, to: 3, through: allowed).hops == nil)
    }

    @Test func prefersTwoHopsAndReportsDirectTies() throws {
        let graph = try Graph(nodeCount: 5, edges: [
            WeightedEdge(0, 1), WeightedEdge(1, 2), WeightedEdge(0, 3, weight: 4), WeightedEdge(3, 2, weight: 4),
            WeightedEdge(0, 4), WeightedEdge(4, 1),
        ])
        let two = try graph.introductionPaths(from: 0, to: 2)
        #expect(two.hops == 2)
        #expect(two.paths == [[0, 3, 2], [0, 1, 2]])
        #expect(try graph.introductionPaths(from: 0, to: 1).paths == [[0, 1]])
        #expect(try graph.introductionPaths(from: 2, to: 2).hops == 0)
    }

    @Test func noPathBeyondThreeHops() throws {
        let chain = try Graph(nodeCount: 5, edges: (0..<4).map { WeightedEdge($0, $0 + 1) })
        let none = try chain.introductionPaths(from: 0, to: 4)
        #expect(none.hops == nil)
        #expect(none.paths.isEmpty)
        #expect(try Self.ladder().introductionPaths(from: 0, to: 8).hops == nil)
    }

    @Test func rejectsUnknownEnds() throws {
        #expect(throws: GraphError.self) { try Self.ladder().introductionPaths(from: 0, to: 10) }
        #expect(throws: GraphError.self) { try Self.ladder().introductionPaths(from: 0, to: 3, through: [true]) }
    }
}
