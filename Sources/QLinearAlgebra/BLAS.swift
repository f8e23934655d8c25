import CBLAS

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

    /// Replaces the `rows × columns` row-major matrix `y` (rows ≥ columns) by a matrix with orthonormal
    /// columns spanning the same space (LAPACK `sgelqf` + `sorglq` on the column-major transpose).
    /// - Returns: false when LAPACK reports an error.
    public static func orthonormalizeColumns(_ y: UnsafeMutablePointer<Float>, rows: Int, columns: Int) -> Bool {
        precondition(rows >= columns)
        guard columns > 0 else { return true }
        var m = Int32(columns), n = Int32(rows), lda = Int32(columns), info: Int32 = 0
        var tau = [Float](repeating: 0, count: columns)
        var query: Float = 0
        var lwork: Int32 = -1
        sgelqf_(&m, &n, y, &lda, &tau, &query, &lwork, &info)
        lwork = Int32(query)
        var work = [Float](repeating: 0, count: max(1, Int(lwork)))
        sgelqf_(&m, &n, y, &lda, &tau, &work, &lwork, &info)
        guard info == 0 else { return false }
        var k = m
        lwork = -1
        sorglq_(&m, &n, &k, y, &lda, tau, &query, &lwork, &info)
        lwork = Int32(query)
        if Int(lwork) > work.count { work = [Float](repeating: 0, count: Int(lwork)) }
        sorglq_(&m, &n, &k, y, &lda, tau, &work, &lwork, &info)
        return info == 0
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
