import Foundation

extension BLAS {
    /// Measures single-precision GEMM throughput of `C = A·Bᵀ` (A `m × k`, B `n × k`) with the current
    /// thread setting: the best of `repeats` runs, in GFLOP/s.
    public static func measureGEMM(m: Int = 2048, n: Int = 16384, k: Int = 256, repeats: Int = 5) -> Double {
        var generator = Gaussian(seed: 1)
        let a = (0..<(m * k)).map { _ in generator.next() }
        let b = (0..<(n * k)).map { _ in generator.next() }
        var c = [Float](repeating: 0, count: m * n)
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        multiplyTransposed(a.baseAddress!, rows: m, b.baseAddress!, rows: n, inner: k,
                                           into: c.baseAddress!, ldc: n)
                    }
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return 2 * Double(m) * Double(n) * Double(k) / best / 1e9
    }
}
