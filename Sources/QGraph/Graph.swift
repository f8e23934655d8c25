/// An immutable, undirected, weighted graph in compressed sparse row (CSR) form.
///
/// Nodes are the dense indices `0..<nodeCount`; QGraph knows nothing of what they stand for. Each undirected
/// edge is stored twice, once in each endpoint's row. The neighbours of `v` are
/// `targets[offsets[v]..<offsets[v + 1]]`, sorted by index, with the edge weights at the same positions
/// in `weights`. There are no self loops and no parallel edges.
///
/// Memory: `offsets` (`nodeCount + 1` × 8 bytes), `targets` and `weights` (2 × `edgeCount` × 4 bytes each),
/// `strengths` (`nodeCount` × 8 bytes): O(nodes + edges).
public struct Graph: Sendable {
    /// The number of nodes; nodes are `0..<nodeCount`.
    public let nodeCount: Int
    /// Row starts: `nodeCount + 1` entries, `offsets[0] == 0`, `offsets[nodeCount] == targets.count`.
    public let offsets: [Int]
    /// The neighbours of every node, row after row, each row sorted ascending.
    public let targets: [Int32]
    /// The weight of the edge at the same position in `targets` (> 0).
    public let weights: [Float]
    /// The weighted degree of every node: the sum of its edge weights.
    public let strengths: [Double]
    /// The sum of all edge weights (each undirected edge once).
    public let totalWeight: Double
    /// Whether every edge has weight 1.
    public let isUnweighted: Bool

    /// The number of undirected edges.
    public var edgeCount: Int { targets.count / 2 }

    /// The number of neighbours of `node`.
    public func degree(of node: Int) -> Int { offsets[node + 1] - offsets[node] }

    /// The neighbours of `node`, ascending.
    public func neighbours(of node: Int) -> ArraySlice<Int32> { targets[offsets[node]..<offsets[node + 1]] }

    /// The weights of the edges to `neighbours(of: node)`, in the same order.
    public func edgeWeights(of node: Int) -> ArraySlice<Float> { weights[offsets[node]..<offsets[node + 1]] }

