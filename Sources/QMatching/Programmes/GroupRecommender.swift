import Foundation
import QLinearAlgebra
import QProfiles

/// "Groups to join": special interest groups, Q Exchange projects and Lab cohorts a member might join, never
/// one they are in. A group is described by the mean interest vector of its members (its centroid), the
/// text of its name, description and keywords, and its size; a member fits a group when their interests are
/// close to its centroid and its text, when they know its members, and (projects) when what they offer meets
/// what the project's keywords ask for.
public struct GroupRecommender: Sendable {
    /// How groups are ranked: the blend, or one of the evaluation's baselines.
    public enum Method: String, Sendable, CaseIterable, Codable {
        case blend, popularity, content
    }

    public struct Suggestion: Sendable {
        public let group: Int
        public let score: Float
        /// The member's interests the group shares, members they know (rows), and offers that meet its needs.
        public let interests: [String]
        public let ties: [Int]
        public let offers: [String]
    }

    public let view: ServingView
    public let groups: [Group]
    /// Rows of each group's members (visible rows).
    public let groupRows: [[Int]]
    /// Each group's members as a set, for "never one they are in".
    let memberOf: [Int: Set<Int>]
    /// Rows each row is connected to (connections in the store, not shared groups).
    let ties: [Int: [Int]]
    let centroids: [[Float]]
    let texts: [[Float]]
    let keywordSets: [Set<String>]
    let vectors: [Int: [Float]]

    /// - Parameters:
    ///   - memberships: row → indices into `groups` (nil: the view's own memberships).
    ///   - ties: row → connected rows.
    ///   - vectors: rows whose interest vector differs from the view's (an evaluation's folded-in profiles).
    /// - Complexity: O(memberships × dimension + groups × text).
    public init(view: ServingView, groups: [Group], memberships: [Int: [Int]]? = nil, ties: [Int: [Int]],
                vectors: [Int: [Float]] = [:]) {
        self.view = view
        self.groups = groups
        self.ties = ties
        self.vectors = vectors
        let index = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1.id, $0) })
        var lists: [Int: [Int]] = memberships ?? [:]
        if memberships == nil {
            for row in view.memberRows where view.isVisible(row) {
                let mine = view.groups(row).compactMap { index[view.codes.groupIDs[Int($0)]] }
                if !mine.isEmpty { lists[row] = mine }
            }
        }
        var rows = [[Int]](repeating: [], count: groups.count)
        for (row, list) in lists where view.isVisible(row) { for g in list { rows[g].append(row) } }
        for g in rows.indices { rows[g].sort() }
        groupRows = rows
        memberOf = lists.mapValues(Set.init)
        let dimension = view.index.interests.dimension
        centroids = rows.map { members in
            var sum = [Float](repeating: 0, count: dimension)
            for row in members {
                let vector = vectors[row] ?? view.vector(row)
                for j in 0..<dimension { sum[j] += vector[j] }
            }
            let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? sum.map { $0 / norm } : sum
        }
        texts = groups.map { group in
            view.index.model.vector(forText: ([group.name, group.description] + group.keywords).joined(separator: " "))
        }
        keywordSets = groups.map { Set($0.keywords.map { $0.lowercased() }) }
    }

    /// The best `limit` groups of `kinds` for `row` by `method`, best first (ties by group order); never a group
    /// the member is in, never an empty one.
    /// - Complexity: O(groups × dimension).
    public func suggest(for row: Int, kinds: Set<GroupKind>, limit: Int, method: Method = .blend) -> [Suggestion] {
        let vector = vectors[row] ?? view.vector(row)
        let mine = memberOf[row] ?? []
        let myTies = Set(ties[row] ?? [])
        let offers = view.offers(row).map { view.codes.topics[Int($0)] }
        let interests = Set(view.interests(row).map { view.codes.topics[Int($0)] })
        var scored: [Suggestion] = []
        for g in groups.indices where kinds.contains(groups[g].kind) && !mine.contains(g) && !groupRows[g].isEmpty {
            let size = Float(groupRows[g].count)
            let content = BLAS.dot(vector, centroids[g])
            var score: Float
            var known: [Int] = [], meets: [String] = [], shared: [String] = []
            switch method {
            case .popularity: score = log1p(size)
            case .content: score = content
            case .blend:
                let text = BLAS.dot(vector, texts[g])
                known = groupRows[g].filter { myTies.contains($0) }
                meets = offers.filter { offer in keywordSets[g].contains { $0.contains(offer) || offer.contains($0) } }
                shared = groups[g].keywords.filter { interests.contains($0.lowercased()) }
                score = content + 0.5 * text + 0.4 * min(1, log1p(Float(known.count)) / log(4))
                    + (groups[g].kind == .exchange ? 0.3 : 0.15) * Float(min(meets.count, 3)) / 3 + 0.03 * log1p(size)
            }
            scored.append(Suggestion(group: g, score: score, interests: shared, ties: known, offers: meets))
        }
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.group < $1.group) }
        return Array(scored.prefix(limit))
    }
}
