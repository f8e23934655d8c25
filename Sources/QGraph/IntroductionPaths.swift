/// The shortest chains of ties between two nodes, up to three hops ("you could be introduced by X").
public struct IntroductionPaths: Sendable, Hashable {
    /// The number of edges on the shortest chains (0 when both ends are the same node, 1 when they are
    /// adjacent), or nil when there is none of up to three hops.
    public let hops: Int?
    /// Up to the requested number of shortest chains, each from the first node to the second inclusive;
    /// strongest first (by their weakest tie, then by their total weight), then by the intermediate indices.
    public let paths: [[Int32]]
    /// The number of shortest chains, which may exceed `paths.count`.
    public let totalCount: Int

    public init(hops: Int?, paths: [[Int32]], totalCount: Int) {
        self.hops = hops
        self.paths = paths
        self.totalCount = totalCount
    }
}

/// One chain through one or two intermediates, ranked so that the better one is the greater.
struct PathCandidate: Comparable {
    var weakest: Float
    var total: Float
    var first: Int32
    var second: Int32

    static func < (a: PathCandidate, b: PathCandidate) -> Bool {
        if a.weakest != b.weakest { return a.weakest < b.weakest }
        if a.total != b.total { return a.total < b.total }
        if a.first != b.first { return a.first > b.first }
        return a.second > b.second
    }
}
