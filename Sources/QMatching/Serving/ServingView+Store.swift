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
        var visible: [Bool], newcomers: [MemberID]
        if index.idsAreAscending, let walked = merged(index.ids, all) {
            (visible, newcomers) = walked
        } else {
            // Either list out of order: a lookup for each id of the store.
            visible = [Bool](repeating: false, count: index.ids.count)
            newcomers = []
            for id in all {
                if let row = index.row(of: id) { visible[row] = true } else { newcomers.append(id) }
            }
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

    /// One pass over two ascending lists: a row is in the store when its id is among `storeIDs`; store ids not
    /// in `snapshot` are newcomers. Nil when `storeIDs` turns out not to be ascending (the walk checks each
    /// step, so its answer never rests on an order it has not seen).
    /// - Complexity: O(rows + store ids) comparisons, no hashing.
    private static func merged(_ snapshot: [MemberID], _ storeIDs: [MemberID]) -> ([Bool], [MemberID])? {
        var visible = [Bool](repeating: false, count: snapshot.count)
        var newcomers: [MemberID] = []
        var row = 0
        var previous: MemberID? = nil
        for id in storeIDs {
            if let previous, !(previous < id) { return nil }
            previous = id
            while row < snapshot.count, snapshot[row] < id { row += 1 }
            if row < snapshot.count, snapshot[row] == id {
                visible[row] = true
                row += 1
            } else {
                newcomers.append(id)
            }
        }
        return (visible, newcomers)
    }
}
