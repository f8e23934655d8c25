import Foundation
import Testing
@testable import QGraph

/// Scores against slow, obvious implementations.
@Suite struct BruteForceTests {
    /// The score of every non-neighbour of `source`, straight from the set definitions.
    static func bruteForce(_ sets: [Set<Int>], source: Int, method: ProximityMethod) -> [Int: Double] {
        var scores: [Int: Double] = [:]
        for candidate in sets.indices where candidate != source && !sets[source].contains(candidate) {
            // Summed in ascending order of the common neighbour, as the scorer does, so that equal scores
            // are equal to the last bit and rank the same.
            let common = sets[source].intersection(sets[candidate]).sorted()
            let score: Double
            switch method {
            case .commonNeighbours: score = Double(common.count)
            case .jaccard:
                let union = sets[source].union(sets[candidate]).count
                score = union == 0 ? 0 : Double(common.count) / Double(union)
            case .adamicAdar: score = common.map { 1 / log(Double(sets[$0].count)) }.reduce(0, +)
            case .resourceAllocation: score = common.map { 1 / Double(sets[$0].count) }.reduce(0, +)
            }
            if score > 0 { scores[candidate] = score }
        }
        return scores
    }

    @Test(arguments: ProximityMethod.allCases)
    func twoHopScoresEqualBruteForce(_ method: ProximityMethod) throws {
        let edges = Fixtures.randomEdges(nodes: 120, edges: 600, seed: 3, weighted: true)
        let graph = try Graph(nodeCount: 120, edges: edges)
        let sets = Fixtures.neighbourSets(nodes: 120, edges: edges)
        var scorer = ProximityScorer(graph: graph)
        for source in stride(from: 0, to: 120, by: 7) {
            let expected = Self.bruteForce(sets, source: source, method: method)
            let ours = try scorer.scores(from: source, method: method)
            #expect(ours.count == expected.count)
            for item in ours {
                let reference = try #require(expected[Int(item.node)])
                #expect(abs(item.score - reference) < 1e-12)
            }
            // Top-K: the brute-force ranking with ties broken by the lower index.
            let ranked = expected.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let top = try scorer.top(10, from: source, method: method)
            #expect(top.map { Int($0.node) } == ranked.prefix(10).map(\.key))
        }
    }

    @Test func parallelTopProximityEqualsOneByOne() throws {
        let edges = Fixtures.randomEdges(nodes: 300, edges: 2_000, seed: 5, weighted: false)
        let graph = try Graph(nodeCount: 300, edges: edges)
        var allowed = [Bool](repeating: true, count: 300)
        for node in stride(from: 0, to: 300, by: 3) { allowed[node] = false }
        let sources = Array(0..<40)
        let parallel = try graph.topProximity(from: sources, method: .adamicAdar, limit: 15, allowed: allowed, threads: 3)
        var scorer = ProximityScorer(graph: graph)
        for (index, source) in sources.enumerated() {
            let single = try scorer.top(15, from: source, method: .adamicAdar, allowed: allowed)
            #expect(parallel[index] == single)
            #expect(single.allSatisfy { allowed[Int($0.node)] })
        }
    }

    @Test func rejectsUnknownSourceAndBadMask() throws {
        let graph = try Graph(nodeCount: 3, edges: [WeightedEdge(0, 1), WeightedEdge(1, 2)])
        var scorer = ProximityScorer(graph: graph)
        #expect(throws: GraphError.self) { try scorer.top(5, from: 3, method: .jaccard) }
        #expect(throws: GraphError.self) { try scorer.top(5, from: -1, method: .jaccard) }
        #expect(throws: GraphError.self) { try scorer.top(5, from: 0, method: .jaccard, allowed: [true]) }
        #expect(try scorer.top(5, from: 0, method: .commonNeighbours) == [ScoredNode(node: 2, score: 1)])
    }

    /// Personalized PageRank by solving `(I − d Pᵀ) x = (1 − d) e_s + d (dangling mass) e_s` densely.
    static func denseSolve(_ graph: Graph, source: Int, damping: Double) -> [Double] {
        let n = graph.nodeCount
        // Column-stochastic M: M[v][u] = w(u,v)/s(u); a dangling u sends everything to the source.
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for u in 0..<n {
            if graph.strengths[u] == 0 { matrix[source][u] = 1; continue }
            for (v, w) in zip(graph.neighbours(of: u), graph.edgeWeights(of: u)) {
                matrix[Int(v)][u] += Double(w) / graph.strengths[u]
            }
        }
        // A = I − d M; b = (1 − d) e_s; Gaussian elimination with partial pivoting.
        var a = matrix.map { $0.map { -damping * $0 } }
        for i in 0..<n { a[i][i] += 1 }
        var b = [Double](repeating: 0, count: n)
        b[source] = 1 - damping
        for column in 0..<n {
            let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<n {
                let factor = a[row][column] / a[column][column]
                for k in column..<n { a[row][k] -= factor * a[column][k] }
                b[row] -= factor * b[column]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for k in (row + 1)..<n { sum -= a[row][k] * x[k] }
            x[row] = sum / a[row][row]
        }
        return x
    }

    @Test(arguments: [0.85, 0.5, 0.0])
    func personalizedPageRankSolvesTheLinearSystem(_ damping: Double) throws {
        // 30 nodes, weighted, with two isolated (dangling) nodes 28 and 29.
        let edges = Fixtures.randomEdges(nodes: 28, edges: 70, seed: 11, weighted: true)
        let graph = try Graph(nodeCount: 30, edges: edges)
        var solver = PersonalizedPageRank(graph: graph)
        for source in [0, 13, 29] {
            let expected = Self.denseSolve(graph, source: source, damping: damping)
            let result = try solver.scores(from: source, options: PageRankOptions(damping: damping))
            let distance = zip(result.scores, expected).map { abs($0 - $1) }.reduce(0, +)
            #expect(distance < 1e-8, "source \(source): L1 \(distance)")
        }
    }

    @Test func personalizedPageRankTopSkipsSourceNeighboursAndMasked() throws {
        let edges = Fixtures.randomEdges(nodes: 50, edges: 150, seed: 2, weighted: true)
        let graph = try Graph(nodeCount: 50, edges: edges)
        var allowed = [Bool](repeating: true, count: 50)
        allowed[7] = false
        var solver = PersonalizedPageRank(graph: graph)
        let all = try solver.scores(from: 4).scores
        let (ranked, _) = try solver.top(10, from: 4, allowed: allowed)
        let excluded = Set(graph.neighbours(of: 4).map(Int.init)).union([4, 7])
        let expected = all.indices.filter { !excluded.contains($0) && all[$0] > 0 }
            .sorted { all[$0] != all[$1] ? all[$0] > all[$1] : $0 < $1 }.prefix(10)
        #expect(ranked.map { Int($0.node) } == Array(expected))
    }

    @Test(arguments: [-0.1, 1.0, .nan])
    func rejectsDampingOutOfRange(_ damping: Double) throws {
        let graph = try Graph(nodeCount: 2, edges: [WeightedEdge(0, 1)])
        var solver = PersonalizedPageRank(graph: graph)
        #expect(throws: GraphError.self) { try solver.scores(from: 0, options: PageRankOptions(damping: damping)) }
    }
}
