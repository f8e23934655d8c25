/// The outcome of one personalized PageRank run.
public struct PageRankResult: Sendable {
    /// One score per node; they sum to 1.
    public let scores: [Double]
    /// The iterations run.
    public let iterations: Int
    /// The L1 change of the last iteration.
    public let change: Double
    /// Whether the change fell below the tolerance (rather than stopping at `maxIterations`).
    public let isConverged: Bool
}
