import QLinearAlgebra
extension Graph {
    /// Communities by Louvain (modularity, weighted), deterministic for a seed: the best of
    /// `options.restarts` runs, shared among `options.threads` threads.
    ///
    /// Each level moves nodes between communities while a move raises modularity (queue-based local moving),
    /// then merges every community into one node; levels repeat until nothing moves. A last local-moving
    /// pass on the original graph, from the final partition, moves the nodes that aggregation left misplaced.
    /// - Throws: ``GraphError`` when an option is out of range.
    /// - Complexity: O(restarts × levels × (nodes + edges)) per pass, a few passes per level in practice,
    ///   divided among the threads; O(threads × (nodes + edges)) memory.
    public func communities(options: CommunityOptions = .init()) throws(GraphError) -> Communities {
        try options.validate()
        let identity = (0..<Int32(truncatingIfNeeded: nodeCount)).map { $0 }
        guard nodeCount > 0, totalWeight > 0 else {
            return Communities(labels: identity, count: nodeCount,
                               modularity: (try? modularity(labels: identity, resolution: options.resolution)) ?? 0,
                               levels: 0)
        }
        let base = LouvainGraph(self)
        let restarts = options.runs(size: nodeCount + targets.count)
        var runs = [Communities?](repeating: nil, count: restarts)
        let graph = self
        let parts = Swift.min(options.threads, restarts)
        runs.withUnsafeMutableBufferPointer { buffer in
            guard let start = buffer.baseAddress else { return }
            let out = SharedPointer(base: start)
            Parallel.run(chunks: parts) { part in
                for run in stride(from: part, to: restarts, by: parts) {
                    let seed = options.seed &+ UInt64(run) &* 0x9E37_79B9_7F4A_7C15
                    out.base[run] = graph.iteratedLouvain(base, seed: seed, options: options)
                }
            }
        }
        // Every run wrote its slot before `Parallel.run` returned; the first of the best wins.
        let done = runs.compactMap { $0 }
        return done.reduce(done[0]) { $1.modularity > $0.modularity ? $1 : $0 }
    }

    /// Runs ``louvain(_:seed:start:options:)`` again from its own result (as igraph's Leiden does with
    /// `n_iterations`) while that raises modularity, at most 4 times.
    private func iteratedLouvain(_ base: LouvainGraph, seed: UInt64, options: CommunityOptions) -> Communities {
        var best = louvain(base, seed: seed, start: nil, options: options)
        for round in 1..<4 {
            let next = louvain(base, seed: seed &+ UInt64(round), start: best.labels, options: options)
            guard next.modularity > best.modularity + 1e-12 else { break }
            best = next
        }
        return best
    }

    /// One run with one visiting order, from singletons or from the partition `start`: local moving, Leiden's refinement, aggregation by the refined
    /// partition (each aggregate node starting in its community), until local moving changes nothing.
    private func louvain(_ base: LouvainGraph, seed: UInt64, start: [Int32]?, options: CommunityOptions)
        -> Communities {
        var louvain = Louvain(capacity: nodeCount, resolution: options.resolution, doubledWeight: 2 * totalWeight,
                              seed: seed)
        var nodeOf = (0..<Int32(truncatingIfNeeded: nodeCount)).map { $0 }  // original node → current node
        var current = base
        var partition = start ?? nodeOf                                      // current node → community
        var levels = 0
        while levels < options.maxLevels {
            let moved = louvain.moveNodes(of: current, &partition)
            let count = Louvain.renumber(&partition)
            if count == current.nodeCount || (!moved && levels > 0) { break }
            levels += 1
            var refined = louvain.refine(current, partition)
            var refinedCount = Louvain.renumber(&refined)
            if refinedCount == current.nodeCount {
                refined = partition
                refinedCount = count
            }
            var next = [Int32](repeating: 0, count: refinedCount)
            for node in 0..<current.nodeCount { next[Int(refined[node])] = partition[node] }
            for original in 0..<nodeCount { nodeOf[original] = refined[Int(nodeOf[original])] }
            current = current.aggregated(by: refined, count: refinedCount)
            partition = next
        }
        var labels = nodeOf.map { partition[Int($0)] }
        if levels > 1 { _ = louvain.moveNodes(of: base, &labels) }
        let count = Louvain.renumber(&labels)
        let score = (try? modularity(labels: labels, resolution: options.resolution)) ?? 0
        return Communities(labels: labels, count: count, modularity: score, levels: levels)
    }

    /// The weighted modularity of a partition: `Σ_c [ in_c / 2m − γ (tot_c / 2m)² ]`, where `in_c` is the
    /// weight of the edges inside community `c` counted from both ends and `tot_c` the summed strengths of
    /// its nodes (networkx `community.modularity(G, communities, weight="weight", resolution=γ)`); 0 for a
    /// graph without edges.
    /// - Parameter labels: the community of every node, each in `0..<nodeCount`.
    /// - Throws: ``GraphError`` when `labels` has the wrong length or a label is out of range.
    /// - Complexity: O(nodes + edges).
    public func modularity(labels: [Int32], resolution: Double = 1) throws(GraphError) -> Double {
        guard labels.count == nodeCount else {
            throw .invalidArgument("the partition has \(labels.count) labels (expected \(nodeCount))")
        }
        if let bad = labels.first(where: { $0 < 0 || Int($0) >= nodeCount }) {
            throw .invalidArgument("community label \(bad) is out of range (expected 0..<\(nodeCount))")
        }
        guard totalWeight > 0 else { return 0 }
        var inside = [Double](repeating: 0, count: nodeCount), totals = inside
        targets.withUnsafeBufferPointer { targets in
            weights.withUnsafeBufferPointer { weights in
                for node in 0..<nodeCount {
                    let label = Int(labels[node])
                    totals[label] += strengths[node]
                    for position in offsets[node]..<offsets[node + 1] where labels[Int(targets[position])] == labels[node] {
                        inside[label] += Double(weights[position])
                    }
                }
            }
        }
        let doubled = 2 * totalWeight
        var score = 0.0
        for label in 0..<nodeCount where totals[label] > 0 {
            let share = totals[label] / doubled
            score += inside[label] / doubled - resolution * share * share
        }
        return score
    }
}
