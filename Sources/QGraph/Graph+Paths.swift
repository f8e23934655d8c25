import HeapModule

extension Graph {
    /// The shortest chains of at most three hops from `start` to `end` whose intermediate nodes are all
    /// allowed (`allowed`, when given, has one flag per node; the two ends need not be allowed).
    /// - Parameter limit: the most chains returned (the strongest); `totalCount` counts them all.
    /// - Throws: ``GraphError`` when an end is not a node or `allowed` has the wrong length.
    /// - Complexity: O(Σ over the neighbours x of `start` of deg(x) × log deg(`end`)), + chains × log `limit`;
    ///   no allocation proportional to the graph.
    public func introductionPaths(from start: Int, to end: Int, through allowed: [Bool]? = nil,
                                  limit: Int = 10) throws(GraphError) -> IntroductionPaths {
        for node in [start, end] where node < 0 || node >= nodeCount {
            throw .unknownNode("node \(node) is not in the graph (expected 0..<\(nodeCount))")
        }
        if let allowed, allowed.count != nodeCount {
            throw .invalidArgument("the intermediate mask has \(allowed.count) flags (expected \(nodeCount))")
        }
        let a = Int32(truncatingIfNeeded: start), b = Int32(truncatingIfNeeded: end)
        if start == end { return IntroductionPaths(hops: 0, paths: [[a]], totalCount: 1) }
        if weight(between: start, and: end) != nil { return IntroductionPaths(hops: 1, paths: [[a, b]], totalCount: 1) }
        let cap = Swift.max(0, limit)
        var best = Heap<PathCandidate>()
        var count = 0
        func offer(_ candidate: PathCandidate) {
            count += 1
            if best.count < cap {
                best.insert(candidate)
            } else if let worst = best.min, worst < candidate {
                _ = best.replaceMin(with: candidate)
            }
        }
        func isAllowed(_ node: Int32) -> Bool { allowed?[Int(node)] ?? true }
        // Two hops: the sorted rows of both ends, merged.
        var i = offsets[start], j = offsets[end]
        while i < offsets[start + 1], j < offsets[end + 1] {
            let x = targets[i], y = targets[j]
            if x < y { i += 1 } else if y < x { j += 1 } else {
                if isAllowed(x) {
                    offer(PathCandidate(weakest: Swift.min(weights[i], weights[j]), total: weights[i] + weights[j],
                                        first: x, second: -1))
                }
                i += 1
                j += 1
            }
        }
        let hops = count > 0 ? 2 : 3
        if count == 0 {
            // Three hops: start – x – y – end.
            for p in offsets[start]..<offsets[start + 1] {
                let x = targets[p]
                guard x != b, isAllowed(x) else { continue }
                for q in offsets[Int(x)]..<offsets[Int(x) + 1] {
                    let y = targets[q]
                    guard y != a, y != b, isAllowed(y), let last = weight(between: Int(y), and: end) else { continue }
                    offer(PathCandidate(weakest: Swift.min(weights[p], weights[q], last),
                                        total: weights[p] + weights[q] + last, first: x, second: y))
                }
            }
        }
        guard count > 0 else { return IntroductionPaths(hops: nil, paths: [], totalCount: 0) }
        let paths = best.unordered.sorted(by: >).map { candidate in
            candidate.second < 0 ? [a, candidate.first, b] : [a, candidate.first, candidate.second, b]
        }
        return IntroductionPaths(hops: hops, paths: paths, totalCount: count)
    }
}
