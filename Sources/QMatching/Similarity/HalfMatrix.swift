import Foundation
import QKernels
import QLinearAlgebra
import Synchronization

/// A half-precision copy of an interest matrix for single-query scans. A scan of `rows × dimension` is
/// memory-bound, and half precision halves the bytes; exactness is restored by re-ranking in float32 every
/// row whose half-precision score is within the error bound of the k-th best (see ``InterestMatrix/nearest``).
///
/// `@unchecked Sendable`: written once in `init`, then only read.
final class HalfMatrix: @unchecked Sendable {
    let values: UnsafeMutablePointer<UInt16>
    let rows: Int
    let dimension: Int
    /// The largest row norm, for the error bound.
    let maxRowNorm: Float

    /// Whether this CPU can run the half-precision scan.
    static let isSupported = qk_has_f16c()

    /// Whether a matrix of this shape gets a copy: the CPU has F16C/AVX2/FMA and the matrix is large enough to
    /// be memory-bound.
    static func applies(rows: Int, dimension: Int, minimumSize: Int) -> Bool {
        rows * dimension >= minimumSize && dimension >= 16 && isSupported
    }

    init(_ matrix: FloatStorage, rows: Int, dimension: Int) {
        self.rows = rows
        self.dimension = dimension
        values = .allocate(capacity: rows * dimension)
        // Two halves side by side (at a million members this copy is part of every start-up); each chunk also
        // finds its largest row norm.
        let chunks = rows >= 65_536 ? 2 : 1
        var norms = [Float](repeating: 0, count: chunks)
        let source = SharedPointer(UnsafeMutablePointer(mutating: matrix.base)), target = SharedPointer(values)
        norms.withUnsafeMutableBufferPointer { out in
            let out = SharedPointer(out)
            Parallel.run(chunks: chunks) { chunk in
                let first = rows * chunk / chunks, end = rows * (chunk + 1) / chunks
                qk_to_f16(source.base + first * dimension, target.base + first * dimension, (end - first) * dimension)
                var largest: Float = 0
                for row in first..<end {
                    let start = source.base + row * dimension
                    largest = max(largest, BLAS.dot(start, start, count: dimension))
                }
                out[chunk] = largest.squareRoot()
            }
        }
        maxRowNorm = norms.max() ?? 0
    }

    deinit { values.deallocate() }

    /// Approximate scores of every row against `query`, on up to two threads.
    func scores(_ query: [Float]) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows) { out, count in
            let target = SharedPointer(out)
            let chunks = rows >= 32_768 ? 2 : 1
            query.withUnsafeBufferPointer { q in
                let q = SharedPointer(q)
                let values = SharedPointer(self.values)
                let rows = self.rows, dimension = self.dimension
                Parallel.run(chunks: chunks) { chunk in
                    qk_dot_f16(values.base, dimension, q.base, target.base, rows * chunk / chunks, rows * (chunk + 1) / chunks)
                }
            }
            count = rows
        }
    }

    /// A bound on |half-precision score − float32 score| for `query`: the half rounding of each value
    /// (relative 2⁻¹¹) plus float32 accumulation in both sums.
    func errorBound(_ query: [Float]) -> Float {
        var norm: Float = 0
        for value in query { norm += value * value }
        return norm.squareRoot() * maxRowNorm * (1.0 / 2048 + 2 * Float(dimension) * Float.ulpOfOne)
    }
}

/// Holds the half-precision copy of a matrix, made at once or on a thread of its own. Readers take what is
/// there (nil until a background copy is ready) under a lock held only to copy a reference: they never wait.
final class HalfSlot: Sendable {
    private let made: Mutex<HalfMatrix?>

    init(_ matrix: HalfMatrix) { made = Mutex(matrix) }

    /// Starts `make` on a thread of its own; ``matrix`` is nil until it has finished.
    init(makingInBackground make: @escaping @Sendable () -> HalfMatrix) {
        made = Mutex(nil)
        let thread = Thread { [self] in
            let matrix = make()
            made.withLock { $0 = matrix }
        }
        thread.start()
    }

    var matrix: HalfMatrix? { made.withLock { $0 } }
}
