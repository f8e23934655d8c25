import Foundation
import QGraph

/// Per-thread work memory for ranking one member: two-hop sums and local PageRank residuals, reset by
/// touched lists so that a query costs what it touches, not the graph's size.
public final class RankingScratch {
    var commonNeighbours: [Float]
    var adamicAdar: [Float]
    var resourceAllocation: [Float]
    var twoHopStamp: [UInt32]
    var twoHopTouched: [Int32] = []
    var pagerank: [Float]
    var residual: [Float]
    var pushTouched: [Int32] = []
    var queued: [Bool]
    var candidateStamp: [UInt32]
    var generation: UInt32 = 0
    /// Pair buckets already hashed: `(query category code + 1) << 32 | candidate category code`.
    var bucketCache: [UInt64: Int32] = [:]

    public init(nodeCount: Int) {
        commonNeighbours = [Float](repeating: 0, count: nodeCount)
        adamicAdar = [Float](repeating: 0, count: nodeCount)
        resourceAllocation = [Float](repeating: 0, count: nodeCount)
        twoHopStamp = [UInt32](repeating: 0, count: nodeCount)
        pagerank = [Float](repeating: 0, count: nodeCount)
        residual = [Float](repeating: 0, count: nodeCount)
        queued = [Bool](repeating: false, count: nodeCount)
        candidateStamp = [UInt32](repeating: 0, count: nodeCount)
    }

    func nextGeneration() -> UInt32 {
        generation &+= 1
        if generation == 0 {
            for i in twoHopStamp.indices { twoHopStamp[i] = 0; candidateStamp[i] = 0 }
            generation = 1
        }
        return generation
    }

    /// Common neighbours, Adamic-Adar (1/ln deg) and resource allocation (1/deg) of every node two hops
    /// from `source` (unweighted structure, as networkx defines them).
    func twoHop(from source: Int, graph: Graph) {
        for node in twoHopTouched {
            commonNeighbours[Int(node)] = 0
            adamicAdar[Int(node)] = 0
            resourceAllocation[Int(node)] = 0
        }
        twoHopTouched.removeAll(keepingCapacity: true)
        let stamp = nextGeneration()
        for e in graph.offsets[source]..<graph.offsets[source + 1] {
            let middle = Int(graph.targets[e])
            let degree = graph.offsets[middle + 1] - graph.offsets[middle]
            guard degree > 1 else { continue }
            let aa = 1 / Float(log(Double(degree))), ra = 1 / Float(degree)
            for f in graph.offsets[middle]..<graph.offsets[middle + 1] {
                let candidate = Int(graph.targets[f])
                if candidate == source { continue }
                if twoHopStamp[candidate] != stamp {
                    twoHopStamp[candidate] = stamp
                    twoHopTouched.append(Int32(candidate))
                }
                commonNeighbours[candidate] += 1
                adamicAdar[candidate] += aa
                resourceAllocation[candidate] += ra
            }
        }
    }

    /// Approximate personalized PageRank from `source` by forward push (Andersen, Chung, Lang 2006):
    /// restart probability `1 - damping`, edge weights respected, residual per unit strength below
    /// `epsilon` left unpushed (so each score is within `epsilon × strength` of the exact one).
    func pushPageRank(from source: Int, graph: Graph, damping: Float = 0.85, epsilon: Float = 1e-5) {
        for node in pushTouched {
            pagerank[Int(node)] = 0
            residual[Int(node)] = 0
            queued[Int(node)] = false
        }
        pushTouched.removeAll(keepingCapacity: true)
        let alpha = 1 - damping
        var queue: [Int32] = [Int32(source)]
        var head = 0
        residual[source] = 1
        queued[source] = true
        pushTouched.append(Int32(source))
        while head < queue.count {
            let node = Int(queue[head])
            head += 1
            queued[node] = false
            let strength = Float(graph.strengths[node])
            let mass = residual[node]
            guard strength > 0 else {
                pagerank[node] += mass
                residual[node] = 0
                continue
            }
            pagerank[node] += alpha * mass
            residual[node] = 0
            let spread = damping * mass / strength
            for e in graph.offsets[node]..<graph.offsets[node + 1] {
                let next = Int(graph.targets[e])
                if residual[next] == 0, pagerank[next] == 0 { pushTouched.append(Int32(next)) }
                residual[next] += spread * graph.weights[e]
                if !queued[next], residual[next] >= epsilon * Float(graph.strengths[next]) {
                    queued[next] = true
                    queue.append(Int32(next))
                }
            }
            if queue.count > 1 << 20 { break }  // bounded work on huge graphs
        }
    }
}
