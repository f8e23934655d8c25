import QProfiles

/// Content matching over an index: "similar to this member" and "members matching this text".
///
/// Privacy: only rows in `visible` (discoverable in the store now, not erased) are ever returned, whatever
/// the index says; a member added after the build is folded in from their profile.
public struct Matcher: Sendable {
    public let index: MatchingIndex
    /// Index rows that may be shown.
    public let visible: [Bool]

    /// - Parameter visibleIDs: ids of the members that are discoverable in the store now.
    public init(index: MatchingIndex, visibleIDs: Set<MemberID>) {
        self.index = index
        visible = index.ids.enumerated().map { row, id in index.discoverable[row] && visibleIDs.contains(id) }
    }

    /// The members most similar in content to `member`, best first (never the member, never hidden ones).
    /// - Complexity: O(rows × dimension) (one sgemv) + O(rows + m log k) selection.
    public func similar(to member: Member, limit: Int, excluding: Set<MemberID> = []) -> [Neighbour] {
        var excluded = Set(excluding.compactMap { index.row(of: $0) })
        if let row = index.row(of: member.id) { excluded.insert(row) }
        let query = index.model.vector(for: member)
        guard query.contains(where: { $0 != 0 }) else { return [] }
        return index.interests.nearest(to: query, k: limit, filter: RowFilter(eligible: visible, excluded: excluded))
    }

    /// The members whose profiles best match a free-text description, best first.
    public func search(_ text: String, limit: Int) -> [Neighbour] {
        let query = index.model.vector(forText: text)
        guard query.contains(where: { $0 != 0 }) else { return [] }
        return index.interests.nearest(to: query, k: limit, filter: RowFilter(eligible: visible))
    }
}
