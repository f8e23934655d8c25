import ArgumentParser
import Foundation
import QLinearAlgebra
import QMatching

/// In-process latency of one exact top-k query over a `.npy`, for the peer scripts (same input, same run).
struct BenchQueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-query", abstract: "Median latency of one top-k query over V.npy (benchmarks).",
        shouldDisplay: false)

    @Option var vectors: String
    @Option var k: Int = 10
    @Option var queries: Int = 200

    func validate() throws {
        guard k >= 1, queries >= 1 else { throw ValidationError("--k and --queries must be at least 1.") }
    }

    func run() throws {
        let input = try NpyFile.readMatrix(vectors)
        guard input.rows > 0 else { throw ValidationError("\(vectors) has no rows.") }
        let unit = VectorSet.normalizedRows(input.values, rows: input.rows, dimension: input.columns).values
        let matrix = InterestMatrix(rows: input.rows, dimension: input.columns, values: unit, fastQueries: true)
        var times: [Double] = []
        var checksum = 0
        for q in 0..<(queries + 10) {
            let row = (q * 7919) % input.rows
            let query = matrix.row(row)
            let start = DispatchTime.now().uptimeNanoseconds
            let result = matrix.nearest(to: query, k: k, filter: RowFilter(excluded: [row]))
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            checksum &+= result.first?.row ?? 0
            if q >= 10 { times.append(elapsed) }  // the first ten warm up
        }
        times.sort()
        print(String(format: "kernel=%@ blas_threads=%d queries=%d median_ms=%.3f p90_ms=%.3f (checksum %d)",
                     BLAS.coreName, BLAS.threadCount, queries, times[times.count / 2],
                     times[times.count * 9 / 10], checksum))
    }
}
