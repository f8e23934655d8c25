/// One edge offered to ``MaximumWeightMatching``: two distinct nodes `0..<nodeCount` and an integer weight.
public struct MatchingEdge: Sendable, Hashable {
    public var a: Int
    public var b: Int
    public var weight: Int64

    public init(_ a: Int, _ b: Int, weight: Int64) {
        self.a = a
        self.b = b
        self.weight = weight
    }
}

/// Exact maximum-weight matching in a general graph: Edmonds' blossom algorithm with dual variables (Galil's
/// O(n³) formulation), a port of Joris van Rantwijk's `mwmatching.py`, which networkx's `max_weight_matching`
/// also is. With `maxCardinality`, the matching has the most edges possible and, among those, the largest
/// total weight.
///
/// Weights are integers so that every dual update is exact: with integer weights and duals starting at the
/// largest weight, every slack of an edge between two S-blossoms is even, so halving it stays an integer, and
/// "is this edge tight" (slack 0) is an exact comparison, never a floating-point guess. Callers with real
/// weights scale them (``mates(nodeCount:edges:resolution:maxCardinality:)`` does, to `resolution`).
public enum MaximumWeightMatching {
    /// The partner of every node (-1 when unmatched).
    /// - Throws: ``GraphError`` (invalid edge) for an endpoint outside `0..<nodeCount`, a self loop, or a weight
    ///   above 2⁵⁸ in magnitude (sums of duals must not overflow).
    /// - Complexity: O(n × (n + m)) per stage in the worst case, O(n³ + n·m) overall; n = `nodeCount`,
    ///   m = edges.
    /// - Parameter probe: with `maxCardinality`, an answer that is not perfect may be returned without its cold
    ///   recomputation (its cardinality is right, its weight may not be the largest): for callers that only
    ///   look for unmatched nodes before adding edges.
    public static func mates(nodeCount: Int, edges: [MatchingEdge], maxCardinality: Bool = true,
                             probe: Bool = false) throws -> [Int] {
        for edge in edges {
            guard (0..<nodeCount).contains(edge.a), (0..<nodeCount).contains(edge.b) else {
                throw GraphError.invalidEdge("matching edge \(edge.a)–\(edge.b): endpoint outside 0..<\(nodeCount)")
            }
            guard edge.a != edge.b else { throw GraphError.invalidEdge("matching edge \(edge.a)–\(edge.b): a self loop") }
            guard abs(edge.weight) < 1 << 58 else {
                throw GraphError.invalidEdge("matching edge \(edge.a)–\(edge.b): weight \(edge.weight) beyond ±2^58")
            }
        }
        guard !edges.isEmpty else { return [Int](repeating: -1, count: nodeCount) }
        if maxCardinality {
            if let mates = pricedMates(nodeCount: nodeCount, edges: edges) { return mates }
            // Warm start (``BlossomSolver/startWarm()``): tight matched edges, feasible but unequal vertex
            // duals, which is harmless for a perfect matching (its LP has free vertex duals) but not otherwise:
            // a result that is not perfect is recomputed from the cold start, whose free vertices keep equal
            // duals.
            var warm = BlossomSolver(nodeCount: nodeCount, edges: edges, maxCardinality: true, warmStart: true)
            let mates = warm.solve()
            if probe || !mates.contains(-1) { return mates }
        }
        var solver = BlossomSolver(nodeCount: nodeCount, edges: edges, maxCardinality: maxCardinality)
        return solver.solve()
    }

    /// Edges kept per node in the core that ``pricedMates(nodeCount:edges:)`` solves first.
    static let coreDegree = 10

