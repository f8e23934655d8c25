import Foundation
import QLinearAlgebra

/// How this community's ties join attribute values: for each hashed pair of values (``BlendModel/bucket(_:_:)``:
/// role × role, sector × sector, nation × nation, each extra attribute × the same field), the log of how much
/// more often the pair appears across a tie than across a random pair of members. Positive where like connects
/// with like in a school-class community, positive for nurse × doctor and negative for nurse × nurse on a ward:
/// the learned ranking reads it as a feature instead of assuming that sameness is what matters.
///
/// Computed from the graph the ranking will be used with (at build time: the training graph for training, the
/// full graph for the stored model), so no hidden tie leaks into it.
enum PairAffinity {
    /// - Parameters:
    ///   - ties: at most this many ties are read (a seeded, even stride over all of them).
    ///   - pairs: random pairs of members sampled for the baseline, at most (four per tie read, at least 2,000).
    /// - Returns: ``BlendModel/pairBuckets`` values, 0 where neither ties nor random pairs had the pair.
    /// - Complexity: O(ties + pairs) profile look-ups.
    static func table(_ recommender: Recommender, ties: Int = 40_000, pairs: Int = 40_000,
                      seed: UInt64 = 11) -> [Float] {
        let view = recommender.view
        let graph = view.graph
        let n = view.rowCount
        let buckets = BlendModel.pairBuckets
        var observed = [Double](repeating: 0, count: buckets), baseline = observed
        let scratch = RankingScratch(nodeCount: n)
        let edgeCount = graph.offsets[graph.nodeCount] / 2
        guard edgeCount > 0, n > 1 else { return [Float](repeating: 0, count: buckets) }
        let stride = max(1, edgeCount / ties)
        var seen = 0, counted = 0
        for node in 0..<graph.nodeCount {
            var profile: QueryProfile?
            let sameField = SameFieldCache()
            for e in graph.offsets[node]..<graph.offsets[node + 1] where Int(graph.targets[e]) > node {
                seen += 1
                guard seen % stride == 0 else { continue }
                if profile == nil { profile = view.profile(view.row(ofNode: node)) }
                for bucket in recommender.pairBuckets(profile!, view.row(ofNode: Int(graph.targets[e])), scratch,
                                                      sameField: sameField) {
                    observed[Int(bucket)] += 1
                }
                counted += 1
            }
        }
        var generator = SeededGenerator(seed: seed)
        var sampled = 0
        // Four random pairs per tie read are plenty for the baseline of a small community.
        for _ in 0..<min(pairs, max(2_000, 4 * counted)) {
            let a = generator.below(n), b = generator.below(n)
            guard a != b else { continue }
            sampled += 1
            for bucket in recommender.pairBuckets(view.profile(a), b, scratch, sameField: SameFieldCache()) {
                baseline[Int(bucket)] += 1
            }
        }
        // Observed against expected ties (the ties read × the pair's share of random pairs), both shrunk by
        // `prior` pseudo-ties: a pair that is rare on both sides stays near 0, one common among random pairs but
        // never across a tie goes negative.
        let prior = 5.0
        return (0..<buckets).map { b in
            let expected = Double(counted) * baseline[b] / Double(max(sampled, 1))
            return Float(log((observed[b] + prior) / (expected + prior)))
        }
    }
}
