import QLinearAlgebra
import QProfiles

/// The matching engine's environment, for logs and benchmarks.
public enum Engine {
    /// The OpenBLAS kernel and thread count, e.g. "Haswell, 2 threads".
    public static var blasDescription: String { "\(BLAS.coreName), \(BLAS.threadCount) threads" }
}
