/// One ranked result: a row of the matrix and its score.
public struct Neighbour: Hashable, Sendable, Codable {
    public let row: Int
    public let score: Float

    public init(row: Int, score: Float) {
        self.row = row
        self.score = score
    }
}

/// Bounded top-k selections for many rows in one allocation. The order is deterministic: a higher score
/// wins, then a lower row. Each selection is a binary heap whose root is the worst kept entry;
/// ``TopKPointers/thresholds`` lets scans skip, with one comparison, every candidate that cannot enter.
///
/// `@unchecked Sendable`: the storage is only reached through ``pointers``, and the workers that share one
/// instance touch disjoint selections.
final class TopKHeaps: @unchecked Sendable {
    let k: Int
    let count: Int
    let pointers: TopKPointers

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
        pointers = TopKPointers(k: k, scores: scores, rows: rows, sizes: sizes, thresholds: thresholds)
    }

    deinit {
        pointers.scores.deallocate()
        pointers.rows.deallocate()
        pointers.sizes.deallocate()
        pointers.thresholds.deallocate()
    }

    /// The entries of `selection`, unordered.
    func entries(_ selection: Int) -> [Neighbour] {
        let base = selection * k
        return (0..<Int(pointers.sizes[selection])).map {
            Neighbour(row: Int(pointers.rows[base + $0]), score: pointers.scores[base + $0])
        }
    }

    /// The selection of `selection`, best first.
    func sorted(_ selection: Int) -> [Neighbour] { entries(selection).sorted(by: Neighbour.ranksBefore) }
}

extension Neighbour {
    /// The ranking order: higher score first, then lower row.
    @inline(__always)
    public static func ranksBefore(_ a: Neighbour, _ b: Neighbour) -> Bool {
        a.score > b.score || (a.score == b.score && a.row < b.row)
    }
}

/// Pointers into ``TopKHeaps`` storage. `@unchecked Sendable`: workers that share one touch disjoint
/// selections (or each has its own heaps).
struct TopKPointers: @unchecked Sendable {
    let k: Int
    let scores: UnsafeMutablePointer<Float>
    let rows: UnsafeMutablePointer<Int32>
    let sizes: UnsafeMutablePointer<Int32>
    let thresholds: UnsafeMutablePointer<Float>

    /// `a` ranks below `b`: a lower score, or the same score and a higher row.
    @inline(__always)
    static func worse(_ scoreA: Float, _ rowA: Int32, _ scoreB: Float, _ rowB: Int32) -> Bool {
        scoreA < scoreB || (scoreA == scoreB && rowA > rowB)
    }

    /// Offers `row` with `score` to selection `selection`.
    @inline(__always)
    func offer(_ selection: Int, score: Float, row: Int32) {
        let base = selection * k
        let s = scores + base, r = rows + base
        let size = Int(sizes[selection])
        if size < k {
            // Sift up from the end.
            var i = size
            while i > 0 {
                let parent = (i - 1) >> 1
                guard Self.worse(score, row, s[parent], r[parent]) else { break }
                s[i] = s[parent]
                r[i] = r[parent]
                i = parent
            }
            s[i] = score
            r[i] = row
            sizes[selection] = Int32(size + 1)
            if size + 1 == k { thresholds[selection] = s[0] }
            return
        }
        guard k > 0, Self.worse(s[0], r[0], score, row) else { return }
        // Replace the root and sift down.
        var i = 0
        while true {
            let left = 2 * i + 1
            if left >= k { break }
            var child = left
            let right = left + 1
            if right < k, Self.worse(s[right], r[right], s[left], r[left]) { child = right }
            guard Self.worse(s[child], r[child], score, row) else { break }
            s[i] = s[child]
            r[i] = r[child]
            i = child
        }
        s[i] = score
        r[i] = row
        thresholds[selection] = s[0]
    }
}
