import GRDB

extension ProfileStore {
    /// The most words of a query that are looked up.
    static let maximumSearchTerms = 32

    /// Members others may see whose name, topics, methods, challenge or bio contain any word of `text`, best
    /// first (BM25, weighted towards name, topics and challenge; higher is better). Reads the store's own
    /// full-text index, which every write keeps current: an edit is found at once, hidden and erased members
    /// never. `text` is taken as plain words: no character of it is read as query syntax, and text without a
    /// letter or digit finds nobody.
    /// - Complexity: O(matching members × log members).
    public func textSearch(_ text: String, limit: Int) async throws -> [(id: MemberID, score: Double)] {
        guard limit > 0, let query = Self.searchQuery(text) else { return [] }
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.id, s.rank FROM member_search s
                WHERE member_search MATCH ?
                  AND EXISTS (SELECT 1 FROM member m WHERE m.id = s.id AND m.discoverable = 1)
                ORDER BY s.rank LIMIT ?
                """, arguments: [query, limit]).map { (id: $0[0] as String, score: -($0[1] as Double)) }
        }
    }

    /// `text` as a safe FTS5 query: its words (runs of letters and digits), lower-cased, each quoted as a
    /// string, joined by OR; nil when it has none. Quoting makes every word a plain term: `AND`, `NEAR(`,
    /// `*`, `"`, `:` and `^` are never operators.
    static func searchQuery(_ text: String) -> String? {
        var words: [String] = []
        var seen = Set<String>()
        var current = ""
        func finish() {
            if !current.isEmpty, words.count < maximumSearchTerms, seen.insert(current).inserted {
                words.append(current)
            }
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                finish()
            }
        }
        finish()
        guard !words.isEmpty else { return nil }
        return words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }
}
