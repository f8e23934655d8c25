@testable import QMatching

import QLinearAlgebra
import QGraph

/// The tests' seeded generator (the library's own).
typealias SeededRandom = SeededGenerator

enum Reference {
    /// `rows × dimension` uniform values in [-1, 1].
    static func random(rows: Int, dimension: Int, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        return (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &rng) }
    }

    /// Points around `clusters` centres, with exact duplicates, so that ties occur.
    static func clustered(rows: Int, dimension: Int, clusters: Int, seed: UInt64) -> [Float] {
        var rng = SeededRandom(seed: seed)
        let centres = random(rows: clusters, dimension: dimension, seed: seed &+ 1)
        var values: [Float] = []
        for row in 0..<rows {
            let c = Int.random(in: 0..<clusters, using: &rng)
            let duplicate = row % 7 == 0 && row > 0
            for j in 0..<dimension {
                if duplicate { values.append(values[(row - 1) * dimension + j]); continue }
                values.append(centres[c * dimension + j] + Float.random(in: -0.1...0.1, using: &rng))
            }
        }
        return values
    }

    static func dot(_ values: [Float], _ a: Int, _ b: Int, _ d: Int) -> Float {
        var sum: Float = 0
        for j in 0..<d { sum += values[a * d + j] * values[b * d + j] }
        return sum
    }

    /// Brute-force top-k of `query` row among admitted rows, by score then row.
    static func topK(_ values: [Float], rows: Int, dimension: Int, query: [Float], k: Int,
                     admits: (Int) -> Bool) -> [Neighbour] {
        (0..<rows).filter(admits).map { row in
            var sum: Float = 0
            for j in 0..<dimension { sum += values[row * dimension + j] * query[j] }
            return Neighbour(row: row, score: sum)
        }.sorted(by: Neighbour.ranksBefore).prefix(k).map { $0 }
    }

    /// Checks `got` against `expected` up to float noise: same length, scores within `tolerance` rank by
    /// rank, and every returned row's true score equal to its reported score. Rows may differ only where
    /// scores tie within the tolerance.
    static func matches(_ got: [Neighbour], _ expected: [Neighbour], trueScore: (Int) -> Float,
                        tolerance: Float = 1e-4) -> Bool {
        guard got.count == expected.count else { return false }
        for (g, e) in zip(got, expected) {
            if abs(g.score - e.score) > tolerance { return false }
            if abs(trueScore(g.row) - g.score) > tolerance { return false }
        }
        return Set(got.map(\.row)).count == got.count
    }
}
