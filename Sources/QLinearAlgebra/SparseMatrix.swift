import Dispatch

/// A sparse `rows × columns` matrix in compressed sparse row form.
public struct SparseMatrix: Sendable {
    public let rows: Int
    public let columns: Int
    /// Row `r`'s entries are `offsets[r]..<offsets[r + 1]`.
    public let offsets: [Int]
    public let indices: [Int32]
    public let values: [Float]

    /// - Precondition: `offsets.count == rows + 1`, indices in `0..<columns`.
    public init(rows: Int, columns: Int, offsets: [Int], indices: [Int32], values: [Float]) {
        precondition(offsets.count == rows + 1 && indices.count == values.count && offsets.last == indices.count)
        self.rows = rows
        self.columns = columns
        self.offsets = offsets
        self.indices = indices
        self.values = values
    }

    public var nonZeroCount: Int { indices.count }

    /// The transpose, also in CSR form (so `Aᵀ·X` is a row-wise product too).
    /// - Complexity: O(rows + columns + non-zeros).
    public func transposed() -> SparseMatrix {
        var counts = [Int](repeating: 0, count: columns + 1)
        for index in indices { counts[Int(index) + 1] += 1 }
        for c in 0..<columns { counts[c + 1] += counts[c] }
        var next = counts
        var newIndices = [Int32](repeating: 0, count: indices.count)
        var newValues = [Float](repeating: 0, count: values.count)
        for r in 0..<rows {
            for e in offsets[r]..<offsets[r + 1] {
                let c = Int(indices[e])
                newIndices[next[c]] = Int32(r)
                newValues[next[c]] = values[e]
                next[c] += 1
            }
        }
        return SparseMatrix(rows: columns, columns: rows, offsets: counts, indices: newIndices, values: newValues)
    }

    /// `self · dense`, where `dense` is `columns × width` row-major; the result is `rows × width`.
    /// Rows are split across `threads` workers.
    /// - Complexity: O(non-zeros × width).
    public func multiply(_ dense: [Float], width: Int, threads: Int = 2) -> [Float] {
        precondition(dense.count == columns * width)
        var result = [Float](repeating: 0, count: rows * width)
        guard rows > 0, width > 0 else { return result }
        let chunks = max(1, min(threads * 8, rows))
        dense.withUnsafeBufferPointer { b in
            offsets.withUnsafeBufferPointer { offsets in
                indices.withUnsafeBufferPointer { indices in
                    values.withUnsafeBufferPointer { values in
                        result.withUnsafeMutableBufferPointer { out in
                            let out = SharedPointer(out), b = SharedPointer(b)
                            let offsets = SharedPointer(offsets), indices = SharedPointer(indices)
                            let values = SharedPointer(values)
                            let rows = self.rows
                            Parallel.run(chunks: chunks) { chunk in
                                let start = rows * chunk / chunks, end = rows * (chunk + 1) / chunks
                                for r in start..<end {
                                    let target = out.base + r * width
                                    for e in offsets[r]..<offsets[r + 1] {
                                        let v = values[e]
                                        let source = b.base + Int(indices[e]) * width
                                        for j in 0..<width { target[j] += v * source[j] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
