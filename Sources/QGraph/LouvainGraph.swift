/// A weighted graph as Louvain aggregates it: communities of the level below become nodes, and the weight
/// inside a community becomes a self loop.
struct LouvainGraph {
    let nodeCount: Int
    let offsets: [Int]
    /// Neighbours other than the node itself.
    let targets: [Int32]
    let weights: [Double]
    /// The weight inside each node, over ordered pairs (twice the undirected internal weight).
    let loops: [Double]
    /// `Σ weights of the row + loops`, so that `Σ strengths = 2m` at every level.
    let strengths: [Double]

    /// Level 0: the graph itself (its `targets` array is shared, not copied).
    init(_ graph: Graph) {
        nodeCount = graph.nodeCount
        offsets = graph.offsets
        targets = graph.targets
        weights = graph.weights.map(Double.init)
        loops = [Double](repeating: 0, count: graph.nodeCount)
        strengths = graph.strengths
    }

    private init(nodeCount: Int, offsets: [Int], targets: [Int32], weights: [Double], loops: [Double],
                 strengths: [Double]) {
        self.nodeCount = nodeCount
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.loops = loops
        self.strengths = strengths
    }

    /// The graph whose nodes are the communities `0..<count` of `community` (one label per node).
    /// - Complexity: O(nodes + edges) time and memory.
    func aggregated(by community: [Int32], count: Int) -> LouvainGraph {
        var starts = [Int](repeating: 0, count: count + 1)
        for label in community { starts[Int(label) + 1] += 1 }
        for label in 0..<count { starts[label + 1] += starts[label] }
        var members = [Int32](repeating: 0, count: nodeCount)
        var fill = starts
        for node in 0..<nodeCount {
            let label = Int(community[node])
            members[fill[label]] = Int32(truncatingIfNeeded: node)
            fill[label] += 1
        }
        var newOffsets = [Int](repeating: 0, count: count + 1)
        var newTargets: [Int32] = [], newWeights: [Double] = []
        var newLoops = [Double](repeating: 0, count: count), newStrengths = newLoops
        var sums = [Double](repeating: 0, count: count)
        var touched: [Int32] = []
        offsets.withUnsafeBufferPointer { offsets in
        targets.withUnsafeBufferPointer { targets in
        weights.withUnsafeBufferPointer { weights in
        community.withUnsafeBufferPointer { community in
        sums.withUnsafeMutableBufferPointer { sums in
            for label in 0..<count {
                var inside = 0.0, strength = 0.0
                for member in members[starts[label]..<starts[label + 1]] {
                    let node = Int(member)
                    inside += loops[node]
                    strength += strengths[node]
                    for position in offsets[node]..<offsets[node + 1] {
                        let other = Int(community[Int(targets[position])])
                        if other == label {
                            inside += weights[position]
                        } else {
                            if sums[other] == 0 { touched.append(Int32(truncatingIfNeeded: other)) }
                            sums[other] += weights[position]
                        }
                    }
                }
                for other in touched {
                    newTargets.append(other)
                    newWeights.append(sums[Int(other)])
                    sums[Int(other)] = 0
                }
                touched.removeAll(keepingCapacity: true)
                newLoops[label] = inside
                newStrengths[label] = strength
                newOffsets[label + 1] = newTargets.count
            }
        }}}}}
        return LouvainGraph(nodeCount: count, offsets: newOffsets, targets: newTargets, weights: newWeights,
                            loops: newLoops, strengths: newStrengths)
    }
}
