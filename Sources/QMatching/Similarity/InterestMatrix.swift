import QLinearAlgebra

/// All members' interest vectors in one contiguous row-major `rows × dimension` float32 matrix.
public struct InterestMatrix: Sendable {
    public let rows: Int
    public let dimension: Int
    let storage: FloatStorage
    /// Where the half-precision copy for fast single-query scans is kept (none for small matrices or without F16C).
    private let halfSlot: HalfSlot?
    /// Half-precision copy for fast single-query scans (nil for small matrices or without F16C, and until a
    /// copy made in the background is ready).
    var half: HalfMatrix? { halfSlot?.matrix }

    /// - Parameter fastQueries: keep a half-precision copy (half the size again) so that single queries scan
    ///   half the bytes; results stay exact (re-ranked in float32). Used for large matrices only.
    /// - Precondition: `values.count == rows × dimension`.
    public init(rows: Int, dimension: Int, values: [Float], fastQueries: Bool = false) {
        precondition(values.count == rows * dimension, "\(values.count) values for \(rows) × \(dimension)")
        self.init(rows: rows, dimension: dimension, storage: FloatStorage(values), fastQueries: fastQueries)
    }

    /// - Parameter halfInBackground: make the half-precision copy on a thread of its own (loading an index does
    ///   not wait for it); scans read the float32 values until it is ready, with the same results.
    init(rows: Int, dimension: Int, storage: FloatStorage, fastQueries: Bool = false, minimumHalfSize: Int = 1 << 20,
         halfInBackground: Bool = false) {
        precondition(storage.count == rows * dimension)
        self.rows = rows
        self.dimension = dimension
        self.storage = storage
        guard fastQueries, HalfMatrix.applies(rows: rows, dimension: dimension, minimumSize: minimumHalfSize) else {
            halfSlot = nil
            return
        }
        let make: @Sendable () -> HalfMatrix = { HalfMatrix(storage, rows: rows, dimension: dimension) }
        halfSlot = halfInBackground ? HalfSlot(makingInBackground: make) : HalfSlot(make())
    }

    /// The values, row-major.
    public var values: UnsafeBufferPointer<Float> { storage.buffer }

    /// Row `row` as an array.
    public func row(_ row: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: storage.base + row * dimension, count: dimension))
    }

    /// Cosine scores (dot products of unit rows) of every row against `query`.
    /// - Complexity: O(`rows` × `dimension`); one BLAS call, one allocation.
    public func scores(against query: [Float]) -> [Float] {
        precondition(query.count == dimension)
        return [Float](unsafeUninitializedCapacity: rows) { out, count in
            query.withUnsafeBufferPointer { x in
                BLAS.multiply(storage.buffer, rows: rows, columns: dimension, by: x, into: out)
            }
            count = rows
        }
    }

    /// The `k` best rows for `query`, best first, among rows that `filter` admits.
    ///
    /// Exclusions are applied inside the selection, so `k` results come back whenever `k` admitted rows exist.
    /// Ties break by lower row.
    /// - Complexity: O(`rows` × `dimension`) for the scores (sgemv), O(`rows` + m log k) for the selection,
    ///   where m is the number of candidates that beat the running threshold.
    public func nearest(to query: [Float], k: Int, filter: RowFilter = RowFilter()) -> [Neighbour] {
        guard k > 0, rows > 0 else { return [] }
        if let half, k * 8 < rows {
            return nearestByHalf(half, query: query, k: k, filter: filter)
        }
        let scores = scores(against: query)
        return Self.select(scores, k: k, filter: filter)
    }

    /// Exact top-k through the half-precision copy: the k-th best approximate score `t` of admitted rows, then
    /// every admitted row with an approximate score ≥ `t − 2ε` (ε the error bound) re-scored in float32.
    /// Any row of the exact top k has an approximate score ≥ t − 2ε, so the result equals the float32 scan's.
    func nearestByHalf(_ half: HalfMatrix, query: [Float], k: Int, filter: RowFilter) -> [Neighbour] {
        let approximate = half.scores(query)
        let top = Self.select(approximate, k: k, filter: filter)
        guard top.count == k, let kth = top.last?.score else { return exactScores(of: top.map(\.row), query, k) }
        let floor = kth - 2 * half.errorBound(query)
        var candidates: [Int] = []
        approximate.withUnsafeBufferPointer { scores in
            for row in 0..<rows where scores[row] >= floor && filter.admits(row) { candidates.append(row) }
        }
        return exactScores(of: candidates, query, k)
    }

    /// The best `k` of `rows` by float32 dot product with `query`, ties by lower row.
    func exactScores(of candidates: [Int], _ query: [Float], _ k: Int) -> [Neighbour] {
        let base = storage.base
        var scored = query.withUnsafeBufferPointer { q in
            candidates.map { row in
                Neighbour(row: row, score: BLAS.dot(base + row * dimension, q.baseAddress!, count: dimension))
            }
        }
        scored.sort(by: Neighbour.ranksBefore)
        return Array(scored.prefix(k))
    }

    /// The `k` best entries of `scores` that `filter` admits, best first.
    static func select(_ scores: [Float], k: Int, filter: RowFilter) -> [Neighbour] {
        let heaps = TopKHeaps(count: 1, k: k)
        scores.withUnsafeBufferPointer { s in
            var threshold = -Float.infinity
            for row in 0..<s.count {
                let score = s[row]
                guard score >= threshold, filter.admits(row) else { continue }  // NaN never passes
                heaps.offer(0, score: score, row: row)
                threshold = heaps.threshold(0)
            }
        }
        return heaps.sorted(0)
    }
}

/// Which rows a selection may return: an eligibility mask shared by all queries (e.g. discoverable
/// members) and a set of rows excluded for this query (self, connected, dismissed).
public struct RowFilter: Sendable {
    public var eligible: [Bool]?
    public var excluded: Set<Int>

    public init(eligible: [Bool]? = nil, excluded: Set<Int> = []) {
        self.eligible = eligible
        self.excluded = excluded
    }

    @inline(__always)
    func admits(_ row: Int) -> Bool {
        if let eligible, !eligible[row] { return false }
        return excluded.isEmpty || !excluded.contains(row)
    }
}
