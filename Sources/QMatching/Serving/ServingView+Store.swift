import QProfiles

extension ServingView {
    /// The view of `index` as the store stands now: members shown when discoverable now, and discoverable
    /// members added since the build (by an import, say) folded in as overlay rows.
    /// - Complexity: one read of the discoverable ids, plus reading and folding in each newcomer.
    public static func current(index: MatchingIndex, store: ProfileStore) async throws -> ServingView {
        let visible = try await store.discoverableIDs()
        var view = ServingView(index: index, visibleIDs: visible)
        let newcomers = visible.filter { index.row(of: $0) == nil }.sorted()
        if !newcomers.isEmpty {
            let members = try await store.members(newcomers)
            view = view.upserting(newcomers.compactMap { members[$0] })
        }
        return view
    }
}
