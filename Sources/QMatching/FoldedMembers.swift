import QProfiles

/// Members written since the index was built (by the HTTP service's upserts), each with an interest vector
/// folded in through the index's model, so that they can be found, and suggested to others, at once, before
/// the next build.
///
/// A value: the server keeps one per snapshot and replaces it on every write. Entries carry the sequence
/// number of their write, so that a rebuild keeps those written after it started reading the store.
public struct FoldedMembers: Sendable {
    public struct Entry: Sendable {
        public let member: Member
        /// Unit interest vector (all zeros when the profile has no known term).
        public let vector: [Float]
        /// The write's sequence number (increasing).
        public let sequence: Int
    }

    public private(set) var entries: [MemberID: Entry] = [:]

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// Adds or replaces `member`, folding their profile in with `model`.
    /// - Complexity: O(profile terms × dimension).
    public mutating func insert(_ member: Member, model: InterestModel, sequence: Int) {
        entries[member.id] = Entry(member: member, vector: model.vector(for: member), sequence: sequence)
    }

    /// Removes member `id` (erased).
    public mutating func remove(_ id: MemberID) { entries[id] = nil }

    /// What stays folded once `index` serves: members it lacks, and members written after `sequence` (the
    /// last write its build could have read), their vectors folded in again with its model.
    /// - Complexity: O(entries × profile terms × dimension).
    public func carried(over index: MatchingIndex, after sequence: Int) -> FoldedMembers {
        var next = FoldedMembers()
        for entry in entries.values where index.row(of: entry.member.id) == nil || entry.sequence > sequence {
            next.insert(entry.member, model: index.model, sequence: entry.sequence)
        }
        return next
    }

    /// The discoverable folded members closest to `query`, best first (ties by id), with a score above 0.
    /// - Complexity: O(entries × dimension + entries × log entries).
    public func nearest(to query: [Float], limit: Int, excluding: Set<MemberID> = [],
                        where admits: (Member) -> Bool = { _ in true }) -> [(member: Member, score: Float)] {
        guard limit > 0, query.contains(where: { $0 != 0 }) else { return [] }
        var found: [(member: Member, score: Float)] = []
        for entry in entries.values where entry.member.discoverable && !excluding.contains(entry.member.id)
            && admits(entry.member) {
            let score = Self.dot(query, entry.vector)
            if score > 0 { found.append((entry.member, score)) }
        }
        found.sort { $0.score > $1.score || ($0.score == $1.score && $0.member.id < $1.member.id) }
        return Array(found.prefix(limit))
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for j in 0..<min(a.count, b.count) { sum += a[j] * b[j] }
        return sum
    }
}

extension Matcher {
    /// A matcher with an explicit mask of the rows that may be shown (one flag per index row), for a server
    /// that keeps the mask up to date as members change.
    /// - Precondition: `visible.count == index.ids.count`.
    public init(index: MatchingIndex, visible: [Bool]) {
        precondition(visible.count == index.ids.count, "one visibility flag per index row")
        self.index = index
        self.visible = visible
    }

    /// The shortest chains of at most three ties from `from` to `to` through members this matcher may show,
    /// or nil when either member is not in the index (joined since the build).
    /// - Complexity: see ``QGraph/Graph/introductionPaths(from:to:through:limit:)``.
    public func introductions(from: MemberID, to: MemberID, limit: Int) -> ConnectionGraph.Introductions? {
        guard let start = index.row(of: from), let end = index.row(of: to),
              let found = try? index.graph.introductionPaths(from: start, to: end, through: visible, limit: limit)
        else { return nil }
        return ConnectionGraph.Introductions(hops: found.hops, paths: found.paths.map { $0.map { index.ids[Int($0)] } },
                                             totalCount: found.totalCount)
    }
}
