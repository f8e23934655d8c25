import HeapModule

/// The project's one top-k: the `limit` best of a stream of scored nodes (or rows), kept in a min-heap (the
/// worst kept entry on top), for any score type (`Double` for graph scores, `Float` for ranking).
///
/// Ties are deterministic: higher score first, then lower node index (see ``ScoredNode``).
///
/// `@inlinable` (with the heap `@usableFromInline`): callers in other modules specialise it for their score
/// type instead of calling the generic code, which looked up type metadata on every offer (a profile of one
/// recommendation showed `swift_getGenericMetadata` at 3 %).
public struct TopK<Score: Comparable & Sendable>: Sendable {
    /// A kept node and its score, ordered so that the better entry is the greater.
    public struct Entry: Sendable, Comparable {
        public let node: Int32
        public let score: Score

        @inlinable
        init(node: Int32, score: Score) {
            self.node = node
            self.score = score
        }

        @inlinable
        public static func < (a: Entry, b: Entry) -> Bool {
            a.score < b.score || (a.score == b.score && a.node > b.node)
        }
    }

    /// How many nodes are kept.
    public let limit: Int
    @usableFromInline
    var heap: Heap<Entry>

    /// A collector of at most `limit` nodes (`limit` below 0 counts as 0).
    @inlinable
    public init(limit: Int) {
        self.limit = Swift.max(0, limit)
        heap = Heap(minimumCapacity: Swift.min(self.limit, 1 << 16))
    }

    /// The score an offer must beat to be kept once full (nil while there is room).
    @inlinable
    public var threshold: Score? { heap.count < limit ? nil : heap.min?.score }

    /// Offers a node; it is kept when it ranks above the worst one kept or there is room.
    /// - Complexity: O(log `limit`).
    @inlinable @inline(__always)
    public mutating func offer(_ node: Int32, _ score: Score) {
        let candidate = Entry(node: node, score: score)
        if heap.count < limit {
            heap.insert(candidate)
        } else if let worst = heap.min, worst < candidate {
            _ = heap.replaceMin(with: candidate)
        }
    }

    /// The kept entries, best first.
    /// - Complexity: O(`limit` × log `limit`).
    @inlinable
    public func entries() -> [Entry] { heap.unordered.sorted(by: >) }
}

extension TopK where Score == Double {
    /// The kept nodes, best first.
    public func sorted() -> [ScoredNode] { entries().map { ScoredNode(node: $0.node, score: $0.score) } }
}
