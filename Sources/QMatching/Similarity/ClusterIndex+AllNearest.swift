import QLinearAlgebra

extension ClusterIndex {
    /// The approximate `k` nearest rows of every row of `matrix` (the rows this index was trained on), itself
    /// excluded, best first, ties by lower row; scores are exact float32 dot products. (Where rows tie at the
    /// k-th place, which of them is kept follows list order, not row order.)
    ///
    /// The rows are copied in list order, so that each list is one contiguous block; each list is paired with
    /// the `probes` lists whose centroids are nearest its own (and so, since a pair is computed once and
    /// scanned both ways, with every list that picked it); each pair of lists is one sgemm, scanned by the
    /// exact self-join's kernels (``InterestMatrix/allNearest(k:eligible:exclusions:threads:blockSize:receivers:progress:)``).
    /// A row's candidates are the rows of its own list and of the lists paired with it.
    /// - Parameters:
    ///   - eligible: rows that may be returned (nil: all).
    ///   - exclusions: per-row rows that row must not get.
    /// - Complexity: about rows² × probes / lists × dimension FLOPs (rows × probes × rows/lists pairs); memory a
    ///   copy of the matrix plus `threads` × rows × k heap entries.
    public func allNearest(_ matrix: InterestMatrix, k: Int, probes: Int? = nil, eligible: [Bool]? = nil,
                           exclusions: ExclusionLists? = nil, threads: Int = 2, blockSize: Int = 1024,
                           progress: (@Sendable (Double) -> Void)? = nil) -> NearestNeighbours {
        precondition(matrix.rows == rows && matrix.dimension == dimension)
        let n = rows, d = dimension
        guard n > 0, k > 0 else {
            return NearestNeighbours(rows: n, k: k, indices: [Int32](repeating: -1, count: n * k),
                                     scores: [Float](repeating: -.infinity, count: n * k))
        }
        // Rows in list order: position p holds row members[p].
        var position = [Int32](repeating: 0, count: n)
        for (p, row) in members.enumerated() { position[Int(row)] = Int32(p) }
        let permuted = UnsafeMutablePointer<Float>.allocate(capacity: n * d)
        defer { permuted.deallocate() }
        let source = SharedPointer(UnsafeMutablePointer(mutating: matrix.storage.base))
        let target = SharedPointer(permuted)
        members.withUnsafeBufferPointer { m in
            let m = SharedPointer(m)
            let chunks = max(1, min(threads, n / 4096 + 1))
            Parallel.run(chunks: chunks) { chunk in
                for p in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
                    (target.base + p * d).update(from: source.base + Int(m[p]) * d, count: d)
                }
            }
        }
        let tiles = tilePairs(probes: probes ?? self.probes, blockSize: blockSize)
        let permutedEligible = eligible.map { mask in members.map { mask[Int($0)] } }
        let permutedExclusions = exclusions.map { $0.permuted(position: position, members: members) }
        let found = InterestMatrix.nearest(over: tiles, of: permuted, rows: n, dimension: d, k: k,
                                           eligible: permutedEligible, exclusions: permutedExclusions,
                                           threads: threads, progress: progress)
        // Back to row order; equal scores re-ordered by lower row (the heaps broke ties by list position).
        var indices = [Int32](repeating: -1, count: n * k)
        var scores = [Float](repeating: -.infinity, count: n * k)
        var kept: [Neighbour] = []
        kept.reserveCapacity(k)
        for row in 0..<n {
            let p = Int(position[row])
            kept.removeAll(keepingCapacity: true)
            for j in 0..<k {
                let index = found.indices[p * k + j]
                guard index >= 0 else { break }
                kept.append(Neighbour(row: Int(members[Int(index)]), score: found.scores[p * k + j]))
            }
            kept.sort(by: Neighbour.ranksBefore)
            for (j, neighbour) in kept.enumerated() {
                indices[row * k + j] = Int32(neighbour.row)
                scores[row * k + j] = neighbour.score
            }
        }
        return NearestNeighbours(rows: n, k: k, indices: indices, scores: scores)
    }

    /// The lists each list is paired with: its `probes` nearest by centroid (itself first), made symmetric.
    func pairedLists(probes: Int) -> [[Int]] {
        let count = lists, d = dimension
        var gram = [Float](repeating: 0, count: count * count)
        centroids.withUnsafeBufferPointer { c in
            gram.withUnsafeMutableBufferPointer { g in
                BLAS.multiplyTransposed(c.baseAddress!, rows: count, c.baseAddress!, rows: count, inner: d,
                                        into: g.baseAddress!, ldc: count)
            }
        }
        var paired = [Set<Int>](repeating: [], count: count)
        let wanted = max(1, min(probes, count))
        for a in 0..<count {
            var scores = Array(gram[(a * count)..<((a + 1) * count)])
            scores[a] = .infinity   // a list always meets itself
            for neighbour in InterestMatrix.select(scores, k: wanted, filter: RowFilter()) {
                paired[a].insert(neighbour.row)
                paired[neighbour.row].insert(a)
            }
        }
        return paired.map { $0.sorted() }
    }

    /// The sgemm tiles of the self-join in list-order positions: for each pair of lists a ≤ b, their blocks
    /// of at most `blockSize` rows (within one list, block pairs I ≤ J), largest first for load balance.
    func tilePairs(probes: Int, blockSize: Int) -> [TilePair] {
        let paired = pairedLists(probes: probes)
        func blocks(_ list: Int) -> [(start: Int, count: Int)] {
            let range = rows(ofList: list)
            return stride(from: range.lowerBound, to: range.upperBound, by: blockSize).map {
                (start: $0, count: min(blockSize, range.upperBound - $0))
            }
        }
        var tiles: [TilePair] = []
        for a in 0..<lists {
            let mine = blocks(a)
            for b in paired[a] where b >= a {
                if a == b {
                    for (i, x) in mine.enumerated() {
                        for y in mine[i...] {
                            tiles.append(TilePair(i0: x.start, rowsI: x.count, j0: y.start, rowsJ: y.count,
                                                  both: x.start != y.start))
                        }
                    }
                } else {
                    for x in mine {
                        for y in blocks(b) {
                            tiles.append(TilePair(i0: x.start, rowsI: x.count, j0: y.start, rowsJ: y.count, both: true))
                        }
                    }
                }
            }
        }
        tiles.sort { ($0.rowsI * $0.rowsJ, $1.i0, $1.j0) > ($1.rowsI * $1.rowsJ, $0.i0, $0.j0) }
        return tiles
    }
}

extension ExclusionLists {
    /// The lists in list-order positions: receiver p (row members[p]) excludes the positions of the rows that
    /// row excludes, sorted.
    func permuted(position: [Int32], members: [Int32]) -> ExclusionLists {
        var newOffsets = [0]
        newOffsets.reserveCapacity(members.count + 1)
        var newTargets: [Int32] = []
        newTargets.reserveCapacity(targets.count)
        for row in members {
            let r = Int(row)
            guard r + 1 < offsets.count else { newOffsets.append(newTargets.count); continue }
            let start = newTargets.count
            for t in offsets[r]..<offsets[r + 1] { newTargets.append(position[Int(targets[t])]) }
            newTargets[start...].sort()
            newOffsets.append(newTargets.count)
        }
        return ExclusionLists(offsets: newOffsets, targets: newTargets)
    }
}
