import Foundation
import QGraph
import QProfiles

/// One ranked suggestion before reasons are written: the row, the final score and the signals behind it.
public struct RankedCandidate: Sendable {
    public let row: Int
    public let score: Float
    public let signals: [Float]
    public let pairs: [Int32]
}

/// "People like me": candidates from content similarity, graph proximity (two-hop scores, personalized
/// PageRank) and complementary intent, one blended score, then re-ranking for diversity (MMR) and for ties
/// that cross a boundary (nation or sector).
///
/// Never returned: the member, people already connected (in the index or in `excluded`), anyone not in
/// `visible`, and anyone the filters leave out.
public struct Recommender: Sendable {
    public let index: MatchingIndex
    public let blend: BlendModel
    /// Rows offering each topic code, and rows needing it.
    let offering: [[Int32]]
    let needing: [[Int32]]
    let topicCode: [String: Int32]
    let groupCode: [String: Int32]
    let categoryCode: [String: Int32]

    /// Diversity: how much similarity to an already chosen suggestion costs (0 = none).
    public var diversity: Float = 0.1
    /// Bonus for a suggestion in another nation or sector (on the 0–1 scale of blended scores).
    public var boundaryBonus: Float = 0.04
    /// Candidates taken from each source before blending.
    public var candidatesPerSource = 80

    /// - Parameter useFittedBlend: use the blend fitted at build time when the index has one.
    public init(index: MatchingIndex, useFittedBlend: Bool = true, blend: BlendModel? = nil) {
        self.index = index
        self.blend = blend ?? (useFittedBlend ? index.blend : nil) ?? .default
        let facts = index.facts
        var offering = [[Int32]](repeating: [], count: facts.topics.count)
        var needing = [[Int32]](repeating: [], count: facts.topics.count)
        for row in 0..<facts.rows {
            for code in facts.offers[row] { offering[Int(code)].append(Int32(row)) }
            for code in facts.needs[row] { needing[Int(code)].append(Int32(row)) }
        }
        self.offering = offering
        self.needing = needing
        var topics: [String: Int32] = [:], groups: [String: Int32] = [:], categories: [String: Int32] = [:]
        for (code, text) in facts.topics.enumerated() { topics[text] = Int32(code) }
        for (code, id) in facts.groupIDs.enumerated() { groups[id] = Int32(code) }
        for (code, text) in facts.categories.enumerated() { categories[text] = Int32(code) }
        topicCode = topics
        groupCode = groups
        categoryCode = categories
    }

    /// Ranks suggestions for one member.
    /// - Parameters:
    ///   - row: the member's index row, or nil for a member who joined after the build.
    ///   - vector: the member's interest vector (the index row, or folded in).
    ///   - profile: the member's categories, offers, needs and groups.
    ///   - visible: rows that may be shown (discoverable in the store now, not erased).
    ///   - excluded: rows never to return (connected since the build, dismissed).
    ///   - shown: how often each row was shown to this member and ignored (slowly lowers its rank).
    ///   - contentCandidates: the member's content neighbours when already known (batch runs compute them
    ///     for all members at once with blocked GEMM instead of one sgemv each).
    /// - Complexity: O(rows × dimension) for the content scan, plus the member's two-hop neighbourhood and
    ///   local PageRank push, plus O(candidates × dimension).
    public func recommend(row: Int?, vector: [Float], profile: QueryProfile, visible: [Bool],
                          excluded: Set<Int> = [], shown: [Int: Int] = [:], filters: RecommendFilters = .init(),
                          limit: Int, rerank: Bool = true, scratch: RankingScratch? = nil,
                          contentCandidates: [Neighbour]? = nil) -> [RankedCandidate] {
        let scratch = scratch ?? RankingScratch(nodeCount: index.ids.count)
        let candidates = generate(row: row, vector: vector, profile: profile, visible: visible, excluded: excluded,
                                  filters: filters, scratch: scratch, contentCandidates: contentCandidates)
        var ranked = candidates.map { candidate -> RankedCandidate in
            var score = blend.score(candidate.signals, pairs: candidate.pairs)
            if let times = shown[candidate.row], times > 0 { score -= 0.15 * Float(log1p(Double(times))) }
            return RankedCandidate(row: candidate.row, score: score, signals: candidate.signals, pairs: candidate.pairs)
        }
        ranked.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
        guard rerank, ranked.count > 1 else { return Array(ranked.prefix(limit)) }
        return rerankForDiversity(ranked, profile: profile, limit: limit)
    }

    /// Greedy MMR: each next pick maximises its normalised score, plus a bonus for crossing a nation or
    /// sector boundary, minus `diversity` × its highest content similarity to the picks so far.
    func rerankForDiversity(_ ranked: [RankedCandidate], profile: QueryProfile, limit: Int) -> [RankedCandidate] {
        let pool = Array(ranked.prefix(max(limit * 4, 40)))
        let top = pool.first!.score, bottom = pool.last!.score
        let span = max(top - bottom, 1e-6)
        let facts = index.facts
        var base = pool.map { ($0.score - bottom) / span }
        for (i, candidate) in pool.enumerated() {
            let nation = facts.nation[candidate.row], sector = facts.sector[candidate.row]
            let crossesNation = profile.nation != nil && nation >= 0 && facts.categories[Int(nation)] != profile.nation
            let crossesSector = profile.sector != nil && sector >= 0 && facts.categories[Int(sector)] != profile.sector
            if crossesNation || crossesSector { base[i] += boundaryBonus }
        }
        var chosen: [Int] = []
        var maxSimilarity = [Float](repeating: 0, count: pool.count)
        var taken = [Bool](repeating: false, count: pool.count)
        let d = index.interests.dimension
        let values = index.interests.values
        while chosen.count < min(limit, pool.count) {
            var best = -1
            var bestValue = -Float.infinity
            for i in pool.indices where !taken[i] {
                let value = base[i] - diversity * maxSimilarity[i]
                if value > bestValue { bestValue = value; best = i }
            }
            taken[best] = true
            chosen.append(best)
            let picked = pool[best].row
            for i in pool.indices where !taken[i] {
                var dot: Float = 0
                let a = pool[i].row * d, b = picked * d
                for j in 0..<d { dot += values[a + j] * values[b + j] }
                maxSimilarity[i] = max(maxSimilarity[i], dot)
            }
        }
        return chosen.map { pool[$0] }
    }
}
