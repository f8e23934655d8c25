import Foundation
import QProfiles

/// Recruits for a group: non-members ranked by fit to the group (its members' interest vectors, its name,
/// description and keywords) and by ties to its members; or, for a group still being founded, by fit to a
/// free-text description alone. Quotas are met whenever they can be while staying as relevant as possible:
/// each quota takes its best-scoring matching candidates (smallest quota first, then the scarcest), and the
/// rest of the list is filled by score.
public struct Recruiter: Sendable {
    public let view: ServingView
    /// How much ties to the group's members count beside content fit.
    public var tieWeight: Float = 0.3

    public init(view: ServingView) {
        self.view = view
    }

    public struct Recruit: Sendable, Hashable {
        public let row: Int
        public let score: Float
        public let content: Float
        /// Rows of the group's visible members among the candidate's connections.
        public let ties: [Int]
        /// The quotas (indices into the request's) this recruit counts toward.
        public var fills: [Int] = []
    }

    public struct Result: Sendable {
        public let recruits: [Recruit]
        public let quotas: [QuotaOutcome]
    }

    /// - Parameters:
    ///   - memberRows: rows of the group's current members (never recruited); empty for a new group. Only
    ///     the members the view shows shape the group's profile and count as ties: a hidden member counts
    ///     in no score and no reason.
    ///   - text: the group's name, description and keywords, or the free-text brief.
    /// - Complexity: O(rows × dimension) for the content scan plus the members' neighbourhoods.
    public func recruit(memberRows: [Int], text: String, limit: Int, quotas: [RecruitQuota] = []) -> Result {
        let d = view.index.interests.dimension
        let shown = memberRows.filter { view.isVisible($0) }
        var query = [Float](repeating: 0, count: d)
        if !shown.isEmpty {
            for row in shown {
                let vector = view.vector(row)
                for j in 0..<d { query[j] += vector[j] }
            }
            query = InterestModel.unit(query)
            for j in 0..<d { query[j] *= 0.7 }
        }
        let textVector = view.index.model.vector(forText: text)
        for j in 0..<d { query[j] += (shown.isEmpty ? 1 : 0.3) * textVector[j] }
        query = InterestModel.unit(query)
        let members = Set(memberRows)
        // Ties: how many of the group's visible members each non-member is connected to.
        var ties: [Int: [Int]] = [:]
        for row in shown {
            for neighbour in view.neighbours(of: row) where !members.contains(neighbour) {
                ties[neighbour, default: []].append(row)
            }
        }
        let maxTies = Float(ties.values.map(\.count).max() ?? 0)
        let hasContent = query.contains { $0 != 0 }
        var pool = Set(ties.keys.filter { view.isVisible($0) })
        let quotaSeats: Int = quotas.reduce(0) { $0 + $1.count }
        let depth: Int = max(limit * 20, 500) + quotaSeats * 50
        if hasContent {
            for neighbour in view.nearest(to: query, k: depth, excluded: members) { pool.insert(neighbour.row) }
        }
        var ranked: [Recruit] = []
        for row in pool.sorted() where view.isVisible(row) && !members.contains(row) {
            let content: Float = hasContent ? view.dot(query, row) : 0
            let tieList: [Int] = (ties[row] ?? []).sorted()
            var tie: Float = 0
            if maxTies > 0 { tie = Float(log1p(Double(tieList.count)) / log1p(Double(maxTies))) }
            ranked.append(Recruit(row: row, score: content + tieWeight * tie, content: content, ties: tieList))
        }
        ranked.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
        return select(ranked, limit: limit, quotas: quotas)
    }

    /// The list meeting every quota that can be met, ordered by score.
    func select(_ ranked: [Recruit], limit: Int, quotas: [RecruitQuota]) -> Result {
        func matches(_ recruit: Recruit, _ quota: RecruitQuota) -> Bool {
            let wanted = quota.category
            let row = recruit.row
            switch quota.field {
            case "region": return view.category(view.region(row)) == wanted
            case "nation": return view.category(view.nation(row)) == wanted
            case "sector": return view.category(view.sector(row)) == wanted
            case "role": return view.category(view.role(row)) == wanted
            default: return view.attributes(row).contains { view.codes.categories[Int($0)] == wanted }
            }
        }
        var chosen: [Int] = []   // indices into ranked
        var taken = Set<Int>()
        let available = quotas.map { quota in ranked.indices.filter { matches(ranked[$0], quota) } }
        // Smallest quotas first (so that as many quotas as possible are met when places run short), then the
        // scarcest.
        let order = quotas.indices.sorted {
            (quotas[$0].count, available[$0].count, $0) < (quotas[$1].count, available[$1].count, $1)
        }
        for q in order {
            var have = chosen.filter { matches(ranked[$0], quotas[q]) }.count
            for candidate in available[q] where have < quotas[q].count && chosen.count < limit && !taken.contains(candidate) {
                chosen.append(candidate)
                taken.insert(candidate)
                have += 1
            }
        }
        for candidate in ranked.indices where chosen.count < limit && !taken.contains(candidate) {
            chosen.append(candidate)
            taken.insert(candidate)
        }
        let list = chosen.sorted().map { index -> Recruit in
            var recruit = ranked[index]
            recruit.fills = quotas.indices.filter { matches(recruit, quotas[$0]) }
            return recruit
        }
        let seats = quotas.reduce(0) { $0 + $1.count }
        let outcomes = quotas.enumerated().map { q, quota -> QuotaOutcome in
            let met = list.filter { matches($0, quota) }.count
            var reason: String? = nil
            if met < quota.count {
                if available[q].count < quota.count {
                    reason = "only \(available[q].count) suitable member\(available[q].count == 1 ? "" : "s") "
                        + "outside the group match \(quota.field)=\(quota.value)"
                } else if seats > limit {
                    reason = "the quotas ask for \(seats) places but the list has \(limit)"
                } else {
                    reason = "other quotas took the places"
                }
            }
            return QuotaOutcome(quota: quota.description, wanted: quota.count, met: min(met, quota.count),
                                isMet: met >= quota.count, reason: reason)
        }
        return Result(recruits: list, quotas: outcomes)
    }
}
