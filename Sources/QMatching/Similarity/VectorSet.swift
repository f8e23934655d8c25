/// Turns raw vectors into unit rows for cosine search, with a defined treatment of bad rows.
public enum VectorSet {
    /// The rows of `values` (`rows × dimension`) scaled to unit length.
    ///
    /// - A row with a NaN or infinite value is *invalid*: it becomes a zero row and is flagged, so that it
    ///   is never returned as a neighbour (and its own neighbours are reported as missing).
    /// - A zero row stays zero: its score with every row is 0 (similar to nobody, never NaN).
    /// - Complexity: O(`rows` × `dimension`).
    public static func normalizedRows(_ values: [Float], rows: Int, dimension: Int) -> (values: [Float], valid: [Bool]) {
        var out = values
        let valid = out.withUnsafeMutableBufferPointer { normalize($0.baseAddress, rows: rows, dimension: dimension) }
        return (out, valid)
    }

    /// Scales the rows of `storage` to unit length in place, with the rules of ``normalizedRows``.
    /// - Returns: which rows are valid.
    static func normalizeInPlace(_ storage: FloatStorage, rows: Int, dimension: Int) -> [Bool] {
        normalize(storage.mutableBase, rows: rows, dimension: dimension)
    }

    /// Unit rows in place; invalid (non-finite) rows zeroed and flagged false.
    private static func normalize(_ buffer: UnsafeMutablePointer<Float>?, rows: Int, dimension: Int) -> [Bool] {
        var valid = [Bool](repeating: true, count: rows)
        guard let buffer else { return valid }
        for row in 0..<rows {
            let start = row * dimension
            var sum: Double = 0
            var finite = true
            for j in start..<(start + dimension) {
                let value = buffer[j]
                if !value.isFinite { finite = false; break }
                sum += Double(value) * Double(value)
            }
            if !finite {
                valid[row] = false
                for j in start..<(start + dimension) { buffer[j] = 0 }
                continue
            }
            guard sum > 0 else { continue }
            let scale = Float(1 / sum.squareRoot())
            for j in start..<(start + dimension) { buffer[j] *= scale }
        }
        return valid
    }

    /// The `qmatch knn` contract on a matrix read from a `.npy` (normalised in place: no copy).
    public static func nearestNeighbours(_ matrix: NpyFile.Matrix, k: Int, threads: Int = 2,
                                         progress: (@Sendable (Double) -> Void)? = nil) -> NearestNeighbours {
        let valid = normalizeInPlace(matrix.storage, rows: matrix.rows, dimension: matrix.columns)
        let interests = InterestMatrix(rows: matrix.rows, dimension: matrix.columns, storage: matrix.storage)
        return neighbours(interests, valid: valid, k: k, threads: threads, progress: progress)
    }

    /// How `qmatch knn --approximate` searches: lists of the inverted file (nil: about √rows) and the lists
    /// paired with each list.
    public struct Approximation: Sendable {
        public var lists: Int?
        public var probes: Int
        public var seed: UInt64
        public init(lists: Int? = nil, probes: Int = 8, seed: UInt64 = 0x5EED_C1A5) {
            self.lists = lists
            self.probes = probes
            self.seed = seed
        }
    }

    /// The `qmatch knn --approximate` contract on a matrix read from a `.npy` (normalised in place): as
    /// ``nearestNeighbours(_:k:threads:progress:)`` but each row's candidates are the rows of nearby lists of
    /// an inverted file (``ClusterIndex``); the scores are exact, some neighbours may be missed.
    /// - Parameter trained: called once the lists are made, with the index (for timings and reports).
    public static func approximateNeighbours(_ matrix: NpyFile.Matrix, k: Int, approximation: Approximation,
                                             threads: Int = 2, trained: ((ClusterIndex) -> Void)? = nil,
                                             progress: (@Sendable (Double) -> Void)? = nil) -> NearestNeighbours {
        let valid = normalizeInPlace(matrix.storage, rows: matrix.rows, dimension: matrix.columns)
        let interests = InterestMatrix(rows: matrix.rows, dimension: matrix.columns, storage: matrix.storage)
        let index = ClusterIndex.train(interests, lists: approximation.lists, probes: approximation.probes,
                                       seed: approximation.seed, threads: threads)
        trained?(index)
        let result = index.allNearest(interests, k: k, eligible: valid.allSatisfy { $0 } ? nil : valid,
                                      threads: threads, progress: progress)
        return padInvalid(result, valid: valid)
    }

    /// The `qmatch knn` contract: exact cosine top-`k` of every row of `values` (`rows × dimension`), self
    /// excluded, best first, ties by lower row; rows normalised internally. Invalid rows (NaN or ±Inf) are
    /// nobody's neighbour and get an all-padding row; padding is index -1 and score -∞.
    public static func nearestNeighbours(_ values: [Float], rows: Int, dimension: Int, k: Int, threads: Int = 2,
                                         progress: (@Sendable (Double) -> Void)? = nil) -> NearestNeighbours {
        let (unit, valid) = normalizedRows(values, rows: rows, dimension: dimension)
        let matrix = InterestMatrix(rows: rows, dimension: dimension, values: unit)
        return neighbours(matrix, valid: valid, k: k, threads: threads, progress: progress)
    }

    static func neighbours(_ matrix: InterestMatrix, valid: [Bool], k: Int, threads: Int,
                           progress: (@Sendable (Double) -> Void)?) -> NearestNeighbours {
        let result = matrix.allNearest(k: k, eligible: valid.allSatisfy { $0 } ? nil : valid, threads: threads,
                                       progress: progress)
        return padInvalid(result, valid: valid)
    }

    /// `result` with every invalid row's neighbours replaced by padding (index -1, score -∞).
    static func padInvalid(_ result: NearestNeighbours, valid: [Bool]) -> NearestNeighbours {
        let rows = result.rows, k = result.k
        guard valid.contains(false) else { return result }
        var indices = result.indices, scores = result.scores
        for row in 0..<rows where !valid[row] {
            for j in 0..<k {
                indices[row * k + j] = -1
                scores[row * k + j] = -.infinity
            }
        }
        return NearestNeighbours(rows: rows, k: k, indices: indices, scores: scores)
    }
}
