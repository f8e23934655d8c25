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

    /// Lists already in CSR form (each sorted).
    init(offsets: [Int], targets: [Int32]) {
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
    ///   - receivers: when given, only these rows' selections are needed (a shard of a batch run): block pairs
    ///     that touch none of them are skipped, and other rows' selections are incomplete.
    public func allNearest(k: Int, eligible: [Bool]? = nil, exclusions: ExclusionLists? = nil, threads: Int = 2,
                           blockSize: Int = 512, receivers: Range<Int>? = nil,
                           progress: (@Sendable (Double) -> Void)? = nil) -> NearestNeighbours {
        let n = rows
        let block = max(16, min(blockSize, max(n, 1)))
        let blocks = (n + block - 1) / block
        var tiles: [TilePair] = []
        for i in 0..<blocks {
            for j in i..<blocks {
                let tile = TilePair(i0: i * block, rowsI: min(block, n - i * block), j0: j * block,
                                    rowsJ: min(block, n - j * block), both: i != j)
                if let receivers, !receivers.overlaps(tile.i0..<(tile.i0 + tile.rowsI)),
                   !receivers.overlaps(tile.j0..<(tile.j0 + tile.rowsJ)) { continue }
                tiles.append(tile)
            }
        }
        return Self.nearest(over: tiles, of: storage.base, rows: n, dimension: dimension, k: k, eligible: eligible,
                            exclusions: exclusions, threads: threads, progress: progress)
    }

    /// The top-`k` selection of every row of `x` (`rows × dimension`) over the candidates that `tiles` pair it
    /// with: each tile is one single-threaded sgemm (receivers `i0..<i0+rowsI` against candidates
    /// `j0..<j0+rowsJ`) scanned by rows, and also by columns when `both` (a score matrix is symmetric, so one
    /// product serves both sides). `threads` workers take tiles from an atomic counter, each with its own heaps,
    /// merged at the end; the result does not depend on the order tiles are taken (ties break by lower row).
    /// Used by the exact self-join (every block pair) and the approximate one (pairs of nearby lists).
    /// - Complexity: O(Σ rowsI × rowsJ × dimension) FLOPs; memory `threads` × (largest tile + rows × k entries).
    static func nearest(over tiles: [TilePair], of x: UnsafePointer<Float>, rows n: Int, dimension d: Int, k: Int,
                        eligible: [Bool]?, exclusions: ExclusionLists?, threads: Int,
                        progress: (@Sendable (Double) -> Void)?) -> NearestNeighbours {
        guard n > 0, k > 0, !tiles.isEmpty else {
            return NearestNeighbours(rows: n, k: k, indices: [Int32](repeating: -1, count: n * k),
                                     scores: [Float](repeating: -.infinity, count: n * k))
        }
        let ldc = tiles.map(\.rowsJ).max() ?? 1
        let tileCapacity = max(1, (tiles.map(\.rowsI).max() ?? 1) * ldc)
        let workers = max(1, min(threads, tiles.count))
        let heaps = (0..<workers).map { _ in TopKHeaps(count: n, k: k) }
        let eligibleMask = eligible ?? []
        let exclusionLists = exclusions ?? ExclusionLists([])
        let next = Atomic<Int>(0)
        eligibleMask.withUnsafeBufferPointer { eligibleBuffer in
            exclusionLists.offsets.withUnsafeBufferPointer { exOffsets in
                exclusionLists.targets.withUnsafeBufferPointer { exTargets in
                    let filter = SharedFilter(qk_filter(
                        eligible: eligible == nil ? nil : eligibleBuffer.baseAddress,
                        ex_offsets: exclusions == nil ? nil : exOffsets.baseAddress,
                        ex_targets: exclusions == nil ? nil : exTargets.baseAddress))
                    let x = SharedPointer(UnsafeMutablePointer(mutating: x))
                    Parallel.run(chunks: workers) { worker in
                        let tile = UnsafeMutablePointer<Float>.allocate(capacity: tileCapacity)
                        defer { tile.deallocate() }
                        var filter = filter.value
                        var top = heaps[worker].heaps
                        while true {
                            let p = next.wrappingAdd(1, ordering: .relaxed).oldValue
                            guard p < tiles.count else { break }
                            let t = tiles[p]
                            BLAS.multiplyTransposed(x.base + t.i0 * d, rows: t.rowsI, x.base + t.j0 * d, rows: t.rowsJ,
                                                    inner: d, into: tile, ldc: ldc)
                            qk_scan_rows(&top, &filter, tile, ldc, t.rowsI, t.rowsJ, t.i0, t.j0)
                            if t.both { qk_scan_columns(&top, &filter, tile, ldc, t.rowsI, t.rowsJ, t.i0, t.j0) }
                            if worker == 0, let progress { progress(Double(p + 1) / Double(tiles.count)) }
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
                    var all: [Neighbour] = []
                    all.reserveCapacity(workers * k)
                    for row in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
                        all.removeAll(keepingCapacity: true)
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

/// One tile of a self-join: receivers `i0..<i0+rowsI` against candidates `j0..<j0+rowsJ`; with `both`, the
/// candidates receive from the receivers too.
struct TilePair: Sendable {
    let i0: Int, rowsI: Int, j0: Int, rowsJ: Int
    let both: Bool
}

/// The kernels' candidate filter, shared read-only by the workers (`@unchecked Sendable`: it holds
/// pointers to memory that outlives the parallel loop and is never written during it).
struct SharedFilter: @unchecked Sendable {
    let value: qk_filter
    init(_ value: qk_filter) { self.value = value }
}
