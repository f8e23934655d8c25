import QLinearAlgebra
/// Personalized PageRank from one source at a time, by power iteration, reusing its work memory.
///
/// The stationary distribution of a walk that, at each step, follows an edge with probability `damping`
/// (to a neighbour chosen in proportion to the edge weight) and otherwise restarts at the source; a walk at a
/// node with no edges restarts at the source. This is networkx's
/// `pagerank(G, alpha=damping, personalization={source: 1}, weight="weight")` (dangling nodes follow the
/// personalization), computed by Jacobi iteration from the source's indicator vector in a pull form: one
/// pass over the CSR arrays per iteration, split by node ranges among the threads, no allocation inside the
/// loop. Each pass reads only the previous iterate, so the scores do not depend on the thread count.
/// (In-place Gauss–Seidel passes were tried: on a 100k-node planted partition they needed 69 passes
/// against Jacobi's 64.)
///
/// Memory: 32 bytes per node, allocated once. Not `Sendable`: copies share the work memory, so make one
/// solver per thread.
public struct PersonalizedPageRank {
    public let graph: Graph
    private let memory: PageRankMemory

    /// A solver for `graph`.
    /// - Complexity: O(nodes).
    public init(graph: Graph) {
        self.graph = graph
        memory = PageRankMemory(strengths: graph.strengths)
    }

    /// The scores of every node for `source` (they sum to 1).
    /// - Throws: ``GraphError`` when `source` is not a node or an option is out of range.
    /// - Complexity: O(iterations × (nodes + edges) / threads); iterations ≤ `maxIterations`, about
    ///   log(tolerance) / log(damping) at worst.
    public mutating func scores(from source: Int, options: PageRankOptions = .init()) throws(GraphError)
        -> PageRankResult {
        let (iterations, change) = try iterate(from: source, options: options)
        return PageRankResult(scores: Array(memory.scores), iterations: iterations, change: change,
                              isConverged: change < options.tolerance)
    }

    /// The `limit` best candidates for `source`, best first (ties: lower index first): nodes with a score
    /// above 0 that are neither the source nor its neighbours, and whose `allowed` flag (when given) is true.
    /// - Throws: ``GraphError`` when `source` is not a node, `allowed` has the wrong length or an option is
    ///   out of range.
    /// - Complexity: that of ``scores(from:options:)``, + nodes × log `limit`.
    public mutating func top(_ limit: Int, from source: Int, options: PageRankOptions = .init(),
                             allowed: [Bool]? = nil) throws(GraphError) -> (ranked: [ScoredNode], iterations: Int) {
        if let allowed, allowed.count != graph.nodeCount {
            throw .invalidArgument("the candidate mask has \(allowed.count) flags (expected \(graph.nodeCount))")
        }
        let (iterations, _) = try iterate(from: source, options: options)
        var best = TopK<Double>(limit: limit)
        let x = memory.scores
        let start = graph.offsets[source], end = graph.offsets[source + 1]
        graph.targets.withUnsafeBufferPointer { targets in
            var next = start   // the source's row is sorted: walk it alongside the nodes
            for node in 0..<x.count {
                if next < end, Int(targets[next]) == node { next += 1; continue }
                let score = x[node]
                guard score > 0, node != source else { continue }
                if let allowed, !allowed[node] { continue }
                best.offer(Int32(truncatingIfNeeded: node), score)
            }
        }
        return (best.sorted(), iterations)
    }

