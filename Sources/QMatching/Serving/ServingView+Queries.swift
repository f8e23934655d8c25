import QGraph
import QProfiles

extension ServingView {
    /// The members most similar in content to the member of `row`, best first (never the member, never
    /// hidden ones).
    /// - Complexity: a read of the member's content neighbour list (or one scan of the interest vectors) plus
    ///   O(m × dimension) for the overlay.
    public func similar(to row: Int, limit: Int) -> [Neighbour] {
        nearest(toRow: row, k: limit)
    }

    /// The members whose interest vectors best match a free-text description, best first.
    public func search(_ text: String, limit: Int) -> [Neighbour] {
        nearest(to: index.model.vector(forText: text), k: limit)
    }

    /// The shortest chains of at most three ties from `from` to `to` through members the view shows, as
    /// member ids, or nil when either member has no ties in the snapshot's graph (joined since the build).
    /// - Complexity: see ``QGraph/Graph/introductionPaths(from:to:through:limit:)``, plus O(n) for the mask.
    public func introductions(from: Int, to: Int, limit: Int) -> ConnectionGraph.Introductions? {
        guard let start = node(of: from), let end = node(of: to),
              let found = try? graph.introductionPaths(from: start, to: end, through: visibleNodes, limit: limit)
        else { return nil }
        return ConnectionGraph.Introductions(
            hops: found.hops, paths: found.paths.map { $0.map { id(of: row(ofNode: Int($0))) } },
            totalCount: found.totalCount)
    }

    /// The rows that stand for a member now: every row but snapshot rows superseded by an edit.
    public var memberRows: [Int] {
        (0..<rowCount).filter { $0 >= snapshotRows || node(of: $0).map { row(ofNode: $0) == $0 } ?? true }
    }
}
