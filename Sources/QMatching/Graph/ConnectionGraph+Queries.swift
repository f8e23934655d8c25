import QGraph
import QProfiles

extension ConnectionGraph {
    /// A member with a score.
    public struct ScoredMember: Sendable, Hashable, Codable {
        public let id: MemberID
        public let score: Double
    }

    /// Rankings for several sources.
    public struct Rankings: Sendable, Hashable {
        /// One list per source, best first.
        public let lists: [[ScoredMember]]
        /// Personalized PageRank: the iterations run for each source (empty for the two-hop methods).
        public let iterations: [Int]
    }

    /// Introduction chains between two members, as member ids.
    public struct Introductions: Sendable, Hashable, Codable {
        /// Edges on the shortest chains (1: already connected), or nil when none of up to three hops.
        public let hops: Int?
        /// Each chain from the first member to the second, strongest first.
        public let paths: [[MemberID]]
        /// All shortest chains, which may exceed `paths.count`.
        public let totalCount: Int
    }

    /// The `limit` best candidates for each source, best first (ties: lower node, i.e. id order): members
    /// who are discoverable, not the source and not yet tied to it, with a score above 0.
    /// Two-hop methods run in parallel over sources; PageRank runs one source at a time on `threads` threads.
    /// - Throws: ``GraphError`` for an unknown source or an option out of range.
    /// - Complexity: see ``QGraph/ProximityScorer`` and ``QGraph/PersonalizedPageRank``.
    public func scores(for sources: [MemberID], method: GraphScoreMethod, limit: Int,
                       pageRank: PageRankOptions = .init(), threads: Int? = nil) throws(GraphError) -> Rankings {
        var nodes: [Int] = []
        for source in sources { nodes.append(try ownNode(of: source)) }
        var ranked: [[ScoredNode]]
        var iterations: [Int] = []
        if let proximity = method.proximity {
            ranked = try graph.topProximity(from: nodes, method: proximity, limit: limit, allowed: discoverable,
                                            threads: threads)
        } else {
            var solver = PersonalizedPageRank(graph: graph)
            ranked = []
            for node in nodes {
                let result = try solver.top(limit, from: node, options: pageRank, allowed: discoverable)
                ranked.append(result.ranked)
                iterations.append(result.iterations)
            }
        }
        return Rankings(lists: ranked.map { list in list.map { ScoredMember(id: ids[Int($0.node)], score: $0.score) } },
                        iterations: iterations)
    }

    /// The shortest chains of at most three hops from `from` (who may be anyone with ties) to `to` (who must
    /// be discoverable) through discoverable members only.
    /// - Throws: ``GraphError`` for an unknown member (or `to` not discoverable: the same message).
    public func introductions(from: MemberID, to: MemberID, limit: Int = 10) throws(GraphError) -> Introductions {
        let start = try ownNode(of: from), end = try visibleNode(of: to)
        let found = try graph.introductionPaths(from: start, to: end, through: discoverable, limit: limit)
        return Introductions(hops: found.hops, paths: found.paths.map { $0.map { ids[Int($0)] } },
                             totalCount: found.totalCount)
    }

    /// Communities of the whole graph, as QGraph finds them (labels per node; list members with
    /// ``visibleMembers(of:)``).
    /// - Throws: ``GraphError`` when an option is out of range.
    public func communities(options: CommunityOptions = .init()) throws(GraphError) -> Communities {
        try graph.communities(options: options)
    }

    /// The discoverable members of every community, in id order of nodes.
    /// - Complexity: O(nodes).
    public func visibleMembers(of communities: Communities) -> [[MemberID]] {
        var members = [[MemberID]](repeating: [], count: communities.count)
        for (node, label) in communities.labels.enumerated() where discoverable[node] {
            members[Int(label)].append(ids[node])
        }
        return members
    }

    /// How many communities, nations and sectors every member's ties reach.
    /// - Throws: ``GraphError`` when `communities` belongs to another graph.
    /// - Complexity: O(nodes + edges).
    public func bridging(communities: Communities) throws(GraphError) -> (communities: [Bridging], nations: [Bridging],
                                                                         sectors: [Bridging]) {
        (try graph.bridging(labels: communities.labels), try graph.bridging(labels: nations),
         try graph.bridging(labels: sectors))
    }
}