    /// The maximum-weight perfect matching over all `edges`, found on a core of them: each node's
    /// ``coreDegree`` heaviest edges. The core is solved (warm start); then every other edge is priced with the
    /// core's final duals, `y(u) + y(v) − w(u,v) + Σ z(B)` over the blossoms holding both ends. When the core's
    /// matching is perfect and no edge prices below 0, the duals are feasible for the whole graph and the
    /// matching meets complementary slackness with them, so it is optimal for the whole graph (LP duality for
    /// the perfect-matching polytope, whose vertex duals are free). Edges priced below 0 join the core and it
    /// is solved again.
    /// - Returns: nil when the graph is too sparse to gain, or a core's matching is not perfect, or eight rounds
    ///   did not settle: the caller then solves the whole graph.
    static func pricedMates(nodeCount n: Int, edges: [MatchingEdge]) -> [Int]? {
        guard edges.count > coreDegree * n else { return nil }
        var incident = [[Int]](repeating: [], count: n)
        for (k, edge) in edges.enumerated() {
            incident[edge.a].append(k)
            incident[edge.b].append(k)
        }
        var inCore = [Bool](repeating: false, count: edges.count)
        for list in incident {
            let top = list.sorted { (edges[$0].weight, $1) > (edges[$1].weight, $0) }.prefix(coreDegree)
            for k in top { inCore[k] = true }
        }
        for _ in 0..<8 {
            var solver = BlossomSolver(nodeCount: n, edges: edges.indices.filter { inCore[$0] }.map { edges[$0] },
                                       maxCardinality: true, warmStart: true)
            let mates = solver.solve()
            guard !mates.contains(-1) else { return nil }
            var isFeasible = true
            for k in edges.indices where !inCore[k] && solver.price(edges[k]) < 0 {
                inCore[k] = true
                isFeasible = false
            }
            if isFeasible { return mates }
        }
        return nil
    }

    /// As ``mates(nodeCount:edges:maxCardinality:)`` for real weights, each rounded to a multiple of
    /// `resolution` first: the matching is exact for the rounded weights.
    /// - Throws: ``GraphError`` (invalid edge) also for a weight that is not finite.
    public static func mates(nodeCount: Int, edges: [(a: Int, b: Int, weight: Double)], resolution: Double = 1e-6,
                             maxCardinality: Bool = true) throws -> [Int] {
        let scaled = try edges.map { edge -> MatchingEdge in
            let units = (edge.weight / resolution).rounded()
            guard units.isFinite, abs(units) < Double(1 << 58) else {
                throw GraphError.invalidEdge("matching edge \(edge.a)–\(edge.b): weight \(edge.weight) is not a finite "
                    + "number within ±2^58 × \(resolution)")
            }
            return MatchingEdge(edge.a, edge.b, weight: Int64(units))
        }
        return try mates(nodeCount: nodeCount, edges: scaled, maxCardinality: maxCardinality)
    }
}

/// The state of one run of the blossom algorithm; names follow `mwmatching.py` so the two can be read side by
/// side. Endpoint `p` of edge `k = p / 2` is `edges[k].a` when `p` is even, `edges[k].b` when odd; `p ^ 1` is
/// the other end. Blossoms are numbered `nodeCount..<2 × nodeCount`; a node is its own trivial blossom.
struct BlossomSolver {
    let n: Int
    let ea: [Int], eb: [Int], ew: [Int64]
    let maxCardinality: Bool
    var endpoint: [Int]
    var neighbend: [[Int]]
    var mate: [Int]
    var label: [Int]
    var labelend: [Int]
    var inblossom: [Int]
    var blossomparent: [Int]
    var blossomchilds: [[Int]]
    var blossombase: [Int]
    var blossomendps: [[Int]]
    var bestedge: [Int]
    var blossombestedges: [[Int]?]
    var unusedblossoms: [Int]
    var dualvar: [Int64]
    var allowedge: [Bool]
    var queue: [Int] = []
    /// Vertices labelled in this stage (each once, by `activeStamp`): only they change duals.
    var active: [Int] = []
    var activeStamp: [Int]
    var stage = 0
    /// Vertices given a best edge while free of labels in this stage (each once, by `candidateStamp`).
    var candidates: [Int] = []
    var candidateStamp: [Int]
    /// Edges allowed in this stage (reset at the next stage's start instead of a pass over every edge).
    var allowed: [Int] = []
    /// Non-trivial blossoms in use.
    var blossomsInUse: [Int] = []

