import QMatching
import QProfiles

/// What a request reads: a snapshot's metadata and the serving view over it (the snapshot's rows plus the
/// members written since, with who may be shown now), and the number of the last write it reflects.
/// Immutable; every write or rebuild makes the next one.
struct LiveView: Sendable {
    let snapshot: Snapshot
    let view: ServingView
    /// The number of the last write reflected here.
    let sequence: Int

    /// The first view of `snapshot`: `current` (the store as it stands), with the members written through
    /// this server after its build started reading the store (`written`) folded in again with its model.
    /// - Complexity: O(rows + carried members × profile terms × dimension).
    init(snapshot: Snapshot, current: ServingView, carrying written: [(member: Member, sequence: Int)] = [],
         visible: Set<MemberID>, sequence: Int) {
        let carried = written.filter { $0.sequence > snapshot.buildSequence }
        var view = current
        for entry in carried { view = view.upserting(entry.member, sequence: entry.sequence) }
        if !carried.isEmpty { view = view.withVisibility(visible) }
        self.init(snapshot: snapshot, view: view, sequence: sequence)
    }

    init(snapshot: Snapshot, view: ServingView, sequence: Int) {
        self.snapshot = snapshot
        self.view = view
        self.sequence = sequence
    }

    /// The view after `member` was written (write number `sequence`).
    /// - Complexity: O(rows) for the flags, plus folding the profile in.
    func upserting(_ member: Member, sequence: Int) -> LiveView {
        LiveView(snapshot: snapshot, view: view.upserting(member, sequence: sequence), sequence: sequence)
    }

    /// The view after member `id` was erased.
    func erasing(_ id: MemberID, sequence: Int) -> LiveView {
        LiveView(snapshot: snapshot, view: view.hiding(id), sequence: sequence)
    }

    /// The same view after a write that changes only the store (a connection, feedback): kept answers of
    /// earlier views are retired.
    func advanced(to sequence: Int) -> LiveView {
        LiveView(snapshot: snapshot, view: view, sequence: sequence)
    }

    /// A recommendation service over this view.
    func recommendations(_ store: ProfileStore) -> RecommendationService {
        RecommendationService(store: store, recommender: Recommender(view: view))
    }
}
