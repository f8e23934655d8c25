import Foundation
import QGraph
import QProfiles

/// Everything the matchers read, built by `qmatch build` and loaded by the CLI and the server: member ids
/// (row `i` is `ids[i]`), who is discoverable, the interest vectors and the model that folds in new text.
public struct MatchingIndex: Sendable {
    public let ids: [MemberID]
    public let discoverable: [Bool]
    public let interests: InterestMatrix
    public let model: InterestModel
    /// Categorical codes, offers, needs and groups of every row, for ranking.
    public let facts: ProfileFacts
    /// The connection graph over the rows (connections only, kinds weighted; groups are a separate signal).
    public let graph: Graph
    /// The ranking blend fitted on this community's history, or nil when it had too few connections.
    public let blend: BlendModel?
    /// The learned ranking (gradient-boosted trees) trained on this community's history, or nil when it had too
    /// little; queries use it when ``LearnedRanker/isPreferred``.
    public let ranker: LearnedRanker?
    /// ISO 8601 time of the build.
    public let builtAt: String
    /// Each row's nearest rows by content, for queries that start from a member of the snapshot (nil above
    /// ``ContentNeighbours/maximumRows`` rows, and in indexes written before they existed).
    public let contentNeighbours: ContentNeighbours?
    /// The approximate content index over `interests`, or nil when content queries scan every row.
    public let clusters: ClusterIndex?
    let rowOfID: [MemberID: Int]
    /// Whether `ids` ascend (as a build writes them), so that they can be walked beside another sorted list.
    let idsAreAscending: Bool

    public init(ids: [MemberID], discoverable: [Bool], interests: InterestMatrix, model: InterestModel,
                facts: ProfileFacts? = nil, graph: Graph? = nil, blend: BlendModel? = nil, ranker: LearnedRanker? = nil,
                builtAt: String, contentNeighbours: ContentNeighbours? = nil, clusters: ClusterIndex? = nil) {
        self.init(ids: ids, discoverable: discoverable, interests: interests, model: model, facts: facts, graph: graph,
                  blend: blend, ranker: ranker, builtAt: builtAt, contentNeighbours: contentNeighbours,
                  clusters: clusters, rowOfID: nil)
    }

    /// - Parameter rowOfID: the row of each id when the caller has it already (`ids[row]` for every row, and
    ///   nothing else); nil: built here.
    init(ids: [MemberID], discoverable: [Bool], interests: InterestMatrix, model: InterestModel,
         facts: ProfileFacts?, graph: Graph?, blend: BlendModel?, ranker: LearnedRanker?, builtAt: String,
         contentNeighbours: ContentNeighbours?, clusters: ClusterIndex?, rowOfID: [MemberID: Int]?) {
        precondition(ids.count == interests.rows && discoverable.count == ids.count)
        precondition(contentNeighbours.map { $0.floors.count == ids.count } ?? true)
        precondition(clusters.map { $0.rows == ids.count && $0.dimension == interests.dimension } ?? true)
        self.contentNeighbours = contentNeighbours
        self.clusters = clusters
        self.facts = facts ?? ProfileFacts(ids.map { Member(id: $0) })
        self.graph = graph ?? (try? Graph(nodeCount: ids.count, edges: [])) ?? Self.emptyGraph(ids.count)
        self.blend = blend
        self.ranker = ranker
        precondition(self.facts.rows == ids.count && self.graph.nodeCount == ids.count)
        self.ids = ids
        self.discoverable = discoverable
        self.interests = interests
        self.model = model
        self.builtAt = builtAt
        idsAreAscending = zip(ids, ids.dropFirst()).allSatisfy { $0 < $1 }
        if let rowOfID {
            precondition(rowOfID.count == ids.count, "one row per id")
            self.rowOfID = rowOfID
        } else {
            var rows: [MemberID: Int] = [:]
            rows.reserveCapacity(ids.count)
            for (row, id) in ids.enumerated() { rows[id] = row }
            self.rowOfID = rows
        }
    }

    /// The same index without its approximate content index (content queries scan every row), e.g. to
    /// measure the approximate index's recall.
    public func withoutApproximateIndex() -> MatchingIndex {
        MatchingIndex(ids: ids, discoverable: discoverable, interests: interests, model: model, facts: facts,
                      graph: graph, blend: blend, ranker: ranker, builtAt: builtAt, contentNeighbours: contentNeighbours,
                      clusters: nil, rowOfID: rowOfID)
    }

    /// The row of member `id`, or nil when the index does not hold them.
    public func row(of id: MemberID) -> Int? { rowOfID[id] }

    static func emptyGraph(_ n: Int) -> Graph {
        do { return try Graph(nodeCount: n, edges: []) } catch { preconditionFailure("an empty graph is valid") }
    }

