import Foundation

/// Work memory for ranking around one source node at a time, the way the recommender and the offline
/// evaluation need it: the two-hop scores (common neighbours, Adamic-Adar and resource allocation, all in one
/// pass) and personalized PageRank by local push. Arrays are reset through touched lists, so a query costs
/// what it touches, not the graph's size. Not shared between threads: one per thread.
///
/// The two-hop scores are those of ``ProximityScorer`` (and networkx): candidates are the nodes at distance
/// exactly 2. The push scores approximate ``PersonalizedPageRank`` within `epsilon × strength` per node.
public final class LocalNeighbourhood {
    /// Per node: common neighbours with the last two-hop source (0 outside ``twoHopTouched``).
    public private(set) var commonNeighbours: [Float]
    /// Per node: Adamic-Adar (Σ 1/ln deg of the common neighbours).
    public private(set) var adamicAdar: [Float]
    /// Per node: resource allocation (Σ 1/deg of the common neighbours).
    public private(set) var resourceAllocation: [Float]
    /// Per node: weighted common neighbours (Σ over the common neighbours of the lighter of the two ties'
    /// weights), so that a path of collaborations counts more than one of single messages.
    public private(set) var weightedCommon: [Float]
    /// The candidates of the last two-hop pass.
    public private(set) var twoHopTouched: [Int32] = []
    /// Per node: the last push's PageRank estimate (0 outside ``pushTouched``).
    public private(set) var pagerank: [Float]
    /// The nodes the last push reached.
    public private(set) var pushTouched: [Int32] = []
    private var residual: [Float]
    private var queued: [Bool]
    private var stamps: [UInt32]
    private var generation: UInt32 = 0

    /// Memory for `nodeCount` nodes (29 bytes each).
    public init(nodeCount: Int) {
        commonNeighbours = [Float](repeating: 0, count: nodeCount)
        weightedCommon = [Float](repeating: 0, count: nodeCount)
        adamicAdar = [Float](repeating: 0, count: nodeCount)
        resourceAllocation = [Float](repeating: 0, count: nodeCount)
        pagerank = [Float](repeating: 0, count: nodeCount)
        residual = [Float](repeating: 0, count: nodeCount)
        queued = [Bool](repeating: false, count: nodeCount)
        stamps = [UInt32](repeating: 0, count: nodeCount)
    }

    /// Common neighbours, Adamic-Adar and resource allocation of every node two hops from `source` (not the
    /// source, not its neighbours), over the unweighted structure.
    /// - Complexity: O(Σ over the neighbours w of `source` of deg(w)).
    public func twoHop(from source: Int, graph: Graph) {
        // The arrays move out of the stored properties for the pass and back after it: local arrays are
        // unique (no copy on write) and need no exclusivity check per access, as stored properties of a class do.
        var commonNeighbours = self.commonNeighbours, adamicAdar = self.adamicAdar
        var resourceAllocation = self.resourceAllocation, stamps = self.stamps, touched = twoHopTouched
        var weightedCommon = self.weightedCommon
        self.commonNeighbours = []; self.adamicAdar = []; self.resourceAllocation = []; self.stamps = []
        self.weightedCommon = []
        twoHopTouched = []
        defer {
            self.commonNeighbours = commonNeighbours; self.adamicAdar = adamicAdar
            self.resourceAllocation = resourceAllocation; self.stamps = stamps; twoHopTouched = touched
            self.weightedCommon = weightedCommon
        }
        for node in touched {
            weightedCommon[Int(node)] = 0
            commonNeighbours[Int(node)] = 0
            adamicAdar[Int(node)] = 0
            resourceAllocation[Int(node)] = 0
        }
        touched.removeAll(keepingCapacity: true)
        if generation >= UInt32.max / 2 - 1 {
            for index in stamps.indices { stamps[index] = 0 }
            generation = 0
        }
        generation += 1
        let near = generation * 2, reached = near + 1
        let offsets = graph.offsets, targets = graph.targets, weights = graph.weights
        stamps[source] = near
        for e in offsets[source]..<offsets[source + 1] { stamps[Int(targets[e])] = near }
        for e in offsets[source]..<offsets[source + 1] {
            let middle = Int(targets[e])
            let degree = offsets[middle + 1] - offsets[middle]
            guard degree > 1 else { continue }
            let aa = Float(ProximityMethod.adamicAdar.contribution(ofDegree: degree))
            let ra = Float(ProximityMethod.resourceAllocation.contribution(ofDegree: degree))
            let firstWeight = weights[e]
            for f in offsets[middle]..<offsets[middle + 1] {
                let candidate = Int(targets[f])
                let stamp = stamps[candidate]
                if stamp == near { continue }
                if stamp != reached {
                    stamps[candidate] = reached
                    touched.append(Int32(candidate))
                }
                commonNeighbours[candidate] += 1
                adamicAdar[candidate] += aa
                resourceAllocation[candidate] += ra
                weightedCommon[candidate] += min(firstWeight, weights[f])
            }
        }
    }

    /// Approximate personalized PageRank from `source` by forward push (Andersen, Chung, Lang 2006): restart
    /// probability `1 - damping`, edge weights respected, residual per unit strength below `epsilon` left
    /// unpushed (so each score is within `epsilon × strength` of the exact one, as ``PersonalizedPageRank``
    /// computes it with `normalized` scores).
    /// - Complexity: O(1 / (epsilon × (1 - damping))) pushes, each O(degree); at most 2²⁰ queued nodes.
    public func pushPageRank(from source: Int, graph: Graph, damping: Float = 0.85, epsilon: Float = 1e-5) {
        // Local arrays for the pass, as in `twoHop`.
        var pagerank = self.pagerank, residual = self.residual, queued = self.queued, touched = pushTouched
        self.pagerank = []; self.residual = []; self.queued = []; pushTouched = []
        defer { self.pagerank = pagerank; self.residual = residual; self.queued = queued; pushTouched = touched }
        for node in touched {
            pagerank[Int(node)] = 0
            residual[Int(node)] = 0
            queued[Int(node)] = false
        }
        touched.removeAll(keepingCapacity: true)
        let offsets = graph.offsets, targets = graph.targets, weights = graph.weights, strengths = graph.strengths
        let alpha = 1 - damping
        var queue: [Int32] = [Int32(source)]
        var head = 0
        residual[source] = 1
        queued[source] = true
        touched.append(Int32(source))
        while head < queue.count {
            let node = Int(queue[head])
            head += 1
            queued[node] = false
            let strength = Float(strengths[node])
            let mass = residual[node]
            guard strength > 0 else {
                pagerank[node] += mass
                residual[node] = 0
                continue
            }
            pagerank[node] += alpha * mass
            residual[node] = 0
            let spread = damping * mass / strength
            for e in offsets[node]..<offsets[node + 1] {
                let next = Int(targets[e])
                if residual[next] == 0, pagerank[next] == 0 { touched.append(Int32(next)) }
                residual[next] += spread * weights[e]
                if !queued[next], residual[next] >= epsilon * Float(strengths[next]) {
                    queued[next] = true
                    queue.append(Int32(next))
                }
            }
            if queue.count > 1 << 20 { break }  // bounded work on huge graphs
        }
    }
}
