import Foundation
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

/// Ranking scratches lent to one query at a time and kept for the next (one pool per snapshot, shared by
/// every serving view over it), so that a query does not allocate and zero memory for every graph node.
///
/// `@unchecked Sendable`: `idle` is read and written under `lock` only, and a scratch taken from it belongs
/// to one query until that query gives it back.
final class ScratchPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [RankingScratch] = []
    private let nodeCount: Int
    /// Scratches kept idle at most (each holds about 33 bytes per graph node).
    private let keep = 8

    init(nodeCount: Int) { self.nodeCount = nodeCount }

    /// Runs `body` with a scratch for `nodeCount` nodes that no other query uses meanwhile.
    func withScratch<T>(_ body: (RankingScratch) throws -> T) rethrows -> T {
        let scratch = lock.withLock { idle.popLast() } ?? RankingScratch(nodeCount: nodeCount)
        defer { lock.withLock { if idle.count < keep { idle.append(scratch) } } }
        return try body(scratch)
    }
}
