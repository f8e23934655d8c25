/// The parameters of personalized PageRank.
public struct PageRankOptions: Sendable, Hashable {
    /// The probability that the walk follows an edge rather than restarting at the source; `0 ≤ damping < 1`.
    public var damping: Double
    /// Iteration stops when the L1 change between two iterates is below this (> 0). The L1 distance to the
    /// exact solution is then below `tolerance × damping / (1 − damping)` (5.7e-10 at the defaults).
    public var tolerance: Double
    /// Iteration stops after this many iterations even if the tolerance was not reached (≥ 1).
    public var maxIterations: Int
    /// Threads that share each iteration (by node range); the scores do not depend on it.
    public var threads: Int

    public init(damping: Double = 0.85, tolerance: Double = 1e-10, maxIterations: Int = 1000, threads: Int = 1) {
        self.damping = damping
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.threads = threads
    }

    /// Checks the ranges.
    /// - Throws: ``GraphError`` naming the parameter out of range.
    func validate() throws(GraphError) {
        guard damping >= 0, damping < 1 else {
            throw .invalidArgument("damping \(damping) is out of range (expected 0 ≤ damping < 1)")
        }
        guard tolerance > 0, tolerance.isFinite else {
            throw .invalidArgument("tolerance \(tolerance) is out of range (expected a number greater than 0)")
        }
        guard maxIterations >= 1 else {
            throw .invalidArgument("maxIterations \(maxIterations) is out of range (expected at least 1)")
        }
        guard threads >= 1 else {
            throw .invalidArgument("threads \(threads) is out of range (expected at least 1)")
        }
    }
}