    /// Builds the index from every member and connection of the store, read in one snapshot (so that a
    /// member and a connection written meanwhile are both in, or both out).
    /// - Parameter progress: the stages (reading the store, then those of
    ///   ``build(members:connections:dimension:weights:fitBlend:learnRanking:approximate:threads:contentLists:progress:)``).
    /// - Complexity: O(members × terms) to featurize plus the truncated SVD, O(connections) for the graph.
    public static func build(from store: ProfileStore, dimension: Int = 256, weights: FieldWeights = FieldWeights(),
                             fitBlend: Bool = true, learnRanking: Bool = true, approximate: ApproximateMode = .auto,
                             threads: Int = 2, contentLists: Bool? = nil,
                             progress: StageProgress? = nil) async throws -> MatchingIndex {
        progress?("reading the store", nil)
        let snapshot = try await store.snapshot()
        return try build(members: snapshot.members, connections: snapshot.connections, dimension: dimension,
                         weights: weights, fitBlend: fitBlend, learnRanking: learnRanking, approximate: approximate,
                         threads: threads, contentLists: contentLists, progress: progress)
    }

    /// Builds the index from members (in id order) and the connections between them.
    /// - Parameter contentLists: keep each row's nearest rows by content (``ContentNeighbours``); nil: when
    ///   there are at most ``ContentNeighbours/maximumRows`` members.
    ///   - progress: the stages (featurizing, the graph, fitting the ranking, the approximate index, the content
    ///     lists with the fraction done).
    public static func build(members: [Member], connections: [Connection], dimension: Int = 256,
                             weights: FieldWeights = FieldWeights(), fitBlend: Bool = true,
                             learnRanking: Bool = true, approximate: ApproximateMode = .auto, threads: Int = 2,
                             contentLists: Bool? = nil, progress: StageProgress? = nil) throws -> MatchingIndex {
        progress?("featurizing", nil)
        let members = members.sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        let (model, vectors) = Featurizer.fit(members, weights: weights, dimension: dimension, threads: threads)
        progress?("building the graph", nil)
        let graph = try connectionGraph(members: members, connections: connections)
        let facts = ProfileFacts(members)
        let interests = InterestMatrix(rows: members.count, dimension: dimension, values: vectors, fastQueries: true)
        progress?("fitting the ranking", nil)
        let fit = fitBlend ? RankingFitter.fit(members: members, connections: connections, interests: interests,
                                               facts: facts, learn: learnRanking)
            : RankingFitter.Fit(blend: nil, ranker: nil)
        var clusters: ClusterIndex? = nil
        if approximate.applies(rows: members.count) {
            progress?("training the approximate index", nil)
            let trained = ClusterIndex.train(interests, threads: threads)
            progress?("measuring the approximate index's recall", nil)
            clusters = trained.calibrated(interests, threads: threads)
        }
        // Content neighbour lists: nil (auto) keeps them up to `maximumRows` members.
        let neighbours: ContentNeighbours?
        if members.count > 1 && (contentLists ?? (members.count <= ContentNeighbours.maximumRows)) {
            progress?("content lists", 0)
            neighbours = ContentNeighbours.compute(interests, threads: threads,
                                                   progress: stageFractions(progress, stage: "content lists"))
        } else {
            neighbours = nil
        }
        let builtAt = ISO8601DateFormatter().string(from: Date())
        let index = MatchingIndex(
            ids: members.map(\.id), discoverable: members.map(\.discoverable), interests: interests, model: model,
            facts: facts, graph: graph, blend: fit.blend, builtAt: builtAt, contentNeighbours: neighbours,
            clusters: clusters)
        guard let trained = fit.ranker else { return index }
        progress?("the learned ranking's affinity table", nil)
        // The trees learnt from the training graph's attribute-pair affinity; queries read the full graph's.
        let affinity = PairAffinity.table(Recommender(view: ServingView(index: index), blend: .default, ranker: nil))
        let ranker = LearnedRanker(affinity: affinity, trees: trained.trees, isPreferred: trained.isPreferred,
                                   origin: trained.origin, gains: trained.gains, blend: trained.blend)
        return MatchingIndex(ids: index.ids, discoverable: index.discoverable, interests: interests, model: model,
                             facts: facts, graph: graph, blend: fit.blend, ranker: ranker, builtAt: builtAt,
                             contentNeighbours: neighbours, clusters: clusters, rowOfID: index.rowOfID)
    }

    /// Whether content queries go through an approximate index: `auto` from ``automaticThreshold`` members on.
    public enum ApproximateMode: String, Sendable, CaseIterable {
        case auto, on, off

        /// The size from which `auto` builds the approximate index. Below it an exact scan is fast enough (one
        /// query at 100,000 members: 1.4 ms; `recommend --all`'s exact self-join is a minor part of its time).
        public static let automaticThreshold = 200_000

        /// Whether an index of `rows` members gets the approximate index.
        public func applies(rows: Int) -> Bool {
            switch self {
            case .on: return rows > 0
            case .off: return false
            case .auto: return rows >= Self.automaticThreshold
            }
        }
    }

    /// The graph of connections (no group ties) over `members`, in their order.
    static func connectionGraph(members: [Member], connections: [Connection]) throws -> Graph {
        var builder = GraphBuilder()
        builder.groupWeight = 0
        let facts = members.map { GraphBuilder.MemberFacts(id: $0.id, discoverable: $0.discoverable) }
        return try builder.build(members: facts, connections: connections).graph
    }
}
