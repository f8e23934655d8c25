/// An undirected edge between two nodes `0..<nodeCount`, with a weight greater than zero.
public struct WeightedEdge: Sendable, Hashable {
    public var source: Int32
    public var target: Int32
    public var weight: Float

    public init(_ source: Int32, _ target: Int32, weight: Float = 1) {
        self.source = source
        self.target = target
        self.weight = weight
    }

    public init(_ source: Int, _ target: Int, weight: Float = 1) {
        // Out-of-range indices become -1, which the graph rejects instead of wrapping to a valid node.
        self.init(Int32(exactly: source) ?? -1, Int32(exactly: target) ?? -1, weight: weight)
    }
}

/// How edges that join the same pair of nodes are merged into one.
public enum DuplicatePolicy: Sendable, Hashable {
    /// The merged weight is the sum of the weights (e.g. ties of several kinds between two members).
    case sum
    /// The merged weight is the largest weight (the same tie stated twice).
    case max
}
