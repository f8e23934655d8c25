import Benchmark
import Foundation
import QLinearAlgebra
import QMatching

/// Clustered unit vectors, like interest vectors (made once per process; not measured).
struct Vectors: Sendable {
    let rows: Int
    let dimension: Int
    let values: [Float]

    init(rows: Int, dimension: Int = 256, seed: UInt64 = 42) {
        var state = seed
        func next() -> Float {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Float(z ^ (z >> 31)) / Float(UInt64.max) - 0.5
        }
        let centres = (0..<(200 * dimension)).map { _ in next() }
        var raw = [Float](repeating: 0, count: rows * dimension)
        for row in 0..<rows {
            let centre = Int((next() + 0.5) * 199.99)
            for j in 0..<dimension { raw[row * dimension + j] = centres[centre * dimension + j] + 0.5 * next() }
        }
        self.rows = rows
        self.dimension = dimension
        values = VectorSet.normalizedRows(raw, rows: rows, dimension: dimension).values
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
                                           timeUnits: .microseconds, maxDuration: .seconds(10))

    Benchmark("similarity/one query top-10, 100k × 256") { (benchmark: Benchmark, matrix: InterestMatrix) in
        var query = 0
        for _ in benchmark.scaledIterations {
            query = (query + 7919) % matrix.rows
            blackHole(matrix.nearest(to: matrix.row(query), k: 10, filter: RowFilter(excluded: [query])))
        }
    } setup: {
        let vectors = Vectors(rows: 100_000)
        // As the executables do: one thread a BLAS call, set once (the library's workers run side by side).
        BLAS.setThreadCount(1)
        print("OpenBLAS kernel \(BLAS.coreName), \(BLAS.threadCount) threads")
        return InterestMatrix(rows: vectors.rows, dimension: vectors.dimension, values: vectors.values,
                              fastQueries: true)
    }

    Benchmark("similarity/all-pairs top-10, 20k × 256, 2 threads",
              configuration: .init(timeUnits: .milliseconds, maxIterations: 5)) { (benchmark: Benchmark, matrix: InterestMatrix) in
        for _ in benchmark.scaledIterations {
            blackHole(matrix.allNearest(k: 10, threads: 2))
        }
    } setup: {
        let vectors = Vectors(rows: 20_000)
        return InterestMatrix(rows: vectors.rows, dimension: vectors.dimension, values: vectors.values)
    }
}
