import QKernels
import QLinearAlgebra
import Synchronization

extension ClusterIndex {
    /// Splits the rows of `matrix` (unit rows) into lists by spherical k-means: centroids start at seeded
    /// sample rows, `iterations` rounds of assigning a seeded sample (`sampleFactor` × lists rows) to its
    /// nearest centroid and re-centring, then every row is assigned once. Every assignment is a blocked sgemm
    /// against the centroids.
    /// - Parameters:
    ///   - lists: the number of lists (default about √rows, at most rows).
    ///   - probes: lists a single query probes (see ``calibrated(_:target:sample:seed:threads:)`` to choose it).
    /// - Complexity: O((iterations × sample + rows) × lists × dimension) FLOPs.
    public static func train(_ matrix: InterestMatrix, lists: Int? = nil, probes: Int = 8, iterations: Int = 8,
                             sampleFactor: Int = 32, seed: UInt64 = 0x5EED_C1A5, threads: Int = 2) -> ClusterIndex {
        let n = matrix.rows, d = matrix.dimension
        guard n > 0 else {
            return ClusterIndex(dimension: d, centroids: [Float](repeating: 0, count: d), offsets: [0, 0], members: [],
                                probes: 1, recall: nil)
        }
        let count = max(1, min(lists ?? defaultLists(rows: n), n))
        var generator = SeededGenerator(seed: seed)
        var order = Array(0..<n)
        let sampleSize = min(n, max(count, count * sampleFactor))
        // A partial Fisher–Yates shuffle: the first `sampleSize` entries are a uniform sample.
        for i in 0..<min(sampleSize, n - 1) { order.swapAt(i, i + generator.below(n - i)) }
        let sampleRows = Array(order.prefix(sampleSize))
        var sample = [Float](repeating: 0, count: sampleSize * d)
        let x = matrix.storage.base
        sample.withUnsafeMutableBufferPointer { s in
            for (i, row) in sampleRows.enumerated() { (s.baseAddress! + i * d).update(from: x + row * d, count: d) }
        }
        var centroids = Array(sample.prefix(count * d))
        var labels = [Int32](repeating: 0, count: sampleSize)
        for _ in 0..<iterations {
            sample.withUnsafeBufferPointer { s in
                assign(s.baseAddress!, rows: sampleSize, dimension: d, to: centroids, lists: count, labels: &labels,
                       threads: threads)
            }
            var sums = [Float](repeating: 0, count: count * d)
            var sizes = [Int](repeating: 0, count: count)
            for i in 0..<sampleSize {
                let l = Int(labels[i])
                sizes[l] += 1
                for j in 0..<d { sums[l * d + j] += sample[i * d + j] }
            }
            for l in 0..<count {
                var norm: Float = 0
                for j in 0..<d { norm += sums[l * d + j] * sums[l * d + j] }
                if sizes[l] == 0 || norm == 0 {
                    // An empty list restarts at a seeded sample row.
                    let row = generator.below(sampleSize)
                    for j in 0..<d { centroids[l * d + j] = sample[row * d + j] }
                } else {
                    let scale = 1 / norm.squareRoot()
                    for j in 0..<d { centroids[l * d + j] = sums[l * d + j] * scale }
                }
            }
        }
        var all = [Int32](repeating: 0, count: n)
        assign(x, rows: n, dimension: d, to: centroids, lists: count, labels: &all, threads: threads)
        // Counting sort: rows grouped by list, ascending within each.
        var offsets = [Int32](repeating: 0, count: count + 1)
        for label in all { offsets[Int(label) + 1] += 1 }
        for l in 0..<count { offsets[l + 1] += offsets[l] }
        var fill = Array(offsets.prefix(count))
        var members = [Int32](repeating: 0, count: n)
        for row in 0..<n {
            let l = Int(all[row])
            members[Int(fill[l])] = Int32(row)
            fill[l] += 1
        }
        return ClusterIndex(dimension: d, centroids: centroids, offsets: offsets, members: members, probes: probes,
                            recall: nil)
    }

    /// The nearest centroid of each of the `rows` rows of `x`: blocked sgemm against the centroids and an
    /// argmax per row (ties to the lower list), on `threads` workers.
    static func assign(_ x: UnsafePointer<Float>, rows: Int, dimension d: Int, to centroids: [Float], lists: Int,
                       labels: inout [Int32], threads: Int) {
        let block = 2048
        let blocks = (rows + block - 1) / block
        let workers = max(1, min(threads, blocks))
        let next = Atomic<Int>(0)
        let source = SharedPointer(UnsafeMutablePointer(mutating: x))
        centroids.withUnsafeBufferPointer { c in
            labels.withUnsafeMutableBufferPointer { out in
                let c = SharedPointer(c), out = SharedPointer(out)
                Parallel.run(chunks: workers) { _ in
                    let tile = UnsafeMutablePointer<Float>.allocate(capacity: block * lists)
                    defer { tile.deallocate() }
                    while true {
                        let b = next.wrappingAdd(1, ordering: .relaxed).oldValue
                        guard b < blocks else { break }
                        let start = b * block, count = min(block, rows - start)
                        BLAS.multiplyTransposed(source.base + start * d, rows: count, c.base, rows: lists, inner: d,
                                                into: tile, ldc: lists)
                        qk_argmax_rows(tile, lists, count, lists, out.base + start)
                    }
                }
            }
        }
    }