    init(nodeCount: Int, edges: [MatchingEdge], maxCardinality: Bool, warmStart: Bool = false) {
        n = nodeCount
        // Doubled weights keep every dual an integer (the port's duals are in half units of the weights).
        ea = edges.map(\.a)
        eb = edges.map(\.b)
        ew = edges.map { $0.weight * 2 }
        self.maxCardinality = maxCardinality
        let m = edges.count
        endpoint = [Int](repeating: 0, count: 2 * m)
        neighbend = [[Int]](repeating: [], count: n)
        for k in 0..<m {
            endpoint[2 * k] = ea[k]
            endpoint[2 * k + 1] = eb[k]
            neighbend[ea[k]].append(2 * k + 1)
            neighbend[eb[k]].append(2 * k)
        }
        let maxWeight = max(0, ew.max() ?? 0)
        mate = [Int](repeating: -1, count: n)
        label = [Int](repeating: 0, count: 2 * n)
        labelend = [Int](repeating: -1, count: 2 * n)
        inblossom = Array(0..<n)
        blossomparent = [Int](repeating: -1, count: 2 * n)
        blossomchilds = [[Int]](repeating: [], count: 2 * n)
        blossombase = Array(0..<n) + [Int](repeating: -1, count: n)
        blossomendps = [[Int]](repeating: [], count: 2 * n)
        bestedge = [Int](repeating: -1, count: 2 * n)
        blossombestedges = [[Int]?](repeating: nil, count: 2 * n)
        unusedblossoms = Array(n..<(2 * n))
        dualvar = [Int64](repeating: maxWeight, count: n) + [Int64](repeating: 0, count: n)
        allowedge = [Bool](repeating: false, count: m)
        activeStamp = [Int](repeating: -1, count: n)
        candidateStamp = [Int](repeating: -1, count: n)
        if warmStart { startWarm() }
    }

    /// A warm start: vertex duals and a matching such that every slack is ≥ 0 and every matched edge is tight,
    /// which is all a stage asks of its start when no blossom exists yet.
    ///
    /// Each vertex's dual at its heaviest incident edge (slacks ≥ 0); every edge heaviest for both ends, now
    /// tight, matched. Then each vertex still free lowers its dual as far as its slacks allow,
    /// `y(v) = max over u of (2w(v,u) − y(u))`, which makes at least one of its edges tight, and takes that
    /// edge when its other end is free too (a free one first among ties). Vertex duals end unequal and may be
    /// negative: fine for a perfect matching (see ``solve()``).
    mutating func startWarm() {
        for v in 0..<n {
            var best = Int64.min
            for p in neighbend[v] { best = max(best, ew[p / 2]) }
            dualvar[v] = best == .min ? 0 : best
        }
        for v in 0..<n where mate[v] == -1 {
            for p in neighbend[v] {
                let w = endpoint[p]
                if mate[w] == -1, slack(p / 2) == 0 {
                    mate[v] = p
                    mate[w] = p ^ 1
                    break
                }
            }
        }
        for v in 0..<n where mate[v] == -1 && !neighbend[v].isEmpty {
            var most = Int64.min, best = -1, bestIsFree = false
            for p in neighbend[v] {
                let u = endpoint[p]
                let value = 2 * ew[p / 2] - dualvar[u]
                let isFree = mate[u] == -1
                if value > most || (value == most && isFree && !bestIsFree) {
                    most = value; best = p; bestIsFree = isFree
                }
            }
            dualvar[v] = most
            if bestIsFree {
                mate[v] = best
                mate[endpoint[best]] = best ^ 1
            }
        }
        // Augmenting paths of three tight edges, free v – u = x – free f: augmenting along tight edges keeps
        // every matched edge tight and moves no dual.
        for v in 0..<n where mate[v] == -1 {
            search: for p in neighbend[v] where slack(p / 2) == 0 {
                let u = endpoint[p], q = mate[u]
                guard q >= 0 else { continue }
                let x = endpoint[q]
                for r in neighbend[x] where r / 2 != q / 2 {
                    let f = endpoint[r]
                    if f != v, mate[f] == -1, slack(r / 2) == 0 {
                        mate[v] = p; mate[u] = p ^ 1
                        mate[x] = r; mate[f] = r ^ 1
                        break search
                    }
                }
            }
        }
    }

    /// Records the leaves of a newly labelled blossom as active in this stage.
    mutating func activate(_ leaves: [Int]) {
        for v in leaves where activeStamp[v] != stage {
            activeStamp[v] = stage
            active.append(v)
        }
    }

    @inline(__always) mutating func allow(_ k: Int) {
        if !allowedge[k] { allowedge[k] = true; allowed.append(k) }
    }

    /// The slack of any edge, one of ours or not, under the current duals, counting the duals of the blossoms
    /// that hold both its ends (in the units of ``slack(_:)``).
    func price(_ edge: MatchingEdge) -> Int64 {
        var total = dualvar[edge.a] + dualvar[edge.b] - 4 * edge.weight
        var chainA: [Int] = [], chainB: [Int] = []
        var x = blossomparent[edge.a]
        while x != -1 { chainA.append(x); x = blossomparent[x] }
        x = blossomparent[edge.b]
        while x != -1 { chainB.append(x); x = blossomparent[x] }
        for (a, b) in zip(chainA.reversed(), chainB.reversed()) {
            guard a == b else { break }
            total += 2 * dualvar[a]
        }
        return total
    }