    /// Runs the iteration; the result is left in `memory.scores`.
    private mutating func iterate(from source: Int, options: PageRankOptions) throws(GraphError)
        -> (iterations: Int, change: Double) {
        guard source >= 0, source < graph.nodeCount else {
            throw .unknownNode("node \(source) is not in the graph (expected 0..<\(graph.nodeCount))")
        }
        try options.validate()
        let n = graph.nodeCount
        let memory = self.memory
        memory.scores.update(repeating: 0)
        memory.scaled.update(repeating: 0)
        memory.scores[source] = 1
        memory.scaled[source] = memory.inverse[source]
        var dangling = memory.inverse[source] == 0 ? 1.0 : 0.0
        // With no edges at all every walk stays at the source (and the kernel needs non-empty rows).
        if graph.targets.isEmpty { return (1, 0) }
        let chunks = Self.chunks(of: graph, parts: Swift.min(options.threads, Swift.max(1, n / 1024)))
        let partials = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * chunks.count)
        defer { partials.deallocate() }
        let damping = options.damping
        let weighted = !graph.isUnweighted
        var iterations = 0, change = Double.infinity
        graph.offsets.withUnsafeBufferPointer { offsets in
        graph.targets.withUnsafeBufferPointer { targets in
        graph.weights.withUnsafeBufferPointer { weights in
            // Every buffer is non-empty here: there is a node (the source) and an edge (checked above).
            var y = memory.scaled.baseAddress!, yNext = memory.scaledNext.baseAddress!
            while iterations < options.maxIterations, change >= options.tolerance {
                let kernel = PageRankKernel(
                    offsets: SharedReadPointer(base: offsets.baseAddress!),
                    targets: SharedReadPointer(base: targets.baseAddress!),
                    weights: weighted ? SharedReadPointer(base: weights.baseAddress!) : nil,
                    inverse: SharedReadPointer(base: memory.inverse.baseAddress!), y: SharedReadPointer(base: y),
                    x: SharedPointer(base: memory.scores.baseAddress!), yNext: SharedPointer(base: yNext),
                    partials: SharedPointer(base: partials.baseAddress!),
                    source: source, damping: damping, restart: damping * dangling + (1 - damping))
                if chunks.count == 1 {
                    kernel.run(chunks[0], part: 0)
                } else {
                    Parallel.run(chunks: chunks.count) { part in kernel.run(chunks[part], part: part) }
                }
                swap(&y, &yNext)
                change = 0
                dangling = 0
                for part in chunks.indices {
                    change += partials[2 * part]
                    dangling += partials[2 * part + 1]
                }
                iterations += 1
            }
        }}}
        return (iterations, change)
    }

    /// Splits `0..<nodeCount` into `parts` ranges with about the same number of nodes + edge entries.
    static func chunks(of graph: Graph, parts: Int) -> [Range<Int>] {
        let n = graph.nodeCount
        guard parts > 1 else { return [0..<n] }
        let total = n + graph.targets.count
        var bounds = [0]
        for part in 1..<parts {
            let goal = total * part / parts
            var low = bounds[bounds.count - 1], high = n
            while low < high {
                let middle = (low + high) / 2
                if middle + graph.offsets[middle] < goal { low = middle + 1 } else { high = middle }
            }
            bounds.append(low)
        }
        bounds.append(n)
        return (0..<parts).map { bounds[$0]..<bounds[$0 + 1] }
    }
}

/// The work memory of ``PersonalizedPageRank``: allocated once, freed with the last solver that uses it.
/// A class so that the buffers keep one address for the solver's lifetime (pointers are taken once).
final class PageRankMemory {
    /// The current iterate, then the result.
    let scores: UnsafeMutableBufferPointer<Double>
    /// `scores[v] / strength(v)` (0 for a node with no edges), current and next.
    let scaled: UnsafeMutableBufferPointer<Double>
    let scaledNext: UnsafeMutableBufferPointer<Double>
    /// `1 / strength(v)`, or 0 for a node with no edges.
    let inverse: UnsafeMutableBufferPointer<Double>

    init(strengths: [Double]) {
        let count = strengths.count
        scores = .allocate(capacity: count)
        scores.initialize(repeating: 0)
        scaled = .allocate(capacity: count)
        scaled.initialize(repeating: 0)
        scaledNext = .allocate(capacity: count)
        scaledNext.initialize(repeating: 0)
        inverse = .allocate(capacity: count)
        for (node, strength) in strengths.enumerated() { inverse[node] = strength > 0 ? 1 / strength : 0 }
    }

    deinit {
        scores.deallocate()
        scaled.deallocate()
        scaledNext.deallocate()
        inverse.deallocate()
    }
}
