/// The parameters of community detection (Louvain with a final refinement pass).
public struct CommunityOptions: Sendable, Hashable {
    /// Seeds the order in which nodes are visited; the same seed gives the same communities.
    public var seed: UInt64
    /// The modularity resolution γ (> 0): larger values give more, smaller communities.
    public var resolution: Double
    /// The most aggregation levels (≥ 1).
    public var maxLevels: Int
    /// Independent runs from different visiting orders (seeds derived from `seed`); the partition with the
    /// highest modularity wins (the earliest run on a tie). The result depends on the order, so several
    /// runs lift the typical modularity towards the best one (≥ 1). nil: as many as fit a fixed budget,
    /// `min(32, max(1, 4,000,000 / (nodes + 2 × edges)))`: 32 on small graphs, 1 from a million edges.
    public var restarts: Int?
    /// Threads that share the runs; the result does not depend on it (≥ 1).
    public var threads: Int

    public init(seed: UInt64 = 42, resolution: Double = 1, maxLevels: Int = 32, restarts: Int? = nil, threads: Int = 1) {
        self.seed = seed
        self.resolution = resolution
        self.maxLevels = maxLevels
        self.restarts = restarts
        self.threads = threads
    }

    /// The number of runs on a graph of `size` = nodes + 2 × edges.
    func runs(size: Int) -> Int {
        restarts ?? Swift.min(32, Swift.max(1, 4_000_000 / Swift.max(1, size)))
    }

    func validate() throws(GraphError) {
        guard resolution > 0, resolution.isFinite else {
            throw .invalidArgument("resolution \(resolution) is out of range (expected a number greater than 0)")
        }
        guard restarts ?? 1 >= 1, threads >= 1 else {
            throw .invalidArgument("restarts \(restarts ?? 1) and threads \(threads) must be at least 1")
        }
        guard maxLevels >= 1 else {
            throw .invalidArgument("maxLevels \(maxLevels) is out of range (expected at least 1)")
        }
    }
}
