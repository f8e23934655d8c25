import CBLAS

/// The only user of CBLAS: thin, checked wrappers over OpenBLAS.
public enum BLAS {
    /// The OpenBLAS kernel that runs on this machine (e.g. "Haswell", "Cooperlake").
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The number of threads OpenBLAS uses.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