    /// The weight of the edge between `a` and `b`, or nil when they are not adjacent.
    /// - Complexity: O(log degree(a)).
    public func weight(between a: Int, and b: Int) -> Float? {
        guard a >= 0, a < nodeCount, b >= 0, b < nodeCount else { return nil }
        var low = offsets[a], high = offsets[a + 1]
        let key = Int32(b)
        while low < high {
            let middle = (low + high) / 2
            if targets[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low < offsets[a + 1] && targets[low] == key ? weights[low] : nil
    }

    /// Builds the graph from an edge list; edges joining the same pair are merged by `duplicates`.
    /// - Throws: ``GraphError`` when `nodeCount` is negative or too large, or an edge has an endpoint outside
    ///   `0..<nodeCount`, joins a node to itself, or has a weight that is not finite and greater than zero.
    /// - Complexity: O(nodes + edges × log(max degree)) time; O(nodes + edges) memory.
    public init(nodeCount: Int, edges: [WeightedEdge], duplicates: DuplicatePolicy = .sum) throws(GraphError) {
        guard nodeCount >= 0, nodeCount < Int(Int32.max) else {
            throw .invalidEdge("node count \(nodeCount) is out of range (expected 0..<\(Int32.max))")
        }
        let limit = Int32(nodeCount)
        var counts = [Int](repeating: 0, count: nodeCount + 1)
        for (position, edge) in edges.enumerated() {
            guard edge.source >= 0, edge.source < limit, edge.target >= 0, edge.target < limit else {
                throw .invalidEdge("edge \(position): \(edge.source) - \(edge.target) has an endpoint outside 0..<\(nodeCount)")
            }
            guard edge.source != edge.target else {
                throw .invalidEdge("edge \(position): self loop on node \(edge.source) (expected two different nodes)")
            }
            guard edge.weight.isFinite, edge.weight > 0 else {
                throw .invalidEdge("edge \(position): weight \(edge.weight) (expected a finite number greater than 0)")
            }
            counts[Int(edge.source) + 1] += 1
            counts[Int(edge.target) + 1] += 1
        }
        for node in 0..<nodeCount { counts[node + 1] += counts[node] }
        let rows = Self.mergedRows(nodeCount: nodeCount, starts: counts, edges: edges, duplicates: duplicates)
        self.init(nodeCount: nodeCount, offsets: rows.offsets, targets: rows.targets, weights: rows.weights)
    }

    /// Builds the graph from edges each given once, as `ends[2e] < ends[2e + 1]`, in ascending (source,
    /// target) order (the form an index file stores), without sorting any row.
    ///
    /// Why no row needs sorting: edges are scattered to both ends in input order. Row `r` first receives the
    /// edges `(s, r)` with `s < r`, which come in ascending `s` (they are ordered by source, and every one of
    /// them precedes the edges `(r, t)`, whose source `r` is larger); then the edges `(r, t)`, in ascending `t`.
    /// So each row is ascending, and it has no repeats because no pair is given twice.
    /// - Throws: ``GraphError`` when an edge is out of range, out of order, repeated, or has a weight that is
    ///   not finite and greater than zero, or `ends` is not two per weight.
    /// - Complexity: O(nodes + edges).
    public init(nodeCount: Int, orderedEnds ends: [Int32], weights edgeWeights: [Float]) throws(GraphError) {
        guard nodeCount >= 0, nodeCount < Int(Int32.max) else {
            throw .invalidEdge("node count \(nodeCount) is out of range (expected 0..<\(Int32.max))")
        }
        guard ends.count == 2 * edgeWeights.count else {
            throw .invalidEdge("\(ends.count) ends for \(edgeWeights.count) edges (expected two per edge)")
        }
        var starts = [Int](repeating: 0, count: nodeCount + 1)
        var previous: (Int32, Int32) = (-1, -1)
        for e in 0..<edgeWeights.count {
            let s = ends[2 * e], t = ends[2 * e + 1], weight = edgeWeights[e]
            guard s >= 0, s < t, Int(t) < nodeCount, previous < (s, t), weight.isFinite, weight > 0 else {
                throw .invalidEdge("edge \(e): \(s) - \(t), weight \(weight) (expected 0 ≤ source < target < "
                    + "\(nodeCount) in ascending order, each pair once, weight finite and > 0)")
            }
            previous = (s, t)
            starts[Int(s) + 1] += 1
            starts[Int(t) + 1] += 1
        }
        for node in 0..<nodeCount { starts[node + 1] += starts[node] }
        let entryCount = starts[nodeCount]
        var next = starts
        var targets = [Int32](repeating: 0, count: entryCount)
        var weights = [Float](repeating: 0, count: entryCount)
        targets.withUnsafeMutableBufferPointer { targetsOut in
            weights.withUnsafeMutableBufferPointer { weightsOut in
                for e in 0..<edgeWeights.count {
                    let s = Int(ends[2 * e]), t = Int(ends[2 * e + 1]), weight = edgeWeights[e]
                    targetsOut[next[s]] = Int32(t)
                    weightsOut[next[s]] = weight
                    next[s] += 1
                    targetsOut[next[t]] = Int32(s)
                    weightsOut[next[t]] = weight
                    next[t] += 1
                }
            }
        }
        self.init(nodeCount: nodeCount, offsets: starts, targets: targets, weights: weights)
    }

    /// Wraps CSR arrays that are already valid (sorted rows, symmetric, no loops or duplicates).
    init(nodeCount: Int, offsets: [Int], targets: [Int32], weights: [Float]) {
        self.nodeCount = nodeCount
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        var strengths = [Double](repeating: 0, count: nodeCount)
        var total = 0.0
        var unweighted = true
        weights.withUnsafeBufferPointer { w in
            for node in 0..<nodeCount {
                var sum = 0.0
                for position in offsets[node]..<offsets[node + 1] {
                    sum += Double(w[position])
                    unweighted = unweighted && w[position] == 1
                }
                strengths[node] = sum
                total += sum
            }
        }
        self.strengths = strengths
        self.totalWeight = total / 2
        self.isUnweighted = unweighted
    }

    /// Scatters both directions of every edge into rows, sorts each row and merges duplicates in place.
    private static func mergedRows(nodeCount: Int, starts: [Int], edges: [WeightedEdge], duplicates: DuplicatePolicy)
        -> (offsets: [Int], targets: [Int32], weights: [Float]) {
        // One UInt64 per entry: target in the high half, weight bits in the low half, so that sorting the
        // row sorts by target (positive floats order like their bit patterns).
        let entryCount = starts[nodeCount]
        var packed = [UInt64](repeating: 0, count: entryCount)
        var next = starts
        packed.withUnsafeMutableBufferPointer { out in
            for edge in edges {
                let bits = UInt64(edge.weight.bitPattern)
                let s = Int(edge.source), t = Int(edge.target)
                out[next[s]] = UInt64(UInt32(edge.target)) << 32 | bits
                next[s] += 1
                out[next[t]] = UInt64(UInt32(edge.source)) << 32 | bits
                next[t] += 1
            }
        }
        var offsets = [Int](repeating: 0, count: nodeCount + 1)
        var targets = [Int32](), weights = [Float]()
        targets.reserveCapacity(entryCount)
        weights.reserveCapacity(entryCount)
        packed.withUnsafeMutableBufferPointer { all in
            for node in 0..<nodeCount {
                var row = UnsafeMutableBufferPointer(rebasing: all[starts[node]..<starts[node + 1]])
                row.sort()
                var previous: Int32 = -1
                for entry in row {
                    let target = Int32(truncatingIfNeeded: entry >> 32)
                    let weight = Float(bitPattern: UInt32(truncatingIfNeeded: entry))
                    if target == previous {
                        let last = weights.count - 1
                        weights[last] = duplicates == .sum ? weights[last] + weight : Swift.max(weights[last], weight)
                    } else {
                        targets.append(target)
                        weights.append(weight)
                        previous = target
                    }
                }
                offsets[node + 1] = targets.count
            }
        }
        return (offsets, targets, weights)
    }
}
