import QMatching
import QProfiles

/// The writes that change what members are suggested, shared by the admin routes and the web pages: each
/// reaches the store, then the serving view, one write at a time (``ServingState/write(_:)``), so that it
/// takes effect for the next request.
struct MemberWrites: Sendable {
    let store: ProfileStore
    let state: ServingState

    /// Writes the member (fields, memberships, attributes); without `keepingDiscoverable` their visibility is
    /// `update.discoverable`. The view gets the member as stored.
    /// - Returns: the member as stored, and whether they are new.
    /// - Throws: ``ProfileError`` when a group does not exist or a field breaks the store's rules.
    func upsert(_ update: Member, keepingDiscoverable: Bool) async throws -> (member: Member, isNew: Bool) {
        // An edit or opt-out changes the answers that name or count the member, and their own.
        try await state.write(retiring: .involving(update.id)) { [store] view in
            let written = try await store.upsert(update, keepingDiscoverable: keepingDiscoverable)
            return (view.upserting(written.member, sequence: view.sequence + 1), written)
        }
    }

    /// Records what `member` did with the suggestion `other` (`connected` also records the tie).
    /// - Throws: ``ProfileError``: not found for an unknown member; invalid input for the member themselves.
    func feedback(member: MemberID, other: MemberID, action: FeedbackAction) async throws {
        // A dismissal changes the member's own answers; a tie also the other's.
        let retiring: ResponseCache.Retirement = action == .connected ? .askedByEither(member, other) : .askedBy(member)
        try await state.write(retiring: retiring) { [store] view in
            try await store.recordFeedback(member: member, other: other, action: action)
            return (view.advanced(to: view.sequence + 1), ())
        }
    }
}