    @inline(__always) func slack(_ k: Int) -> Int64 { dualvar[ea[k]] + dualvar[eb[k]] - 2 * ew[k] }

    func leaves(_ b: Int) -> [Int] {
        if b < n { return [b] }
        var out: [Int] = []
        var stack = [b]
        while let t = stack.popLast() {
            if t < n { out.append(t) } else { stack.append(contentsOf: blossomchilds[t].reversed()) }
        }
        return out
    }

    mutating func assignLabel(_ w0: Int, _ t0: Int, _ p0: Int) {
        var w = w0, t = t0, p = p0
        while true {
            let b = inblossom[w]
            label[w] = t; label[b] = t
            labelend[w] = p; labelend[b] = p
            bestedge[w] = -1; bestedge[b] = -1
            let labelled = leaves(b)
            activate(labelled)
            if t == 1 {
                queue.append(contentsOf: labelled)
                return
            }
            let base = blossombase[b]
            w = endpoint[mate[base]]
            t = 1
            p = mate[base] ^ 1
        }
    }

    mutating func scanBlossom(_ v0: Int, _ w0: Int) -> Int {
        var v = v0, w = w0
        var path: [Int] = []
        var base = -1
        while v != -1 || w != -1 {
            var b = inblossom[v]
            if label[b] & 4 != 0 { base = blossombase[b]; break }
            path.append(b)
            label[b] = 5
            if labelend[b] == -1 {
                v = -1
            } else {
                v = endpoint[labelend[b]]
                b = inblossom[v]
                v = endpoint[labelend[b]]
            }
            if w != -1 { swap(&v, &w) }
        }
        for b in path { label[b] = 1 }
        return base
    }

    mutating func addBlossom(_ base: Int, _ k: Int) {
        var v = ea[k], w = eb[k]
        let bb = inblossom[base]
        var bv = inblossom[v], bw = inblossom[w]
        let b = unusedblossoms.removeLast()
        blossomsInUse.append(b)
        blossombase[b] = base
        blossomparent[b] = -1
        blossomparent[bb] = b
        var path: [Int] = [], endps: [Int] = []
        while bv != bb {
            blossomparent[bv] = b
            path.append(bv)
            endps.append(labelend[bv])
            v = endpoint[labelend[bv]]
            bv = inblossom[v]
        }
        path.append(bb)
        path.reverse()
        endps.reverse()
        endps.append(2 * k)
        while bw != bb {
            blossomparent[bw] = b
            path.append(bw)
            endps.append(labelend[bw] ^ 1)
            w = endpoint[labelend[bw]]
            bw = inblossom[w]
        }
        blossomchilds[b] = path
        blossomendps[b] = endps
        label[b] = 1
        labelend[b] = labelend[bb]
        dualvar[b] = 0
        for leaf in leaves(b) {
            if label[inblossom[leaf]] == 2 { queue.append(leaf) }
            inblossom[leaf] = b
        }
        var bestedgeto: [Int: Int] = [:]
        for child in path {
            let lists: [[Int]]
            if let best = blossombestedges[child] {
                lists = [best]
            } else {
                lists = leaves(child).map { neighbend[$0].map { $0 / 2 } }
            }
            for list in lists {
                for e in list {
                    var j = eb[e]
                    if inblossom[j] == b { j = ea[e] }
                    let bj = inblossom[j]
                    if bj != b, label[bj] == 1, bestedgeto[bj].map({ slack(e) < slack($0) }) ?? true {
                        bestedgeto[bj] = e
                    }
                }
            }
            blossombestedges[child] = nil
            bestedge[child] = -1
        }
        let best = bestedgeto.keys.sorted().map { bestedgeto[$0]! }
        blossombestedges[b] = best
        bestedge[b] = -1
        for e in best where bestedge[b] == -1 || slack(e) < slack(bestedge[b]) { bestedge[b] = e }
    }

