import QLinearAlgebra
extension Graph {
    /// The `limit` best two-hop candidates of each source by `method`, best first; one list per source, in
    /// the order of `sources`. Sources are split across `threads` threads (default: the active processors), each with its own
    /// ``ProximityScorer``; the result does not depend on the thread count.
    /// - Throws: ``GraphError`` when a source is not a node or `allowed` has the wrong length.
    /// - Complexity: O(Σ over sources of the two-hop walk count), divided among the threads;
    ///   O(threads × nodes) scratch memory.
    public func topProximity(from sources: [Int], method: ProximityMethod, limit: Int, allowed: [Bool]? = nil,
                             threads: Int? = nil) throws(GraphError) -> [[ScoredNode]] {
        for source in sources where source < 0 || source >= nodeCount {
            throw .unknownNode("node \(source) is not in the graph (expected 0..<\(nodeCount))")
        }
        if let allowed, allowed.count != nodeCount {
            throw .invalidArgument("the candidate mask has \(allowed.count) flags (expected \(nodeCount))")
        }
        let parts = Swift.max(1, Swift.min(threads ?? Parallel.defaultThreads, sources.count))
        var results = [[ScoredNode]](repeating: [], count: sources.count)
        let graph = self
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let out = SharedPointer(base: base)
            Parallel.run(chunks: parts) { part in
                var scorer = ProximityScorer(graph: graph)
                for index in stride(from: part, to: sources.count, by: parts) {
                    // Checked above: every source is a node and the mask has the right length.
                    out.base[index] = (try? scorer.top(limit, from: sources[index], method: method,
                                                       allowed: allowed)) ?? []
                }
            }
        }
        return results
    }
}
