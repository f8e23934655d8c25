/// A store on a database server (PostgreSQL, in the `QPostgres` module), behind ``ProfileStore``: callers keep
/// using ``ProfileStore``'s methods, which run on SQLite through GRDB or hand over to this backend. A method
/// that a backend does not offer yet throws ``ProfileError/notSupported(_:on:)`` from ``ProfileStore``.
///
/// Every method reads or writes in one transaction of its own; the reads that must see one moment
/// (``snapshot()``, ``askerState(_:)``, ``discoverableNames(among:groups:)``) are one read-only snapshot.
/// Rows come back in the orders ``ProfileStore`` documents (ids compared byte by byte, as SQLite does).
package protocol ProfileStoreBackend: Sendable {
    /// The kind of store, for messages ("PostgreSQL").
    var kindName: String { get }
    /// Where the store is, for messages: never a password.
    var displayName: String { get }

    func memberCount(discoverableOnly: Bool) async throws -> Int
    /// Members with their groups and attributes, in id order, after `after`, at most `limit`.
    func members(after: MemberID?, limit: Int) async throws -> [Member]
    /// The members with these ids that exist, in id order.
    func members(ids: [MemberID]) async throws -> [Member]
    func memberIDs() async throws -> (all: [MemberID], hidden: [MemberID])
    func groups() async throws -> [Group]
    func attributeNames() async throws -> [String]
    func connections() async throws -> [Connection]
    func feedback() async throws -> [FeedbackRecord]
    func snapshot() async throws -> CommunitySnapshot
    func askerState(_ id: MemberID) async throws -> AskerState?
    func discoverableNames(among ids: [MemberID], groups: [String]) async throws
        -> (members: [MemberID: String], groups: [String: String])
    func discoverableNames() async throws -> [MemberID: String]
    func dismissals() async throws -> [(MemberID, MemberID)]
    /// How many discoverable members each group has, by group id (groups without any are absent).
    func discoverableGroupSizes() async throws -> [String: Int]
    /// The rows of ``ProfileStore/fieldValues()``: (region, sector, role, nation attribute or "") of discoverable
    /// members, and (name, value) of their other attributes.
    func fieldValueRows() async throws -> (fields: [(String, String, String, String)], attributes: [(String, String)])
    /// Removes the member and every row about them; whether they existed.
    func erase(_ id: MemberID) async throws -> Bool
    /// One import transaction: reads what the checks need (``ImportState``), lets `prepare` check the rows
    /// against it and choose what to write, writes that, and commits; nothing is written when `prepare` or a
    /// write throws.
    func importRows(progress: StageProgress?,
                    _ prepare: @Sendable (ImportState) throws -> ImportBatch) async throws -> ImportBatch
}

/// What an import's checks read from the store, inside the import's transaction.
package struct ImportState: Sendable {
    package var groupIDs: Set<String>
    package var memberIDs: Set<MemberID>
    package var hiddenMemberIDs: Set<MemberID>
    package var attributeNames: Set<String>

    package init(groupIDs: Set<String>, memberIDs: Set<MemberID>, hiddenMemberIDs: Set<MemberID>,
                 attributeNames: Set<String>) {
        self.groupIDs = groupIDs
        self.memberIDs = memberIDs
        self.hiddenMemberIDs = hiddenMemberIDs
        self.attributeNames = attributeNames
    }
}

/// The checked rows an import writes (members and connections in key order, connections merged), with the
/// report and the rejections so far.
package struct ImportBatch: Sendable {
    package var groups: [Group]
    package var members: [Member]
    package var connections: [Connection]
    package var feedback: [FeedbackRecord]
    package var report: ImportReport
    package var rejections: [Rejection]
}