    /// The same index with `probes` set to the fewest (from 1, 2, 3, 4, 6, 8, …) whose recall@10 against exact
    /// search reaches `target` on `sample` seeded non-zero rows used as queries (themselves excluded), and
    /// that recall recorded; the most probes tried when none reaches it.
    /// - Complexity: the exact top-10 of the sample (O(sample × rows × dimension), blocked sgemm) plus one
    ///   approximate query per sample row and number of probes tried.
    public func calibrated(_ matrix: InterestMatrix, target: Double = 0.97, sample: Int = 1_000,
                           seed: UInt64 = 0x5EED_C1A5, threads: Int = 2) -> ClusterIndex {
        let queries = Self.sampleQueries(matrix, count: sample, seed: seed)
        guard !queries.isEmpty else { return probing(probes, recall: nil) }
        let exact = Self.exactNearest(matrix, queries: queries, k: 10, threads: threads)
        var candidates = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512]
        candidates = candidates.filter { $0 < lists } + [lists]
        var chosen = (probes: lists, recall: 1.0)
        for p in candidates {
            let r = recall(matrix, queries: queries, exact: exact, probes: p)
            chosen = (p, r)
            if r >= target { break }
        }
        return probing(chosen.probes, recall: chosen.recall)
    }

    /// Recall@`k` of single approximate queries with `probes` lists against `exact` (each query's exact
    /// top-k, itself excluded).
    func recall(_ matrix: InterestMatrix, queries: [Int], exact: [[Int]], probes: Int) -> Double {
        var found = 0, total = 0
        for (i, query) in queries.enumerated() {
            let truth = Set(exact[i])
            let approximate = nearest(to: matrix.row(query), in: matrix, k: exact[i].count, probes: probes) {
                $0 != query
            }
            found += approximate.filter { truth.contains($0.row) }.count
            total += truth.count
        }
        return total == 0 ? 1 : Double(found) / Double(total)
    }

    /// Up to `count` distinct seeded rows with a non-zero vector, ascending.
    static func sampleQueries(_ matrix: InterestMatrix, count: Int, seed: UInt64) -> [Int] {
        let n = matrix.rows, d = matrix.dimension
        var generator = SeededGenerator(seed: seed ^ 0x9E37_79B9)
        var chosen = Set<Int>()
        var attempts = 0
        while chosen.count < min(count, n), attempts < 20 * max(count, 1) {
            attempts += 1
            let row = generator.below(n)
            let base = matrix.storage.base + row * d
            if (0..<d).contains(where: { base[$0] != 0 }) { chosen.insert(row) }
        }
        return chosen.sorted()
    }

    /// The exact top-`k` rows of each query row (itself excluded), best first, ties by lower row: blocked
    /// sgemm of the queries against every row, on `threads` workers each owning a share of the queries.
    static func exactNearest(_ matrix: InterestMatrix, queries: [Int], k: Int, threads: Int) -> [[Int]] {
        let n = matrix.rows, d = matrix.dimension
        let workers = max(1, min(threads, queries.count))
        var results = [[Int]](repeating: [], count: queries.count)
        let x = SharedPointer(UnsafeMutablePointer(mutating: matrix.storage.base))
        results.withUnsafeMutableBufferPointer { out in
            let out = SharedPointer(out)
            Parallel.run(chunks: workers) { worker in
                let mine = Array(queries[(queries.count * worker / workers)..<(queries.count * (worker + 1) / workers)])
                guard !mine.isEmpty else { return }
                let q = mine.count, block = 4096
                var gathered = [Float](repeating: 0, count: q * d)
                for (i, row) in mine.enumerated() {
                    for j in 0..<d { gathered[i * d + j] = x.base[row * d + j] }
                }
                let heaps = TopKHeaps(count: q, k: k)
                let tile = UnsafeMutablePointer<Float>.allocate(capacity: q * block)
                defer { tile.deallocate() }
                gathered.withUnsafeBufferPointer { g in
                    for start in stride(from: 0, to: n, by: block) {
                        let count = min(block, n - start)
                        BLAS.multiplyTransposed(g.baseAddress!, rows: q, x.base + start * d, rows: count, inner: d,
                                                into: tile, ldc: block)
                        for i in 0..<q {
                            var threshold = heaps.threshold(i)
                            let line = tile + i * block
                            for j in 0..<count where line[j] >= threshold && start + j != mine[i] {
                                heaps.offer(i, score: line[j], row: start + j)
                                threshold = heaps.threshold(i)
                            }
                        }
                    }
                }
                let first = queries.count * worker / workers
                for i in 0..<q { out[first + i] = heaps.sorted(i).map(\.row) }
            }
        }
        return results
    }
}
