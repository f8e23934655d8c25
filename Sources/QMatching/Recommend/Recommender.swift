import Foundation
import QGraph
import QProfiles

/// One ranked suggestion before reasons are written: the row, the score that ordered the list, and what
/// made it (the signals, the hashed attribute pairs and the adjustments made after blending).
public struct RankedCandidate: Sendable {
    public let row: Int
    /// The score that placed the suggestion: the blended score plus the adjustments. Scores are in the
    /// order of the list.
    public let score: Float
    /// The ranking's score alone (the learned ranking's when one is used, else the blend's).
    public let blended: Float
    public let signals: [Float]
    public let pairs: [Int32]
    /// Named changes after blending: "shown before" (ignored suggestions), "another nation or sector"
    /// (the boundary bonus), "diversity" (similar to a suggestion above it).
    public let adjustments: [(name: String, value: Float)]

    /// Each part of ``score``: the blend's signals and attribute pairs, then the adjustments.
    public func breakdown(_ blend: BlendModel) -> [(name: String, value: Float)] {
        blend.breakdown(signals, pairs: pairs) + adjustments.filter { $0.value != 0 }
    }
}

/// "People like me": candidates from content similarity, graph proximity (two-hop scores, personalized
/// PageRank) and complementary intent, one blended score, then re-ranking for diversity (MMR) and for ties
/// that cross a boundary (nation or sector).
///
/// Every member is a row of the serving view, whether in the snapshot or written since: one path for all.
/// Never returned: the member, people connected to them (in the graph, or in `excluded`), anyone the view
/// does not show, and anyone the filters leave out.
public struct Recommender: Sendable {
    public let view: ServingView
    public let blend: BlendModel

    /// Diversity: how much similarity to an already chosen suggestion costs (0 = none).
    public var diversity: Float = 0.1
    /// Bonus for a suggestion in another nation or sector (on the 0–1 scale of blended scores).
    public var boundaryBonus: Float = 0.04
    /// Candidates taken from each source before blending.
    public var candidatesPerSource = 80

    /// The learned ranking (gradient-boosted trees) that orders candidates when set and trained; `blend` then
    /// only explains.
    public let ranker: LearnedRanker?

    /// - Parameter useFittedBlend: use the ranking fitted at build time when the index has one: the learned
    ///   ranking when cross-validation chose it, else the fitted blend.
    public init(view: ServingView, useFittedBlend: Bool = true, blend: BlendModel? = nil) {
        self.view = view
        self.blend = blend ?? (useFittedBlend ? view.index.blend : nil) ?? .default
        ranker = useFittedBlend && blend == nil ? view.index.ranker.flatMap { $0.isPreferred ? $0 : nil } : nil
    }

    /// A recommender with this blend and learned ranking (nil: the blend orders).
    public init(view: ServingView, blend: BlendModel, ranker: LearnedRanker?) {
        self.view = view
        self.blend = blend
        self.ranker = ranker
    }

    /// What ranks the answers, one of ``blendNames``: the learned ranking, the default or fitted blend, or the
    /// single graph signal that the build's cross-validation chose.
    public var blendName: String {
        if ranker?.isTrained == true { return "learned" }
        return blendOnlyName
    }

    /// What ranks the answers for the member of `row`: the learned ranking only for members with ties in the
    /// snapshot's graph (``usesLearnedRanking(row:)``), otherwise the blend.
    public func blendName(row: Int) -> String { usesLearnedRanking(row: row) ? "learned" : blendOnlyName }

    /// Whether the trees rank the member of `row`'s candidates. They learnt from members with a history of ties
    /// (their features are mostly the graph's); a member with none (a newcomer written since the build, or one
    /// without a connection) is ranked by the blend, whose content signal suits a cold start.
    public func usesLearnedRanking(row: Int) -> Bool {
        guard ranker?.isTrained == true, let node = view.node(of: row) else { return false }
        return view.graph.offsets[node + 1] > view.graph.offsets[node]
    }

    private var blendOnlyName: String {
        let origin = blend.origin
        if origin.hasPrefix(BlendModel.Signal.adamicAdar.name + " only") { return "adamic-adar" }
        if origin.hasPrefix(BlendModel.Signal.pageRank.name + " only") { return "pagerank" }
        return origin.hasPrefix("fitted") ? "fitted" : "default"
    }

    /// Every value ``blendName`` takes (the HTTP answer's `blend`, an enum in the OpenAPI document).
    public static let blendNames = ["learned", "fitted", "default", "adamic-adar", "pagerank"]

