import CBLAS
import QKernels

/// The only user of CBLAS: thin wrappers over OpenBLAS and LAPACK. Matrices are row-major unless a
/// function says otherwise.
public enum BLAS {
    /// The OpenBLAS kernel that runs on this machine (e.g. "Haswell", "Cooperlake").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The number of threads OpenBLAS uses for one call.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses for one call (1 when callers run their own threads).
    public static func setThreadCount(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }

    /// The dot product of two vectors of `count` floats: the project's one dot product. Not OpenBLAS's
    /// `sdot`: the ranking takes hundreds of short dot products per answer, where a call through OpenBLAS's
    /// interface cost more than the arithmetic; `qk_dot_f32` (AVX2 + FMA, four accumulators in a fixed
    /// order) gives the same value on every call, so every path that compares scores agrees bit for bit.
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        qk_dot_f32(a, b, count)
    }

    /// The dot product of two vectors of equal length.
    @inline(__always)
    public static func dot(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count, "dot product of vectors of \(a.count) and \(b.count) values")
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in
                guard let x = x.baseAddress, let y = y.baseAddress else { return 0 }
                return dot(x, y, count: a.count)
            }
        }
    }

    /// `C = A·Bᵀ`: `A` is `m × k`, `B` is `n × k`, `C` is `m × n` with row stride `ldc`.
    public static func multiplyTransposed(
        _ a: UnsafePointer<Float>, rows m: Int, _ b: UnsafePointer<Float>, rows n: Int, inner k: Int,
        into c: UnsafeMutablePointer<Float>, ldc: Int, lda: Int? = nil, ldb: Int? = nil
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                    1, a, Int32(lda ?? k), b, Int32(ldb ?? k), 0, c, Int32(ldc))
    }

    /// `C = alpha·op(A)·op(B) + beta·C` for row-major matrices; `op(A)` is `m × k`, `op(B)` is `k × n`.
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, beta: Float = 0,
        into c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `y = A·x`; `A` is `rows × columns`, row-major.
    public static func multiply(
        _ a: UnsafeBufferPointer<Float>, rows: Int, columns: Int, by x: UnsafeBufferPointer<Float>,
        into y: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(a.count >= rows * columns && x.count == columns && y.count == rows)
        guard rows > 0 else { return }
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(rows), Int32(columns), 1, a.baseAddress, Int32(columns),
                    x.baseAddress, 1, 0, y.baseAddress, 1)
    }

    /// Eigen-decomposes the symmetric `n × n` matrix `a` in place (LAPACK `ssyevd`): on return row `i` of
    /// `a` is the eigenvector of eigenvalue `i`, eigenvalues ascending.
    /// - Returns: the eigenvalues, or nil when LAPACK reports an error.
    public static func symmetricEigen(_ a: UnsafeMutablePointer<Float>, n: Int) -> [Float]? {
        guard n > 0 else { return [] }
        var jobz = CChar(UInt8(ascii: "V")), uplo = CChar(UInt8(ascii: "U"))
        var size = Int32(n), lda = Int32(n), info: Int32 = 0
        var values = [Float](repeating: 0, count: n)
        var query: Float = 0
        var iquery: Int32 = 0
        var lwork: Int32 = -1, liwork: Int32 = -1
        ssyevd_(&jobz, &uplo, &size, a, &lda, &values, &query, &lwork, &iquery, &liwork, &info)
        lwork = Int32(query)
        liwork = iquery
        var work = [Float](repeating: 0, count: max(1, Int(lwork)))
        var iwork = [Int32](repeating: 0, count: max(1, Int(liwork)))
        ssyevd_(&jobz, &uplo, &size, a, &lda, &values, &work, &lwork, &iwork, &liwork, &info)
        // Column-major eigenvectors = row-major rows, since the input was symmetric.
        return info == 0 ? values : nil
    }
}

extension BLAS {
    /// Orthonormalises the columns of the `rows × columns` row-major `y` through its Gram matrix
    /// (eigen-decomposition `YᵀY = WΛWᵀ`, then `Y ← Y·W·Λ^-½`), twice for accuracy ("CholeskyQR2" with an
    /// eigen-solver, so rank deficiency is handled: directions with negligible eigenvalues become zero
    /// columns). All the work is GEMM, unlike Householder LQ/QR on tall matrices.
    /// - Returns: false when LAPACK reports an error.
    /// - Complexity: O(rows × columns²).
    public static func orthonormalizeColumnsByGram(_ y: inout [Float], rows: Int, columns k: Int) -> Bool {
        guard rows > 0, k > 0 else { return true }
        for _ in 0..<2 {
            var gram = [Float](repeating: 0, count: k * k)
            y.withUnsafeBufferPointer { y in
                gram.withUnsafeMutableBufferPointer { g in
                    gemm(transposeA: true, transposeB: false, m: k, n: k, k: rows, y.baseAddress!, lda: k,
                         y.baseAddress!, ldb: k, into: g.baseAddress!, ldc: k)
                }
            }
            guard let values = gram.withUnsafeMutableBufferPointer({ symmetricEigen($0.baseAddress!, n: k) }) else {
                return false
            }
            let largest = max(values.last ?? 0, 0)
            var transform = [Float](repeating: 0, count: k * k)   // M[r][i] = W[i][r] / √λᵢ
            for i in 0..<k where values[i] > largest * 1e-10 && values[i] > 0 {
                let scale = 1 / values[i].squareRoot()
                for r in 0..<k { transform[r * k + i] = gram[i * k + r] * scale }
            }
            var result = [Float](repeating: 0, count: rows * k)
            y.withUnsafeBufferPointer { y in
                transform.withUnsafeBufferPointer { m in
                    result.withUnsafeMutableBufferPointer { out in
                        gemm(transposeA: false, transposeB: false, m: rows, n: k, k: k, y.baseAddress!, lda: k,
                             m.baseAddress!, ldb: k, into: out.baseAddress!, ldc: k)
                    }
                }
            }
            y = result
        }
        return true
    }
}
