import QMatching
import QProfiles

/// What a request reads: a snapshot plus the writes made since it was built (who may be shown now, and the
/// members folded in). Immutable; every write or rebuild makes the next one.
struct ServingView: Sendable {
    let snapshot: Snapshot
    /// Per index row: discoverable now (not erased, not hidden since the build).
    let visible: [Bool]
    /// Members written since the build, folded in.
    let folded: FoldedMembers
    /// The number of the last write reflected here.
    let sequence: Int
    /// Recommendations and paths: index rows as they are visible now.
    let matcher: Matcher
    /// Search and similarity: as `matcher`, less the rows of folded members (their fresh vectors stand in).
    let contentMatcher: Matcher
    /// Members others may see now: visible rows and discoverable members folded in since the build.
    let visibleCount: Int

    init(snapshot: Snapshot, visible: [Bool], folded: FoldedMembers, sequence: Int) {
        self.snapshot = snapshot
        self.visible = visible
        self.folded = folded
        self.sequence = sequence
        matcher = Matcher(index: snapshot.index, visible: visible)
        visibleCount = visible.reduce(0) { $0 + ($1 ? 1 : 0) } + folded.entries.values.filter {
            $0.member.discoverable && snapshot.index.row(of: $0.member.id) == nil
        }.count
        if folded.isEmpty {
            contentMatcher = matcher
        } else {
            var content = visible
            for id in folded.entries.keys {
                if let row = snapshot.index.row(of: id) { content[row] = false }
            }
            contentMatcher = Matcher(index: snapshot.index, visible: content)
        }
    }

    /// The first view of `snapshot`: rows visible when their member is discoverable in `discoverable`.
    /// - Complexity: O(rows + folded members × profile terms × dimension).
    init(snapshot: Snapshot, discoverable: Set<MemberID>, carrying folded: FoldedMembers, sequence: Int) {
        let index = snapshot.index
        self.init(snapshot: snapshot, visible: index.ids.map { discoverable.contains($0) },
                  folded: folded.carried(over: index, after: snapshot.buildSequence), sequence: sequence)
    }

    /// The view after `member` was written (write number `sequence`).
    /// - Complexity: O(rows) for the masks.
    func upserting(_ member: Member, sequence: Int) -> ServingView {
        var visible = self.visible
        if let row = snapshot.index.row(of: member.id) { visible[row] = member.discoverable }
        var folded = self.folded
        folded.insert(member, model: snapshot.index.model, sequence: sequence)
        return ServingView(snapshot: snapshot, visible: visible, folded: folded, sequence: sequence)
    }

    /// The view after member `id` was erased.
    func erasing(_ id: MemberID, sequence: Int) -> ServingView {
        var visible = self.visible
        if let row = snapshot.index.row(of: id) { visible[row] = false }
        var folded = self.folded
        folded.remove(id)
        return ServingView(snapshot: snapshot, visible: visible, folded: folded, sequence: sequence)
    }

    /// The same view after a write that changes only the store (a connection, feedback): cached answers
    /// of earlier views are retired.
    func advanced(to sequence: Int) -> ServingView {
        ServingView(snapshot: snapshot, visible: visible, folded: folded, sequence: sequence)
    }

    /// A recommendation service over this view.
    func service(_ store: ProfileStore) -> RecommendationService {
        RecommendationService(store: store, matcher: matcher, recommender: snapshot.recommender)
    }
}