    /// Ranks suggestions for the member of `row`.
    /// - Parameters:
    ///   - excluded: rows never to return (connected since the build, dismissed).
    ///   - shown: how often each row was shown to this member and ignored (slowly lowers its rank).
    ///   - contentCandidates: the member's content neighbours among snapshot rows when already known (batch
    ///     runs compute them for all members at once with blocked GEMM instead of one sgemv each).
    /// - Complexity: O(rows × dimension) for the content scan, plus the member's two-hop neighbourhood and
    ///   local PageRank push, plus O(candidates × dimension).
    public func recommend(row: Int, excluded: Set<Int> = [], shown: [Int: Int] = [:],
                          filters: RecommendFilters = .init(), limit: Int, rerank: Bool = true,
                          scratch: RankingScratch? = nil, contentCandidates: [Neighbour]? = nil) -> [RankedCandidate] {
        guard let scratch else {
            return view.lookups.scratches.withScratch { scratch in
                recommend(row: row, excluded: excluded, shown: shown, filters: filters, limit: limit, rerank: rerank,
                          scratch: scratch, contentCandidates: contentCandidates)
            }
        }
        let profile = view.profile(row)
        let candidates = generate(row: row, profile: profile, excluded: excluded, filters: filters, scratch: scratch,
                                  contentCandidates: contentCandidates)
        let learned = usesLearnedRanking(row: row) ? ranker?.scores(candidates).map { placingNewcomers($0, candidates) }
            : nil
        var ranked = candidates.indices.map { i -> RankedCandidate in
            let candidate = candidates[i]
            let blended = learned?[i] ?? blend.score(candidate.signals, pairs: candidate.pairs)
            var penalty: Float = 0
            if let times = shown[candidate.row], times > 0 { penalty = -0.15 * Float(log1p(Double(times))) }
            return RankedCandidate(row: candidate.row, score: blended + penalty, blended: blended,
                                   signals: candidate.signals, pairs: candidate.pairs,
                                   adjustments: penalty == 0 ? [] : [("shown before", penalty)])
        }
        ranked.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
        guard rerank, ranked.count > 1 else { return Array(ranked.prefix(limit)) }
        return rerankForDiversity(ranked, profile: profile, limit: limit)
    }

    /// The trees' scores with each candidate that has no ties (a newcomer) given the score found at its place
    /// in the blend's order. The trees learnt from members with a history of ties and would rank every newcomer
    /// last however well they match; the blend's content signal judges them as it judges a cold-start asker.
    /// - Complexity: O(candidates log candidates) when some candidate has no ties, else O(candidates).
    func placingNewcomers(_ learned: [Float], _ candidates: [CandidateSignals]) -> [Float] {
        let graph = view.graph
        let hasTies = candidates.map { candidate in
            view.node(of: candidate.row).map { graph.offsets[$0 + 1] > graph.offsets[$0] } ?? false
        }
        guard hasTies.contains(false), hasTies.contains(true) else { return learned }
        let blended = candidates.map { blend.score($0.signals, pairs: $0.pairs) }
        let byBlend = candidates.indices.sorted {
            blended[$0] > blended[$1] || (blended[$0] == blended[$1] && candidates[$0].row < candidates[$1].row)
        }
        let treeScores = candidates.indices.filter { hasTies[$0] }.map { learned[$0] }.sorted(by: >)
        var placed = learned
        for (place, i) in byBlend.enumerated() where !hasTies[i] {
            placed[i] = treeScores[min(place, treeScores.count - 1)]
        }
        return placed
    }

    /// Greedy MMR: each next pick maximises its score, plus a bonus for crossing a nation or sector boundary,
    /// minus `diversity` × its highest content similarity to the picks so far (both on the scale of the
    /// pool's score range). The score reported is that value, so the list is in score order.
    func rerankForDiversity(_ ranked: [RankedCandidate], profile: QueryProfile, limit: Int) -> [RankedCandidate] {
        let pool = Array(ranked.prefix(max(limit * 4, 40)))
        let span = max(pool.first!.score - pool.last!.score, 1e-6)
        let bonus = pool.map { candidate -> Float in
            crossesBoundary(profile, candidate.row) ? boundaryBonus * span : 0
        }
        var chosen: [RankedCandidate] = []
        var maxSimilarity = [Float](repeating: 0, count: pool.count)
        var taken = [Bool](repeating: false, count: pool.count)
        while chosen.count < min(limit, pool.count) {
            var best = -1
            var bestValue = -Float.infinity
            for i in pool.indices where !taken[i] {
                let value = pool[i].score + bonus[i] - diversity * span * maxSimilarity[i]
                if value > bestValue { bestValue = value; best = i }
            }
            // Scores that are not numbers (a crafted index's vectors can overflow) rank last, never trap.
            if best < 0, let first = pool.indices.first(where: { !taken[$0] }) { best = first }
            taken[best] = true
            let pick = pool[best]
            chosen.append(RankedCandidate(
                row: pick.row, score: bestValue, blended: pick.blended, signals: pick.signals, pairs: pick.pairs,
                adjustments: pick.adjustments + [("another nation or sector", bonus[best]),
                                                 ("diversity", -diversity * span * maxSimilarity[best])]))
            for i in pool.indices where !taken[i] {
                maxSimilarity[i] = max(maxSimilarity[i], view.dot(pool[i].row, pick.row))
            }
        }
        return chosen
    }

    /// Whether the member of `row` works in another nation or sector than `profile`.
    func crossesBoundary(_ profile: QueryProfile, _ row: Int) -> Bool {
        let nation = view.category(view.nation(row)), sector = view.category(view.sector(row))
        return (profile.nation != nil && nation != nil && nation != profile.nation)
            || (profile.sector != nil && sector != nil && sector != profile.sector)
    }
}
