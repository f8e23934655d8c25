import QGraph

/// Per-thread work memory for ranking one member at a time: QGraph's local neighbourhood (two-hop scores and
/// local-push PageRank, reset through touched lists so that a query costs what it touches), candidate marks,
/// and hashed attribute pairs already computed.
public final class RankingScratch {
    /// Two-hop scores and personalized PageRank around one graph node.
    public let neighbourhood: LocalNeighbourhood
    var candidateStamp: [UInt32]
    var generation: UInt32 = 0
    /// Pair buckets already hashed: `(query category code + 1) << 32 | candidate category code`.
    var bucketCache: [UInt64: Int32] = [:]

    public init(nodeCount: Int) {
        neighbourhood = LocalNeighbourhood(nodeCount: nodeCount)
        candidateStamp = [UInt32](repeating: 0, count: nodeCount)
    }

    /// Makes room for candidate marks of `rows` rows (a serving view's snapshot and overlay rows).
    func reserve(rows: Int) {
        if candidateStamp.count < rows {
            candidateStamp += [UInt32](repeating: 0, count: rows - candidateStamp.count)
        }
    }

    /// A new mark for candidates, distinct from every earlier one.
    func nextGeneration() -> UInt32 {
        generation &+= 1
        if generation == 0 {
            for i in candidateStamp.indices { candidateStamp[i] = 0 }
            generation = 1
        }
        return generation
    }
}
