import HeapModule

/// The `limit` best of a stream of scored nodes, kept in a min-heap (the worst kept node on top).
///
/// Ties are deterministic: higher score first, then lower node index (see ``ScoredNode``).
public struct TopK: Sendable {
    /// How many nodes are kept.
    public let limit: Int
    private var heap: Heap<ScoredNode>

    /// A collector of at most `limit` nodes (`limit` below 0 counts as 0).
    public init(limit: Int) {
        self.limit = Swift.max(0, limit)
        heap = Heap(minimumCapacity: Swift.min(self.limit, 1 << 16))
    }

    /// Offers a node; it is kept when it ranks above the worst one kept or there is room.
    /// - Complexity: O(log `limit`).
    @inline(__always)
    public mutating func offer(_ node: Int32, _ score: Double) {
        let candidate = ScoredNode(node: node, score: score)
        if heap.count < limit {
            heap.insert(candidate)
        } else if let worst = heap.min, worst < candidate {
            _ = heap.replaceMin(with: candidate)
        }
    }

    /// The kept nodes, best first.
    /// - Complexity: O(`limit` × log `limit`).
    public func sorted() -> [ScoredNode] {
        heap.unordered.sorted(by: >)
    }
}
