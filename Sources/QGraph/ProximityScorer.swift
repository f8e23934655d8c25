/// Scores the two-hop candidates of one source at a time by a ``ProximityMethod``, reusing its work arrays.
///
/// Candidates are the nodes at distance exactly 2: never the source, never a neighbour. Every other
/// non-neighbour scores 0 under all four methods and is not reported. A scorer is not shared between
/// threads; make one per thread (``Graph/topProximity(from:method:limit:allowed:threads:)`` does).
///
/// Memory: 12 bytes per node, allocated once.
public struct ProximityScorer {
    public let graph: Graph
    private var sums: [Double]
    /// `2g`: the source or one of its neighbours in query `g`; `2g + 1`: a candidate reached in query `g`.
    private var stamps: [UInt32]
    private var generation: UInt32 = 0
    private var touched: [Int32] = []

    /// A scorer for `graph`.
    /// - Complexity: O(nodes).
    public init(graph: Graph) {
        self.graph = graph
        sums = [Double](repeating: 0, count: graph.nodeCount)
        stamps = [UInt32](repeating: 0, count: graph.nodeCount)
    }

    /// The `limit` best candidates of `source`, best first (ties: lower index first). `allowed`, when given,
    /// has one flag per node, and candidates whose flag is false are skipped.
    /// - Throws: ``GraphError`` when `source` is not a node or `allowed` has the wrong length.
    /// - Complexity: O(Σ over the neighbours w of `source` of deg(w), + candidates × log `limit`).
    public mutating func top(_ limit: Int, from source: Int, method: ProximityMethod,
                             allowed: [Bool]? = nil) throws(GraphError) -> [ScoredNode] {
        try check(source, allowed)
        var best = TopK<Double>(limit: limit)
        collect(from: source, method: method, allowed: allowed) { node, score in best.offer(node, score) }
        return best.sorted()
    }

    /// Every candidate of `source` with its score (all are > 0), ascending by node.
    /// - Throws: ``GraphError`` when `source` is not a node or `allowed` has the wrong length.
    /// - Complexity: O(Σ over the neighbours w of `source` of deg(w), + candidates × log candidates).
    public mutating func scores(from source: Int, method: ProximityMethod,
                                allowed: [Bool]? = nil) throws(GraphError) -> [ScoredNode] {
        try check(source, allowed)
        var all: [ScoredNode] = []
        collect(from: source, method: method, allowed: allowed) { node, score in
            all.append(ScoredNode(node: node, score: score))
        }
        return all.sorted { $0.node < $1.node }
    }

    private func check(_ source: Int, _ allowed: [Bool]?) throws(GraphError) {
        guard source >= 0, source < graph.nodeCount else {
            throw .unknownNode("node \(source) is not in the graph (expected 0..<\(graph.nodeCount))")
        }
        if let allowed, allowed.count != graph.nodeCount {
            throw .invalidArgument("the candidate mask has \(allowed.count) flags (expected \(graph.nodeCount))")
        }
    }

    /// Accumulates the sums over two-hop walks, then reports each candidate's final score to `report`.
    private mutating func collect(from source: Int, method: ProximityMethod, allowed: [Bool]?,
                                  report: (Int32, Double) -> Void) {
        if generation >= UInt32.max / 2 - 1 {
            for index in stamps.indices { stamps[index] = 0 }
            generation = 0
        }
        generation += 1
        let near = generation * 2, reached = near + 1
        var touched: [Int32] = []
        swap(&touched, &self.touched)
        defer { swap(&touched, &self.touched) }
        touched.removeAll(keepingCapacity: true)
        let graph = self.graph
        graph.offsets.withUnsafeBufferPointer { offsets in
            graph.targets.withUnsafeBufferPointer { targets in
                stamps.withUnsafeMutableBufferPointer { stamps in
                    sums.withUnsafeMutableBufferPointer { sums in
                        stamps[source] = near
                        for position in offsets[source]..<offsets[source + 1] { stamps[Int(targets[position])] = near }
                        for position in offsets[source]..<offsets[source + 1] {
                            let middle = Int(targets[position])
                            let start = offsets[middle], end = offsets[middle + 1]
                            let add = method.contribution(ofDegree: end - start)
                            for second in start..<end {
                                let candidate = Int(targets[second])
                                let stamp = stamps[candidate]
                                if stamp == near { continue }
                                if stamp != reached {
                                    stamps[candidate] = reached
                                    sums[candidate] = add
                                    touched.append(Int32(truncatingIfNeeded: candidate))
                                } else {
                                    sums[candidate] += add
                                }
                            }
                        }
                    }
                }
            }
        }
        let sourceDegree = Double(graph.degree(of: source))
        for candidate in touched {
            let node = Int(candidate)
            if let allowed, !allowed[node] { continue }
            var score = sums[node]
            if method == .jaccard {
                score /= sourceDegree + Double(graph.degree(of: node)) - score
            }
            report(candidate, score)
        }
    }
}
