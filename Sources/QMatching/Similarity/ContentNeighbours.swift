import QLinearAlgebra

/// Every snapshot row's nearest rows by content, found once at build time (the blocked all-pairs GEMM), so
/// that a query for a member of the snapshot reads a short list instead of scanning every vector.
///
/// Exact, not approximate: a list holds the `k` best other rows of the whole snapshot (ties by lower row)
/// and remembers its floor, the `k`-th score. Any row outside the list scores at most the floor plus the
/// rounding bound ``tolerance(_:)`` (the list's scores come from GEMM, queries re-score in float32 dot
/// products, and the two roundings differ in the last bits). So when the `m`-th best admitted entry,
/// re-scored, beats floor + tolerance, the first `m` admitted entries are exactly what a full scan returns;
/// otherwise (many entries filtered out or hidden, or a tie at the floor) ``nearest(of:k:interests:admits:)``
/// says so and the caller scans.
public struct ContentNeighbours: Sendable {
    /// Entries per row (rows with fewer other rows are padded with -1).
    public let k: Int
    /// `rows × k` row numbers, best first, -1 for padding.
    let entries: [Int32]
    /// Per row: the `k`-th score, or -∞ when the list holds every other row.
    let floors: [Float]
    /// The largest row norm (1 for unit rows), for the rounding bound.
    let maxRowNorm: Float

    /// Entries per row that `qmatch build` keeps: the recommender's 80 content candidates per query plus
    /// room for the rows a query blocks (connections, dismissals, hidden members).
    public static let defaultLength = 128
    /// Above this many rows `auto` builds no lists: their GEMM grows with the square of the rows, and from
    /// ``MatchingIndex/ApproximateMode/automaticThreshold`` members the approximate index serves content queries.
    public static let maximumRows = MatchingIndex.ApproximateMode.automaticThreshold - 1

    init(k: Int, entries: [Int32], floors: [Float], maxRowNorm: Float) {
        precondition(entries.count == floors.count * k)
        self.k = k
        self.entries = entries
        self.floors = floors
        self.maxRowNorm = maxRowNorm
    }

    /// The lists of every row of `interests`: the `length` best other rows (all rows eligible: visibility
    /// is applied at query time).
    /// - Complexity: O(rows² × dimension / 2) FLOPs on `threads` workers (``InterestMatrix/allNearest``).
    public static func compute(_ interests: InterestMatrix, length: Int = defaultLength, threads: Int = 2,
                               progress: (@Sendable (Double) -> Void)? = nil) -> ContentNeighbours {
        let n = interests.rows
        let k = max(1, min(length, n - 1))
        let all = interests.allNearest(k: k, threads: threads, progress: progress)
        var floors = [Float](repeating: -.infinity, count: n)
        if n - 1 > k {
            for row in 0..<n where all.indices[row * k + k - 1] >= 0 { floors[row] = all.scores[row * k + k - 1] }
        }
        return ContentNeighbours(k: k, entries: all.indices, floors: floors, maxRowNorm: maxNorm(of: interests))
    }

    static func maxNorm(of interests: InterestMatrix) -> Float {
        interests.storage.maxRowNorm(rows: interests.rows, dimension: interests.dimension)
    }

    /// A bound on |GEMM score − dot-product score| for a row of norm ≤ `queryNorm` against any row: twice the
    /// float32 accumulation bound of each (d × 2⁻²⁴ × the norms' product), doubled again for margin.
    func tolerance(dimension: Int, queryNorm: Float) -> Float {
        queryNorm * maxRowNorm * 4 * Float(dimension) * Float.ulpOfOne
    }

    /// Row `row`'s `count` best rows that `admits` takes, best first (ties by lower row), scored by float32
    /// dot products exactly as a scan scores them; nil when the list cannot prove that a scan would return
    /// the same (fewer than `count` admitted entries above the floor).
    func nearest(of row: Int, k count: Int, interests: InterestMatrix,
                 admits: (Int) -> Bool) -> [Neighbour]? {
        guard count > 0 else { return [] }
        let d = interests.dimension
        let base = interests.values.baseAddress!
        let query = base + row * d
        var found: [Neighbour] = []
        found.reserveCapacity(k)
        for j in 0..<k {
            let other = Int(entries[row * k + j])
            guard other >= 0 else { break }
            guard admits(other) else { continue }
            found.append(Neighbour(row: other, score: BLAS.dot(query, base + other * d, count: d)))
        }
        found.sort(by: Neighbour.ranksBefore)
        let floor = floors[row]
        if floor == -.infinity { return Array(found.prefix(count)) }
        guard found.count >= count else { return nil }
        let queryNorm = BLAS.dot(query, query, count: d).squareRoot()
        guard found[count - 1].score > floor + tolerance(dimension: d, queryNorm: queryNorm) else { return nil }
        return Array(found.prefix(count))
    }

    /// The entries of row `row`, best first, without padding.
    public func list(of row: Int) -> [Int] {
        (0..<k).map { Int(entries[row * k + $0]) }.filter { $0 >= 0 }
    }
}
