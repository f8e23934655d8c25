import ArgumentParser
import QLinearAlgebra

/// Diagnostics for benchmarks: which OpenBLAS kernel runs, and the sgemm throughput it reaches.
struct BLASCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blas", abstract: "Print the OpenBLAS kernel and its measured sgemm GFLOP/s.",
        shouldDisplay: false)

    @Option(help: "BLAS threads for the measurement.") var threads: Int = 2

    func run() throws {
        BLAS.setThreadCount(threads)
        let gflops = BLAS.measureGEMM()
        print("kernel=\(BLAS.coreName) threads=\(threads) sgemm_gflops=\(String(format: "%.1f", gflops))")
    }
}
