import QLinearAlgebra
/// The local-moving phase of Louvain, with a queue of nodes to revisit (as in Leiden's fast local move):
/// after a node moves, only its neighbours outside its new community are queued again.
struct Louvain {
    let resolution: Double
    /// Twice the total edge weight of the level-0 graph (the same at every level).
    let doubledWeight: Double
    var generator: SeededGenerator
    var sums: [Double]
    private var totals: [Double]
    private var touched: [Int32] = []
    private var queue: [Int32]
    private var isQueued: [Bool]

    /// Work arrays for graphs of up to `capacity` nodes.
    init(capacity: Int, resolution: Double, doubledWeight: Double, seed: UInt64) {
        self.resolution = resolution
        self.doubledWeight = doubledWeight
        generator = SeededGenerator(seed: seed)
        sums = [Double](repeating: 0, count: capacity)
        totals = sums
        queue = [Int32](repeating: 0, count: capacity)
        isQueued = [Bool](repeating: false, count: capacity)
    }

    /// Moves nodes of `graph` between the communities of `community` (labels `< graph.nodeCount`) while a
    /// move raises modularity, visiting nodes in a seeded random order.
    /// - Returns: whether any node moved.
    /// - Complexity: O(moves × average degree + nodes + edges) per call.
    mutating func moveNodes(of graph: LouvainGraph, _ community: inout [Int32]) -> Bool {
        let n = graph.nodeCount
        guard n > 1 else { return false }
        for label in 0..<n { totals[label] = 0 }
        for node in 0..<n { totals[Int(community[node])] += graph.strengths[node] }
        var order = (0..<Int32(truncatingIfNeeded: n)).map { $0 }
        generator.shuffle(&order)
        for (index, node) in order.enumerated() {
            queue[index] = node
            isQueued[Int(node)] = true
        }
        var head = 0, pending = n
        var moved = false
        let scale = resolution / doubledWeight
        var touched: [Int32] = []
        swap(&touched, &self.touched)
        defer { swap(&touched, &self.touched) }
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.targets.withUnsafeBufferPointer { targets in
        graph.weights.withUnsafeBufferPointer { weights in
        community.withUnsafeMutableBufferPointer { community in
        sums.withUnsafeMutableBufferPointer { sums in
        totals.withUnsafeMutableBufferPointer { totals in
        queue.withUnsafeMutableBufferPointer { queue in
        isQueued.withUnsafeMutableBufferPointer { isQueued in
            while pending > 0 {
                let node = Int(queue[head])
                head = head + 1 == n ? 0 : head + 1
                pending -= 1
                isQueued[node] = false
                let current = Int(community[node])
                let strength = graph.strengths[node]
                let start = offsets[node], end = offsets[node + 1]
                for position in start..<end {
                    let label = Int(community[Int(targets[position])])
                    if sums[label] == 0 { touched.append(Int32(truncatingIfNeeded: label)) }
                    sums[label] += weights[position]
                }
                totals[current] -= strength
                var best = current
                var bestGain = sums[current] - totals[current] * strength * scale
                let margin = 1e-12 * strength
                for label in touched {
                    let gain = sums[Int(label)] - totals[Int(label)] * strength * scale
                    if gain > bestGain + margin {
                        best = Int(label)
                        bestGain = gain
                    }
                }
                totals[best] += strength
                for label in touched { sums[Int(label)] = 0 }
                touched.removeAll(keepingCapacity: true)
                guard best != current else { continue }
                community[node] = Int32(truncatingIfNeeded: best)
                moved = true
                for position in start..<end {
                    let neighbour = Int(targets[position])
                    if !isQueued[neighbour], Int(community[neighbour]) != best {
                        isQueued[neighbour] = true
                        var tail = head + pending
                        if tail >= n { tail -= n }
                        queue[tail] = Int32(truncatingIfNeeded: neighbour)
                        pending += 1
                    }
                }
            }
        }}}}}}}}
        return moved
    }

    /// Renumbers the labels `0..<count` in the order of their first node; returns `count`.
    /// - Complexity: O(nodes).
    static func renumber(_ labels: inout [Int32]) -> Int {
        var map = [Int32](repeating: -1, count: labels.count)
        var count: Int32 = 0
        for index in labels.indices {
            let old = Int(labels[index])
            if map[old] < 0 {
                map[old] = count
                count += 1
            }
            labels[index] = map[old]
        }
        return Int(count)
    }
}