    mutating func expandBlossom(_ b: Int, _ endstage: Bool) {
        for s in blossomchilds[b] {
            blossomparent[s] = -1
            if s < n {
                inblossom[s] = s
            } else if endstage && dualvar[s] == 0 {
                expandBlossom(s, endstage)
            } else {
                for leaf in leaves(s) { inblossom[leaf] = s }
            }
        }
        if !endstage && label[b] == 2 {
            let childs = blossomchilds[b], endps = blossomendps[b], count = childs.count
            func at(_ i: Int) -> Int { childs[(i % count + count) % count] }
            func endpAt(_ i: Int) -> Int { endps[(i % count + count) % count] }
            let entrychild = inblossom[endpoint[labelend[b] ^ 1]]
            var j = childs.firstIndex(of: entrychild)!
            let jstep: Int, endptrick: Int
            if j & 1 != 0 { j -= count; jstep = 1; endptrick = 0 } else { jstep = -1; endptrick = 1 }
            var p = labelend[b]
            while j != 0 {
                label[endpoint[p ^ 1]] = 0
                label[endpoint[endpAt(j - endptrick) ^ endptrick ^ 1]] = 0
                assignLabel(endpoint[p ^ 1], 2, p)
                allow(endpAt(j - endptrick) / 2)
                j += jstep
                p = endpAt(j - endptrick) ^ endptrick
                allow(p / 2)
                j += jstep
            }
            var bv = at(j)
            label[endpoint[p ^ 1]] = 2; label[bv] = 2
            labelend[endpoint[p ^ 1]] = p; labelend[bv] = p
            bestedge[bv] = -1
            j += jstep
            while at(j) != entrychild {
                bv = at(j)
                if label[bv] == 1 { j += jstep; continue }
                if let v = leaves(bv).first(where: { label[$0] != 0 }) {
                    label[v] = 0
                    label[endpoint[mate[blossombase[bv]]]] = 0
                    assignLabel(v, 2, labelend[v])
                }
                j += jstep
            }
        }
        label[b] = -1; labelend[b] = -1
        blossomchilds[b] = []; blossomendps[b] = []
        blossombase[b] = -1
        blossombestedges[b] = nil
        bestedge[b] = -1
        unusedblossoms.append(b)
        if let at = blossomsInUse.firstIndex(of: b) { blossomsInUse.swapAt(at, blossomsInUse.count - 1); blossomsInUse.removeLast() }
    }

    mutating func augmentBlossom(_ b: Int, _ v: Int) {
        var t = v
        while blossomparent[t] != b { t = blossomparent[t] }
        if t >= n { augmentBlossom(t, v) }
        let count = blossomchilds[b].count
        let i = blossomchilds[b].firstIndex(of: t)!
        var j = i
        let jstep: Int, endptrick: Int
        if i & 1 != 0 { j -= count; jstep = 1; endptrick = 0 } else { jstep = -1; endptrick = 1 }
        func wrap(_ x: Int) -> Int { (x % count + count) % count }
        while j != 0 {
            j += jstep
            t = blossomchilds[b][wrap(j)]
            let p = blossomendps[b][wrap(j - endptrick)] ^ endptrick
            if t >= n { augmentBlossom(t, endpoint[p]) }
            j += jstep
            t = blossomchilds[b][wrap(j)]
            if t >= n { augmentBlossom(t, endpoint[p ^ 1]) }
            mate[endpoint[p]] = p ^ 1
            mate[endpoint[p ^ 1]] = p
        }
        blossomchilds[b] = Array(blossomchilds[b][i...] + blossomchilds[b][..<i])
        blossomendps[b] = Array(blossomendps[b][i...] + blossomendps[b][..<i])
        blossombase[b] = blossombase[blossomchilds[b][0]]
    }

    mutating func augmentMatching(_ k: Int) {
        for (start, startP) in [(ea[k], 2 * k + 1), (eb[k], 2 * k)] {
            var s = start, p = startP
            while true {
                let bs = inblossom[s]
                if bs >= n { augmentBlossom(bs, s) }
                mate[s] = p
                if labelend[bs] == -1 { break }
                let t = endpoint[labelend[bs]]
                let bt = inblossom[t]
                s = endpoint[labelend[bt]]
                let j = endpoint[labelend[bt] ^ 1]
                if bt >= n { augmentBlossom(bt, j) }
                mate[j] = labelend[bt]
                p = labelend[bt] ^ 1
            }
        }
    }

