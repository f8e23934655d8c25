import QKernels

/// Bounded top-k selections for many rows in one allocation (the C kernels' `qk_heaps`). The order is
/// deterministic: a higher score wins, then a lower row. Each selection is a binary heap whose root is the
/// worst kept entry; its threshold lets scans skip, with one comparison, every candidate that cannot enter.
///
/// `@unchecked Sendable`: the storage is only reached through the kernels, and the workers that share one
/// instance touch disjoint selections.
final class TopKHeaps: @unchecked Sendable {
    let k: Int
    let count: Int
    var heaps: qk_heaps

    init(count: Int, k: Int) {
        self.k = k
        self.count = count
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count * k))
        scores.initialize(repeating: -.infinity, count: count * k)
        let rows = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, count * k))
        rows.initialize(repeating: -1, count: count * k)
        let sizes = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, count))
        sizes.initialize(repeating: 0, count: count)
        let thresholds = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
        thresholds.initialize(repeating: k == 0 ? .infinity : -.infinity, count: count)
        heaps = qk_heaps(k: k, scores: scores, rows: rows, sizes: sizes, thresholds: thresholds)
    }

    deinit {
        heaps.scores.deallocate()
        heaps.rows.deallocate()
        heaps.sizes.deallocate()
        heaps.thresholds.deallocate()
    }

    @inline(__always)
    func threshold(_ selection: Int) -> Float { heaps.thresholds[selection] }

    @inline(__always)
    func offer(_ selection: Int, score: Float, row: Int) {
        withUnsafePointer(to: &heaps) { qk_offer($0, selection, score, Int32(row)) }
    }

    /// The entries of `selection`, unordered.
    func entries(_ selection: Int) -> [Neighbour] {
        let base = selection * k
        return (0..<Int(heaps.sizes[selection])).map {
            Neighbour(row: Int(heaps.rows[base + $0]), score: heaps.scores[base + $0])
        }
    }

    /// The selection of `selection`, best first.
    func sorted(_ selection: Int) -> [Neighbour] { entries(selection).sorted(by: Neighbour.ranksBefore) }
}
