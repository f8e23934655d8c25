import QProfiles

extension ServingView {
    /// The view of `index` as the store stands now: members shown when discoverable now, and discoverable
    /// members added since the build (by an import, say) folded in as overlay rows.
    ///
    /// Who is shown comes from the store's id index and its small index of hidden members
    /// (``QProfiles/ProfileStore/memberIDs()``), not from a scan of member rows: a row of the snapshot is
    /// visible exactly when its id is in the store and not hidden (an erased member is in neither).
    /// - Complexity: O(members) lookups of ids, plus reading and folding in each newcomer.
    public static func current(index: MatchingIndex, store: ProfileStore) async throws -> ServingView {
        try await current(index: index, memberIDs: try await store.memberIDs(), store: store)
    }

    /// As ``current(index:store:)`` with the store's ids read already (``QProfiles/ProfileStore/memberIDs()``,
    /// e.g. while the index was loading); newcomers are read from `store`.
    public static func current(index: MatchingIndex, memberIDs: (all: [MemberID], hidden: [MemberID]),
                               store: ProfileStore) async throws -> ServingView {
        let (all, hidden) = memberIDs
        var visible = [Bool](repeating: false, count: index.ids.count)
        var newcomers: [MemberID] = []
        for id in all {
            if let row = index.row(of: id) { visible[row] = true } else { newcomers.append(id) }
        }
        if !hidden.isEmpty {
            let hiddenIDs = Set(hidden)
            for id in hidden { if let row = index.row(of: id) { visible[row] = false } }
            newcomers.removeAll { hiddenIDs.contains($0) }
        }
        var view = ServingView(index: index, visible: visible)
        if !newcomers.isEmpty {
            newcomers.sort()
            let members = try await store.members(newcomers)
            view = view.upserting(newcomers.compactMap { members[$0] })
        }
        return view
    }
}
