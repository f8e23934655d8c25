import Foundation
import Testing
@testable import QMatching

struct DataCase: Sendable, CustomTestStringConvertible {
    let name: String
    let rows: Int
    let dimension: Int
    let clustered: Bool
    var testDescription: String { name }

    func values() -> [Float] {
        let raw = clustered ? Reference.clustered(rows: rows, dimension: dimension, clusters: 6, seed: 11)
            : Reference.random(rows: rows, dimension: dimension, seed: 7)
        return VectorSet.normalizedRows(raw, rows: rows, dimension: dimension).values
    }
}

let dataCases: [DataCase] = [
    DataCase(name: "random 300×16", rows: 300, dimension: 16, clustered: false),
    DataCase(name: "clustered 517×24 with duplicates", rows: 517, dimension: 24, clustered: true),
    DataCase(name: "tiny 5×3", rows: 5, dimension: 3, clustered: false),
]

@Suite struct SimilarityTests {
    @Test(arguments: dataCases)
    func nearestMatchesBruteForce(_ data: DataCase) {
        let values = data.values()
        let matrix = InterestMatrix(rows: data.rows, dimension: data.dimension, values: values)
        for query in [0, data.rows / 2, data.rows - 1] {
            let q = Array(values[(query * data.dimension)..<((query + 1) * data.dimension)])
            let eligible = (0..<data.rows).map { $0 % 5 != 3 }
            let excluded: Set<Int> = [query, (query + 1) % data.rows]
            for k in [1, 3, 10, data.rows + 5] {
                let got = matrix.nearest(to: q, k: k, filter: RowFilter(eligible: eligible, excluded: excluded))
                let expected = Reference.topK(values, rows: data.rows, dimension: data.dimension, query: q, k: k) {
                    eligible[$0] && !excluded.contains($0)
                }
                #expect(Reference.matches(got, expected) { Reference.dot(values, query, $0, data.dimension) })
                #expect(got.allSatisfy { eligible[$0.row] && !excluded.contains($0.row) })
            }
        }
    }

    @Test(arguments: dataCases, [1, 2])
    func allNearestMatchesBruteForce(_ data: DataCase, threads: Int) {
        let values = data.values()
        let matrix = InterestMatrix(rows: data.rows, dimension: data.dimension, values: values)
        let k = 7
        // Small blocks so that many block pairs, both scans and ragged edges are exercised.
        let result = matrix.allNearest(k: k, threads: threads, blockSize: 64)
        for row in 0..<data.rows {
            let q = Array(values[(row * data.dimension)..<((row + 1) * data.dimension)])
            let expected = Reference.topK(values, rows: data.rows, dimension: data.dimension, query: q, k: k) { $0 != row }
            let got = result.neighbours(of: row)
            #expect(Reference.matches(got, expected) { Reference.dot(values, row, $0, data.dimension) },
                    "row \(row)")
            // Padding when fewer than k exist.
            #expect(got.count == min(k, data.rows - 1))
        }
    }

    @Test func allNearestIsDeterministicAcrossThreadsAndBlocks() {
        let data = dataCases[1]
        let matrix = InterestMatrix(rows: data.rows, dimension: data.dimension, values: data.values())
        let a = matrix.allNearest(k: 5, threads: 1, blockSize: 2048)
        let b = matrix.allNearest(k: 5, threads: 2, blockSize: 48)
        // The same neighbours in the same order; only exact ties (duplicate rows, whose dot products may differ
        // in the last bit between GEMM blockings on some OpenBLAS kernels) may swap places.
        #expect(zip(a.scores, b.scores).allSatisfy { abs($0 - $1) < 1e-5 })
        let values = data.values()
        for row in 0..<data.rows {
            for i in (row * 5)..<((row + 1) * 5) where a.indices[i] != b.indices[i] {
                let other = Reference.dot(values, row, Int(b.indices[i]), data.dimension)
                #expect(abs(other - a.scores[i]) < 1e-5, "row \(row): \(b.indices[i]) is not tied with \(a.indices[i])")
            }
        }
    }

    @Test func allNearestAppliesEligibilityAndExclusionsInsideTheSelection() {
        let rows = 200, d = 8
        let values = VectorSet.normalizedRows(Reference.random(rows: rows, dimension: d, seed: 3), rows: rows,
                                              dimension: d).values
        let matrix = InterestMatrix(rows: rows, dimension: d, values: values)
        let eligible = (0..<rows).map { $0 % 3 != 0 }
        let lists = (0..<rows).map { row in [(row + 1) % rows, (row * 7) % rows] }
        let result = matrix.allNearest(k: 10, eligible: eligible, exclusions: ExclusionLists(lists), blockSize: 32)
        for row in 0..<rows {
            let q = Array(values[(row * d)..<((row + 1) * d)])
            let expected = Reference.topK(values, rows: rows, dimension: d, query: q, k: 10) {
                $0 != row && eligible[$0] && !lists[row].contains($0)
            }
            #expect(Reference.matches(result.neighbours(of: row), expected) { Reference.dot(values, row, $0, d) })
            #expect(result.neighbours(of: row).count == 10)
        }
    }

    @Test func badRowsAreDefined() {
        // Row 1 has a NaN, row 2 an infinity, row 3 is zero.
        var raw = Reference.random(rows: 6, dimension: 4, seed: 5)
        raw[4] = .nan
        raw[9] = .infinity
        for j in 12..<16 { raw[j] = 0 }
        let (values, valid) = VectorSet.normalizedRows(raw, rows: 6, dimension: 4)
        #expect(valid == [true, false, false, true, true, true])
        #expect(values.allSatisfy { $0.isFinite })
        let matrix = InterestMatrix(rows: 6, dimension: 4, values: values)
        let result = matrix.allNearest(k: 10, eligible: valid)
        for row in 0..<6 {
            #expect(!result.neighbours(of: row).contains { $0.row == 1 || $0.row == 2 })
            #expect(result.scores.allSatisfy { !$0.isNaN })
        }
        // The zero row scores 0 with everyone.
        #expect(result.neighbours(of: 3).allSatisfy { $0.score == 0 })
    }
}

@Suite struct HalfPrecisionTests {
    @Test(.enabled(if: HalfMatrix.isSupported, "needs F16C, AVX2 and FMA"), arguments: [false, true])
    func halfPrecisionScanReturnsTheExactTopK(_ clustered: Bool) throws {
        let rows = 6_000, d = 32
        let raw = clustered ? Reference.clustered(rows: rows, dimension: d, clusters: 5, seed: 4)
            : Reference.random(rows: rows, dimension: d, seed: 4)
        let values = VectorSet.normalizedRows(raw, rows: rows, dimension: d).values
        let matrix = InterestMatrix(rows: rows, dimension: d, storage: FloatStorage(values), fastQueries: true,
                                    minimumHalfSize: 1)
        try #require(matrix.half != nil)
        for query in stride(from: 0, to: rows, by: 397) {
            let q = Array(values[(query * d)..<((query + 1) * d)])
            let excluded: Set<Int> = [query]
            let eligible = (0..<rows).map { $0 % 11 != 5 }
            let got = matrix.nearest(to: q, k: 10, filter: RowFilter(eligible: eligible, excluded: excluded))
            let expected = Reference.topK(values, rows: rows, dimension: d, query: q, k: 10) {
                eligible[$0] && !excluded.contains($0)
            }
            #expect(Reference.matches(got, expected, trueScore: { Reference.dot(values, query, $0, d) }, tolerance: 1e-5))
            // With exact duplicates (clustered data), ties must still break by lower row.
            #expect(got == got.sorted(by: Neighbour.ranksBefore))
        }
    }
}
