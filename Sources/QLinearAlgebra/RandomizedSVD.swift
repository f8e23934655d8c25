import Foundation

/// The top right singular vectors of a sparse matrix by randomized SVD (Halko, Martinsson, Tropp 2011),
/// through BLAS and LAPACK: a Gaussian sketch, power iterations re-orthonormalised through the eigenvectors of
/// each small Gram matrix (LAPACK `ssyevd`), and the
/// eigen-decomposition of the small Gram matrix `B·Bᵀ`.
public struct RandomizedSVD: Sendable {
    /// `columns × dimension`, row-major: the projection from term space to the `dimension` leading
    /// right singular directions. Columns past the matrix's rank are zero.
    public let projection: [Float]
    /// The leading singular values, descending (`dimension` of them, zeros past the rank).
    public let singularValues: [Float]
    public let dimension: Int

    /// - Parameters:
    ///   - matrix: `rows × columns` (members × terms).
    ///   - dimension: the number of directions kept; may exceed the rank (then padded with zeros).
    /// - Complexity: O((powerIterations + 2) × non-zeros × (dimension + oversampling)) plus
    ///   O((rows + columns) × (dimension + oversampling)²) for the factorisations.
    public init(_ matrix: SparseMatrix, dimension: Int, oversampling: Int = 10, powerIterations: Int = 3,
                seed: UInt64 = 0x5EED, threads: Int = 2) {
        self.dimension = dimension
        let rank = min(dimension + oversampling, matrix.rows, matrix.columns)
        var projection = [Float](repeating: 0, count: matrix.columns * dimension)
        var singular = [Float](repeating: 0, count: dimension)
        guard rank > 0, matrix.nonZeroCount > 0 else {
            self.projection = projection
            self.singularValues = singular
            return
        }
        let transpose = matrix.transposed()
        // Ω: columns × rank, Gaussian.
        var generator = Gaussian(seed: seed)
        var omega = [Float](repeating: 0, count: matrix.columns * rank)
        for i in omega.indices { omega[i] = generator.next() }
        var y = matrix.multiply(omega, width: rank, threads: threads)             // rows × rank
        for _ in 0..<powerIterations {
            Self.orthonormalize(&y, rows: matrix.rows, columns: rank)
            var z = transpose.multiply(y, width: rank, threads: threads)          // columns × rank
            Self.orthonormalize(&z, rows: matrix.columns, columns: rank)
            y = matrix.multiply(z, width: rank, threads: threads)
        }
        Self.orthonormalize(&y, rows: matrix.rows, columns: rank)                 // Q
        let bt = transpose.multiply(y, width: rank, threads: threads)             // Bᵀ = Aᵀ·Q, columns × rank
        // G = B·Bᵀ = (Bᵀ)ᵀ·Bᵀ, rank × rank.
        var gram = [Float](repeating: 0, count: rank * rank)
        bt.withUnsafeBufferPointer { b in
            gram.withUnsafeMutableBufferPointer { g in
                BLAS.gemm(transposeA: true, transposeB: false, m: rank, n: rank, k: matrix.columns,
                          b.baseAddress!, lda: rank, b.baseAddress!, ldb: rank, into: g.baseAddress!, ldc: rank)
            }
        }
        let eigenvalues = gram.withUnsafeMutableBufferPointer { BLAS.symmetricEigen($0.baseAddress!, n: rank) }
        guard let eigenvalues else {
            self.projection = projection
            self.singularValues = singular
            return
        }
        // Leading right singular vectors: v_i = Bᵀ·w_i / σ_i, largest σ first.
        let largest = eigenvalues.last.map { max($0, 0).squareRoot() } ?? 0
        let kept = min(dimension, rank)
        var w = [Float](repeating: 0, count: rank * kept)                         // rank × kept, scaled
        for out in 0..<kept {
            let source = rank - 1 - out
            let sigma = max(eigenvalues[source], 0).squareRoot()
            guard sigma > largest * 1e-4, sigma > 0 else { continue }
            singular[out] = sigma
            for i in 0..<rank { w[i * kept + out] = gram[source * rank + i] / sigma }
        }
        // projection[:, 0..<kept] = Bᵀ · W.
        var block = [Float](repeating: 0, count: matrix.columns * kept)
        bt.withUnsafeBufferPointer { b in
            w.withUnsafeBufferPointer { w in
                block.withUnsafeMutableBufferPointer { p in
                    BLAS.gemm(transposeA: false, transposeB: false, m: matrix.columns, n: kept, k: rank,
                              b.baseAddress!, lda: rank, w.baseAddress!, ldb: kept, into: p.baseAddress!, ldc: kept)
                }
            }
        }
        for row in 0..<matrix.columns {
            for column in 0..<kept { projection[row * dimension + column] = block[row * kept + column] }
        }
        self.projection = projection
        self.singularValues = singular
    }

    private static func orthonormalize(_ matrix: inout [Float], rows: Int, columns: Int) {
        let ok = BLAS.orthonormalizeColumnsByGram(&matrix, rows: rows, columns: columns)
        precondition(ok, "LAPACK ssyevd failed on a \(columns) × \(columns) Gram matrix")
    }
}

/// Standard normal samples from the seeded generator (Box–Muller); deterministic across platforms.
struct Gaussian {
    private var generator: SeededGenerator
    private var spare: Float?

    init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    mutating func nextUInt64() -> UInt64 { generator.next() }

    mutating func next() -> Float {
        if let spare {
            self.spare = nil
            return spare
        }
        let u1 = (Double(nextUInt64() >> 11) + 1) / 9_007_199_254_740_993.0
        let u2 = Double(nextUInt64() >> 11) / 9_007_199_254_740_992.0
        let radius = (-2 * log(u1)).squareRoot()
        spare = Float(radius * sin(2 * .pi * u2))
        return Float(radius * cos(2 * .pi * u2))
    }
}
