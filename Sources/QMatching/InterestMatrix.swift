import QLinearAlgebra

/// All members' interest vectors in one contiguous row-major `rows × dimension` float32 matrix.
public struct InterestMatrix: Sendable {
    public let rows: Int
    public let dimension: Int
    let storage: FloatStorage

    /// - Precondition: `values.count == rows × dimension`.
    public init(rows: Int, dimension: Int, values: [Float]) {
        precondition(values.count == rows * dimension, "\(values.count) values for \(rows) × \(dimension)")
        self.init(rows: rows, dimension: dimension, storage: FloatStorage(values))
    }

    init(rows: Int, dimension: Int, storage: FloatStorage) {
        precondition(storage.count == rows * dimension)
        self.rows = rows
        self.dimension = dimension
        self.storage = storage
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
        let scores = scores(against: query)
        return Self.select(scores, k: k, filter: filter)
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
