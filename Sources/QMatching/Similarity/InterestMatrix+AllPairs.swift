import Dispatch
import QKernels
import QLinearAlgebra
import Synchronization

/// The `k` nearest rows of every row: `rows × k` row-major, best first; `-1` and -∞ where fewer than `k`
/// admitted rows exist.
public struct NearestNeighbours: Sendable {
    public let rows: Int
    public let k: Int
    public let indices: [Int32]
    public let scores: [Float]

    /// Row `row`'s neighbours, best first, without the padding.
    public func neighbours(of row: Int) -> [Neighbour] {
        (0..<k).compactMap { j in
            let index = indices[row * k + j]
            return index < 0 ? nil : Neighbour(row: Int(index), score: scores[row * k + j])
        }
    }
}

/// Per-row sorted lists of rows that row must not get (connected, dismissed), in CSR form.
public struct ExclusionLists: Sendable {
    let offsets: [Int]
    let targets: [Int32]

    /// - Parameter lists: for each row, the rows it must not get (any order, duplicates allowed).
    public init(_ lists: [[Int]]) {
        var offsets = [0]
        var targets: [Int32] = []
        for list in lists {
            targets.append(contentsOf: Set(list).sorted().map(Int32.init))
            offsets.append(targets.count)
        }
        self.offsets = offsets
        self.targets = targets
    }
}

extension InterestMatrix {
    /// The exact `k` nearest rows (by dot product; cosine for unit rows) of every row, itself excluded.
    ///
    /// Blocked GEMM over pairs of row blocks `I ≤ J` (the score matrix is symmetric, so each block pair is
    /// computed once and scanned by rows and by columns), `threads` workers, each with its own BLAS calls (the
    /// executables set OpenBLAS to one thread a call, once), a bounded tile and its own top-k heaps, merged at
    /// the end. Candidates are filtered against each row's
    /// running threshold with SIMD compares before they touch a heap. Ties break by lower row.
    /// - Parameters:
    ///   - eligible: rows that may be returned (nil: all).
    ///   - exclusions: per-row rows that row must not get.
    /// - Complexity: O(rows² × dimension / 2) FLOPs; memory `threads` × (blockSize² floats + rows × k entries).
    public func allNearest(k: Int, eligible: [Bool]? = nil, exclusions: ExclusionLists? = nil, threads: Int = 2,
                           blockSize: Int = 512, progress: (@Sendable (Double) -> Void)? = nil) -> NearestNeighbours {
        let n = rows, d = dimension
        guard n > 0, k > 0 else {
            return NearestNeighbours(rows: n, k: k, indices: [Int32](repeating: -1, count: n * k),
                                     scores: [Float](repeating: -.infinity, count: n * k))
        }
        let block = max(16, min(blockSize, n))
        let blocks = (n + block - 1) / block
        var pairs: [(Int, Int)] = []
        for i in 0..<blocks { for j in i..<blocks { pairs.append((i, j)) } }
        let workers = max(1, min(threads, pairs.count))
        let heaps = (0..<workers).map { _ in TopKHeaps(count: n, k: k) }
        let eligibleMask = eligible ?? []
        let exclusionLists = exclusions ?? ExclusionLists([])
        let next = Atomic<Int>(0)
        let pairList = pairs
        eligibleMask.withUnsafeBufferPointer { eligibleBuffer in
            exclusionLists.offsets.withUnsafeBufferPointer { exOffsets in
                exclusionLists.targets.withUnsafeBufferPointer { exTargets in
                    let filter = SharedFilter(qk_filter(
                        eligible: eligible == nil ? nil : eligibleBuffer.baseAddress,
                        ex_offsets: exclusions == nil ? nil : exOffsets.baseAddress,
                        ex_targets: exclusions == nil ? nil : exTargets.baseAddress))
                    let x = SharedPointer(UnsafeMutablePointer(mutating: storage.base))
                    Parallel.run(chunks: workers) { worker in
                        let tile = UnsafeMutablePointer<Float>.allocate(capacity: block * block)
                        defer { tile.deallocate() }
                        var filter = filter.value
                        var top = heaps[worker].heaps
                        while true {
                            let p = next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard p < pairList.count else { break }
                            let (bi, bj) = pairList[p]
                            let i0 = bi * block, j0 = bj * block
                            let rowsI = min(block, n - i0), rowsJ = min(block, n - j0)
                            BLAS.multiplyTransposed(x.base + i0 * d, rows: rowsI, x.base + j0 * d, rows: rowsJ,
                                                    inner: d, into: tile, ldc: block)
                            qk_scan_rows(&top, &filter, tile, block, rowsI, rowsJ, i0, j0)
                            if bi != bj { qk_scan_columns(&top, &filter, tile, block, rowsI, rowsJ, i0, j0) }
                            if worker == 0, let progress { progress(Double(p + 1) / Double(pairList.count)) }
                        }
                    }
                }
            }
        }
        // Merge the workers' selections.
        var indices = [Int32](repeating: -1, count: n * k)
        var scores = [Float](repeating: -.infinity, count: n * k)
        indices.withUnsafeMutableBufferPointer { outIndices in
            scores.withUnsafeMutableBufferPointer { outScores in
                let outIndices = SharedPointer(outIndices), outScores = SharedPointer(outScores)
                let chunks = min(n, workers * 8)
                Parallel.run(chunks: chunks) { chunk in
                    for row in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
                        var all: [Neighbour] = []
                        for heap in heaps { all += heap.entries(row) }
                        all.sort(by: Neighbour.ranksBefore)
                        for (j, neighbour) in all.prefix(k).enumerated() {
                            outIndices[row * k + j] = Int32(neighbour.row)
                            outScores[row * k + j] = neighbour.score
                        }
                    }
                }
            }
        }
        return NearestNeighbours(rows: n, k: k, indices: indices, scores: scores)
    }
}

/// The kernels' candidate filter, shared read-only by the workers (`@unchecked Sendable`: it holds
/// pointers to memory that outlives the parallel loop and is never written during it).
struct SharedFilter: @unchecked Sendable {
    let value: qk_filter
    init(_ value: qk_filter) { self.value = value }
}
