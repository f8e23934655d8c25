/// Names close to one that was mistyped, for "did you mean …?": by edit distance, or by prefix.
///
/// Callers pass only names the asker may see (never the id of a member who is not discoverable).
public enum NearestNames {
    /// The Levenshtein distance between `a` and `b` (by Unicode scalar, case-insensitive), or nil when it is
    /// greater than `limit`.
    /// - Complexity: O(`a.count` × `b.count`), stopping early once every path costs more than `limit`.
    public static func editDistance(_ a: String, _ b: String, limit: Int) -> Int? {
        let x = Array(a.lowercased().unicodeScalars), y = Array(b.lowercased().unicodeScalars)
        guard abs(x.count - y.count) <= limit else { return nil }
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }   // within `limit` by the guard
        var previous = Array(0...y.count)
        var current = previous
        for i in 1...x.count {
            current[0] = i
            var best = i
            for j in 1...y.count {
                current[j] = min(previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1)
                best = min(best, current[j])
            }
            guard best <= limit else { return nil }   // a row's minimum never decreases further down
            swap(&previous, &current)
        }
        return previous[y.count] <= limit ? previous[y.count] : nil
    }

    /// The largest edit distance at which `text` still counts as a typo of a name: a third of its length,
    /// 1 to 3.
    public static func tolerance(for text: String) -> Int { min(3, max(1, text.count / 3)) }

    /// Up to `count` of `candidates` nearest to `text`: those within ``tolerance(for:)`` edits (nearest
    /// first), then those that start with `text` (at least 3 characters; shortest first); ties in name order.
    /// Case is ignored; `text` itself (in any case) counts as distance 0.
    /// - Complexity: O(candidates × |text| × tolerance).
    public static func nearest(to text: String, in candidates: some Sequence<String>, count: Int = 3) -> [String] {
        let limit = tolerance(for: text)
        let lowered = text.lowercased()
        var found: [(rank: Int, length: Int, name: String)] = []
        for candidate in candidates {
            if let distance = editDistance(text, candidate, limit: limit) {
                found.append((distance, candidate.count, candidate))
            } else if lowered.count >= 3, candidate.lowercased().hasPrefix(lowered) {
                found.append((limit + 1, candidate.count, candidate))
            }
        }
        found.sort { ($0.rank, $0.length, $0.name) < ($1.rank, $1.length, $1.name) }
        var nearest: [String] = []
        for candidate in found where nearest.count < count && !nearest.contains(candidate.name) {
            nearest.append(candidate.name)
        }
        return nearest
    }
}
