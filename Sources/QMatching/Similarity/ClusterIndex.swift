import QKernels
import QLinearAlgebra

/// An approximate index over the unit rows of an interest matrix: an inverted file. Spherical k-means splits
/// the rows into about √rows lists around unit centroids; a query is scored against the centroids, and only the
/// rows of its `probes` nearest lists are scored, exactly, in float32. The candidates are approximate (a
/// neighbour in an unprobed list is missed), the scores and their order are exact.
///
/// Why an inverted file and not a graph (HNSW): at the sizes it is for (10⁵–10⁶ rows, d = 256, 2 cores) the
/// work is dense products that OpenBLAS runs at near peak; building costs a few passes of GEMM, and the
/// all-rows search (`knn --approximate`, `recommend --all`) is one GEMM per pair of nearby lists, where a graph
/// index would walk a graph row by row (Benchmarks/README.md, "A million members", has the comparison with
/// hnswlib). A single query reads `probes` × rows/lists rows, a few MB.
public struct ClusterIndex: Sendable, Equatable {
    /// The dimension of the rows and the centroids.
    public let dimension: Int
    /// Unit centroids, `lists × dimension`, row-major.
    let centroids: [Float]
    /// List `l` holds the rows `members[offsets[l] ..< offsets[l + 1]]`, ascending.
    let offsets: [Int32]
    /// Every row once, grouped by list.
    let members: [Int32]
    /// How many lists a single query probes.
    public let probes: Int
    /// The recall@10 measured at `probes` on a seeded sample when the index was built (nil: not measured).
    public let recall: Double?

    /// The number of lists.
    public var lists: Int { offsets.count - 1 }
    /// The number of rows indexed.
    public var rows: Int { members.count }

    init(dimension: Int, centroids: [Float], offsets: [Int32], members: [Int32], probes: Int, recall: Double?) {
        precondition(offsets.count >= 2 && centroids.count == (offsets.count - 1) * dimension)
        self.dimension = dimension
        self.centroids = centroids
        self.offsets = offsets
        self.members = members
        self.probes = max(1, min(probes, offsets.count - 1))
        self.recall = recall
    }

    /// The same index with another number of probes and its measured recall.
    public func probing(_ probes: Int, recall: Double?) -> ClusterIndex {
        ClusterIndex(dimension: dimension, centroids: centroids, offsets: offsets, members: members, probes: probes,
                     recall: recall)
    }

    /// The rows of list `list`.
    func rows(ofList list: Int) -> Range<Int> { Int(offsets[list])..<Int(offsets[list + 1]) }

    /// The default number of lists for `rows` rows: about √rows, at least 1.
    public static func defaultLists(rows: Int) -> Int { max(1, min(rows, Int(Double(rows).squareRoot().rounded()))) }

    // MARK: Single queries

    /// The `count` lists whose centroids score highest against `query`, best first.
    func nearestLists(to query: UnsafePointer<Float>, count: Int) -> [Int] {
        let scores = [Float](unsafeUninitializedCapacity: lists) { out, filled in
            centroids.withUnsafeBufferPointer { c in
                BLAS.multiply(c, rows: lists, columns: dimension, by: UnsafeBufferPointer(start: query, count: dimension),
                              into: out)
            }
            filled = lists
        }
        return InterestMatrix.select(scores, k: min(count, lists), filter: RowFilter()).map(\.row)
    }

    /// The `k` best rows of `matrix` for `query` among the rows of the `probes` nearest lists that `admits`
    /// takes, best first, ties by lower row; scores are exact float32 dot products.
    /// - Complexity: O(lists × dimension) to pick the lists, O(probes × rows/lists × dimension) to score.
    public func nearest(to query: [Float], in matrix: InterestMatrix, k: Int, probes: Int? = nil,
                        admits: (Int) -> Bool) -> [Neighbour] {
        precondition(query.count == dimension && matrix.dimension == dimension && matrix.rows == rows)
        guard k > 0, rows > 0 else { return [] }
        return query.withUnsafeBufferPointer { q -> [Neighbour] in
            let chosen = nearestLists(to: q.baseAddress!, count: probes ?? self.probes)
            var candidates: [Int32] = []
            candidates.reserveCapacity(chosen.reduce(0) { $0 + rows(ofList: $1).count })
            members.withUnsafeBufferPointer { m in
                for list in chosen { candidates.append(contentsOf: m[rows(ofList: list)]) }
            }
            var scores = [Float](repeating: 0, count: candidates.count)
            candidates.withUnsafeBufferPointer { c in
                scores.withUnsafeMutableBufferPointer { out in
                    qk_dot_rows(matrix.storage.base, dimension, q.baseAddress!, c.baseAddress, c.count, out.baseAddress)
                }
            }
            let heaps = TopKHeaps(count: 1, k: k)
            var threshold = -Float.infinity
            for i in 0..<candidates.count {
                let score = scores[i], row = Int(candidates[i])
                guard score >= threshold, admits(row) else { continue }   // NaN never passes
                heaps.offer(0, score: score, row: row)
                threshold = heaps.threshold(0)
            }
            return heaps.sorted(0)
        }
    }
}