    mutating func solve() -> [Int] {
        for _ in 0..<n {
            // Only what the last stage touched has a label, a best edge or an allowed edge: its labelled
            // vertices (`active`), the vertices it gave a best edge (`candidates`), its blossoms, its allowed
            // edges. (Expanded blossoms keep label -1 until reused; nothing reads the label of an unused one.)
            for v in active { label[v] = 0; bestedge[v] = -1 }
            for v in candidates { label[v] = 0; bestedge[v] = -1 }
            for b in blossomsInUse { label[b] = 0; bestedge[b] = -1; blossombestedges[b] = nil }
            for k in allowed { allowedge[k] = false }
            allowed.removeAll(keepingCapacity: true)
            queue.removeAll(keepingCapacity: true)
            stage += 1
            active.removeAll(keepingCapacity: true)
            candidates.removeAll(keepingCapacity: true)
            for v in 0..<n where mate[v] == -1 && label[inblossom[v]] == 0 { assignLabel(v, 1, -1) }
            var augmented = false
            while true {
                while !augmented, let v = queue.popLast() {
                    for p in neighbend[v] {
                        let k = p / 2
                        let w = endpoint[p]
                        if inblossom[v] == inblossom[w] { continue }
                        var kslack: Int64 = 0
                        if !allowedge[k] {
                            kslack = slack(k)
                            if kslack <= 0 { allow(k) }
                        }
                        if allowedge[k] {
                            if label[inblossom[w]] == 0 {
                                assignLabel(w, 2, p ^ 1)
                            } else if label[inblossom[w]] == 1 {
                                let base = scanBlossom(v, w)
                                if base >= 0 {
                                    addBlossom(base, k)
                                } else {
                                    augmentMatching(k)
                                    augmented = true
                                    break
                                }
                            } else if label[w] == 0 {
                                label[w] = 2
                                labelend[w] = p ^ 1
                            }
                        } else if label[inblossom[w]] == 1 {
                            let b = inblossom[v]
                            if bestedge[b] == -1 || kslack < slack(bestedge[b]) { bestedge[b] = k }
                        } else if label[w] == 0 {
                            if bestedge[w] == -1 || kslack < slack(bestedge[w]) {
                                bestedge[w] = k
                                if candidateStamp[w] != stage { candidateStamp[w] = stage; candidates.append(w) }
                            }
                        }
                    }
                }
                if augmented { break }
                var deltatype = -1
                var delta: Int64 = 0, deltaedge = -1, deltablossom = -1
                if !maxCardinality {
                    deltatype = 1
                    delta = dualvar[0..<n].min()!
                }
                // Only vertices touched in this stage can bound delta (the rest have no label and no best edge).
                for v in candidates where label[inblossom[v]] == 0 && bestedge[v] != -1 {
                    let d = slack(bestedge[v])
                    if deltatype == -1 || d < delta { delta = d; deltatype = 2; deltaedge = bestedge[v] }
                }
                for v in active {
                    let b = inblossom[v]
                    guard blossomparent[b] == -1, label[b] == 1, bestedge[b] != -1 else { continue }
                    let d = slack(bestedge[b]) / 2
                    if deltatype == -1 || d < delta { delta = d; deltatype = 3; deltaedge = bestedge[b] }
                }
                for b in blossomsInUse where blossombase[b] >= 0 && blossomparent[b] == -1 && label[b] == 2
                    && (deltatype == -1 || dualvar[b] < delta) {
                    delta = dualvar[b]; deltatype = 4; deltablossom = b
                }
                if deltatype == -1 {
                    deltatype = 1
                    delta = max(0, dualvar[0..<n].min()!)
                }
                for v in active {
                    let l = label[inblossom[v]]
                    if l == 1 { dualvar[v] -= delta } else if l == 2 { dualvar[v] += delta }
                }
                for b in blossomsInUse where blossombase[b] >= 0 && blossomparent[b] == -1 {
                    if label[b] == 1 { dualvar[b] += delta } else if label[b] == 2 { dualvar[b] -= delta }
                }
                if deltatype == 1 {
                    break
                } else if deltatype == 2 {
                    allow(deltaedge)
                    var i = ea[deltaedge]
                    if label[inblossom[i]] == 0 { i = eb[deltaedge] }
                    queue.append(i)
                } else if deltatype == 3 {
                    allow(deltaedge)
                    queue.append(ea[deltaedge])
                } else {
                    expandBlossom(deltablossom, false)
                }
            }
            if !augmented { break }
            for b in blossomsInUse where blossomparent[b] == -1 && blossombase[b] >= 0 && label[b] == 1 && dualvar[b] == 0 {
                expandBlossom(b, true)
            }
        }
        return (0..<n).map { mate[$0] >= 0 ? endpoint[mate[$0]] : -1 }
    }
}
