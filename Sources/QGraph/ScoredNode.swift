/// A node with a score. Ordered so that the *better* node is the greater: higher score first, then the
/// lower node index, which makes every ranking deterministic.
public struct ScoredNode: Sendable, Hashable, Comparable {
    public var node: Int32
    public var score: Double

    public init(node: Int32, score: Double) {
        self.node = node
        self.score = score
    }

    /// `a < b` when `a` ranks below `b`: a lower score, or the same score and a higher index.
    public static func < (a: ScoredNode, b: ScoredNode) -> Bool {
        a.score < b.score || (a.score == b.score && a.node > b.node)
    }
}
