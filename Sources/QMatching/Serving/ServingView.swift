import QGraph
import QLinearAlgebra
import QProfiles

/// What every query reads: the memory-mapped snapshot (rows `0..<n`, from the last build) plus an overlay of
/// rows `n..<n+m` for members added or edited since, with who may be shown now. A value: each write makes the
/// next view, which a server swaps in atomically, so a query sees one consistent state from start to end.
///
/// One path: a member who joined after the build is a row like any other, so similarity, search,
/// recommendations, recruiting, paths and batch runs rank, filter, explain and hide them by the same code.
/// An edited member's snapshot row is superseded (hidden) and their overlay row keeps the snapshot's graph
/// node, so their ties still count; a newcomer's overlay row has no node until the next build.
public struct ServingView: Sendable {
    /// The snapshot.
    public let index: MatchingIndex
    /// Derived from the snapshot once and shared by every view over it.
    let lookups: SnapshotLookups
    /// The snapshot's code tables extended by the overlay's texts.
    public private(set) var codes: FactCodes
    /// Per snapshot row: may be shown now (discoverable, not erased, not superseded by an overlay row).
    private(set) var snapshotVisible: [Bool]
    /// Rows added or edited since the build, in the order written.
    private(set) var overlay: [OverlayRow] = []
    private var overlaySlot: [MemberID: Int] = [:]
    /// Snapshot rows superseded by an overlay row (an edit): snapshot row → overlay slot.
    private var supersededBy: [Int: Int] = [:]
    /// Members per group code, snapshot and overlay rows that may count.
    public private(set) var groupSizes: [Int32]
    /// Overlay rows offering and needing each topic code.
    private var overlayOffering: [Int32: [Int32]] = [:]
    private var overlayNeeding: [Int32: [Int32]] = [:]

    /// A view of `index` with the snapshot's rows visible where `visible` says (one flag per row).
    public init(index: MatchingIndex, visible: [Bool]) {
        precondition(visible.count == index.ids.count, "one visibility flag per snapshot row")
        self.index = index
        lookups = SnapshotLookups(index.facts, graph: index.graph)
        codes = lookups.codes
        snapshotVisible = visible
        groupSizes = index.facts.groupSizes
    }

    /// A view of `index` showing the members in `visibleIDs` (discoverable in the store now).
    public init(index: MatchingIndex, visibleIDs: Set<MemberID>) {
        self.init(index: index, visible: index.ids.map { visibleIDs.contains($0) })
    }

    /// A view of `index` showing the members who were discoverable at the build.
    public init(index: MatchingIndex) {
        self.init(index: index, visible: index.discoverable)
    }

    // MARK: Rows

    /// Snapshot rows.
    public var snapshotRows: Int { index.ids.count }
    /// Snapshot and overlay rows.
    public var rowCount: Int { index.ids.count + overlay.count }
    /// Rows added or edited since the build.
    public var overlayCount: Int { overlay.count }

    /// The current row of member `id` (their overlay row when written since the build), or nil.
    public func row(of id: MemberID) -> Int? {
        if let slot = overlaySlot[id] { return snapshotRows + slot }
        return index.row(of: id)
    }

    /// The member id of `row`.
    public func id(of row: Int) -> MemberID {
        row < snapshotRows ? index.ids[row] : overlay[row - snapshotRows].id
    }

    /// Whether `row` may be shown now.
    @inline(__always)
    public func isVisible(_ row: Int) -> Bool {
        row < snapshotRows ? snapshotVisible[row] : overlay[row - snapshotRows].visible
    }

    /// The members that may be shown now.
    public var visibleCount: Int {
        snapshotVisible.reduce(0) { $0 + ($1 ? 1 : 0) } + overlay.reduce(0) { $0 + ($1.visible ? 1 : 0) }
    }

    /// The ids of every visible row.
    public var visibleIDs: Set<MemberID> {
        var ids = Set<MemberID>()
        for row in 0..<rowCount where isVisible(row) { ids.insert(id(of: row)) }
        return ids
    }

    // MARK: Graph

    /// The connection graph of the snapshot (nodes are snapshot rows).
    public var graph: Graph { index.graph }

    /// The graph node of `row`: the snapshot row itself, or for an overlay row the snapshot row it supersedes
    /// (nil for a member who joined since the build: no ties until the next one).
    @inline(__always)
    public func node(of row: Int) -> Int? {
        row < snapshotRows ? row : overlay[row - snapshotRows].node
    }

    /// The current row of graph node `node` (its overlay row when the member was edited since the build).
    @inline(__always)
    public func row(ofNode node: Int) -> Int {
        supersededBy.isEmpty ? node : supersededBy[node].map { snapshotRows + $0 } ?? node
    }

    /// The graph neighbours of `row` as current rows (none for a newcomer).
    public func neighbours(of row: Int) -> [Int] {
        guard let node = node(of: row) else { return [] }
        return graph.neighbours(of: node).map { self.row(ofNode: Int($0)) }
    }

    /// Per graph node: whether the member may be shown now (for paths through the graph).
    public var visibleNodes: [Bool] {
        (0..<snapshotRows).map { isVisible(row(ofNode: $0)) }
    }

    // MARK: Facts

    // Each accessor reads its own column (no key paths: a key path is looked up at run time on every call,
    // which showed in the profile of one recommendation).
    @inline(__always) public func role(_ row: Int) -> Int32 {
        row < snapshotRows ? index.facts.role[row] : overlay[row - snapshotRows].role
    }
    @inline(__always) public func sector(_ row: Int) -> Int32 {
        row < snapshotRows ? index.facts.sector[row] : overlay[row - snapshotRows].sector
    }
    @inline(__always) public func region(_ row: Int) -> Int32 {
        row < snapshotRows ? index.facts.region[row] : overlay[row - snapshotRows].region
    }
    @inline(__always) public func nation(_ row: Int) -> Int32 {
        row < snapshotRows ? index.facts.nation[row] : overlay[row - snapshotRows].nation
    }
    public func attributes(_ row: Int) -> ArraySlice<Int32> {
        row < snapshotRows ? index.facts.attributes[row] : overlay[row - snapshotRows].attributes[...]
    }
    public func offers(_ row: Int) -> ArraySlice<Int32> {
        row < snapshotRows ? index.facts.offers[row] : overlay[row - snapshotRows].offers[...]
    }
    public func needs(_ row: Int) -> ArraySlice<Int32> {
        row < snapshotRows ? index.facts.needs[row] : overlay[row - snapshotRows].needs[...]
    }
    public func groups(_ row: Int) -> ArraySlice<Int32> {
        row < snapshotRows ? index.facts.groups[row] : overlay[row - snapshotRows].groups[...]
    }
    /// Topic codes of the member's topics and methods (`method:…`).
    public func interests(_ row: Int) -> ArraySlice<Int32> {
        row < snapshotRows ? index.facts.interests[row] : overlay[row - snapshotRows].interests[...]
    }

    /// The text of a category code (`sector=acute`), nil for -1.
    public func category(_ code: Int32) -> String? { code < 0 ? nil : codes.categories[Int(code)] }

    /// How reasons word category `code` (``CategoryPhrases``): written once per snapshot for its codes, each time
    /// for codes added since the build.
    public func phrase(_ kind: CategoryPhrases.Kind, _ code: Int32) -> String? {
        guard code >= 0 else { return nil }
        if Int(code) < lookups.phrases.count { return lookups.phrases.phrase(kind, Int(code)) }
        return categoryValue(code).map { CategoryPhrases.write(kind, $0) }
    }

    /// The value of a category code without its field (`acute` for `sector=acute`).
    public func categoryValue(_ code: Int32) -> String? {
        category(code).map { String($0.drop { $0 != "=" }.dropFirst()) }
    }

    /// The profile of `row` as texts (see ``QueryProfile``).
    public func profile(_ row: Int) -> QueryProfile {
        QueryProfile(role: category(role(row)), sector: category(sector(row)), region: category(region(row)),
                     nation: category(nation(row)), attributes: attributes(row).map { codes.categories[Int($0)] },
                     offers: Set(offers(row).map { codes.topics[Int($0)] }),
                     needs: Set(needs(row).map { codes.topics[Int($0)] }),
                     groups: Set(groups(row).map { codes.groupIDs[Int($0)] }),
                     interests: Set(interests(row).map { codes.topics[Int($0)] }))
    }

    /// Rows offering topic `code`, and rows needing it (snapshot rows first, then overlay rows; superseded
    /// and hidden rows included: callers check visibility).
    func offering(_ code: Int32) -> [Int32] { rows(code, lookups.offering, overlayOffering) }
    func needing(_ code: Int32) -> [Int32] { rows(code, lookups.needing, overlayNeeding) }

    private func rows(_ code: Int32, _ snapshot: [[Int32]], _ added: [Int32: [Int32]]) -> [Int32] {
        let base = Int(code) < snapshot.count ? snapshot[Int(code)] : []
        guard let more = added[code] else { return base }
        return base + more
    }

    // MARK: Vectors

    /// The interest vector of `row` (unit length, or all zeros for a profile without known terms).
    public func vector(_ row: Int) -> [Float] {
        row < snapshotRows ? index.interests.row(row) : overlay[row - snapshotRows].vector
    }

    /// Whether row `row` has a vector other than zero (a member with some content).
    public func hasContent(_ row: Int) -> Bool {
        if row < snapshotRows {
            let d = index.interests.dimension
            let values = UnsafeBufferPointer(rebasing: index.interests.values[(row * d)..<((row + 1) * d)])
            return values.contains { $0 != 0 }
        }
        return overlay[row - snapshotRows].vector.contains { $0 != 0 }
    }

    /// `query · vector(row)`.
    @inline(__always)
    public func dot(_ query: [Float], _ row: Int) -> Float {
        if row < snapshotRows {
            let d = index.interests.dimension
            return query.withUnsafeBufferPointer { q in
                BLAS.dot(q.baseAddress!, index.interests.values.baseAddress! + row * d, count: d)
            }
        }
        return BLAS.dot(query, overlay[row - snapshotRows].vector)
    }

    /// `vector(a) · vector(b)`.
    public func dot(_ a: Int, _ b: Int) -> Float {
        if a < snapshotRows, b < snapshotRows {
            let d = index.interests.dimension, values = index.interests.values.baseAddress!
            return BLAS.dot(values + a * d, values + b * d, count: d)
        }
        return dot(vector(a), b)
    }

    /// The `k` rows closest to `query`, best first (ties by lower row), among visible rows that `admits`
    /// takes and `excluded` does not hold.
    ///
    /// With an approximate index in the snapshot, its probed lists stand for the snapshot (hidden, excluded
    /// and filtered rows are skipped inside the selection), falling back to the exact scan when they hold
    /// fewer than `k` admitted rows; the overlay is always scanned exactly and merged.
    /// - Complexity: one scan of the snapshot (sgemv, or the half-precision scan), or of the probed lists,
    ///   plus O(m × dimension) for the overlay.
    public func nearest(to query: [Float], k: Int, excluded: Set<Int> = [],
                        admits: ((Int) -> Bool)? = nil) -> [Neighbour] {
        guard k > 0, query.contains(where: { $0 != 0 }) else { return [] }
        if let clusters = index.clusters {
            let found = clusters.nearest(to: query, in: index.interests, k: k) { row in
                snapshotVisible[row] && !excluded.contains(row) && (admits?(row) ?? true)
            }
            if found.count == k {
                let added = nearestAdded(to: query, k: k, excluded: excluded, admits: admits)
                guard !added.isEmpty else { return found }
                return Array((found + added).sorted(by: Neighbour.ranksBefore).prefix(k))
            }
        }
        var eligible = snapshotVisible
        if let admits { for row in eligible.indices where eligible[row] && !admits(row) { eligible[row] = false } }
        let found = index.interests.nearest(to: query, k: k, filter: RowFilter(eligible: eligible, excluded: excluded))
        let added = nearestAdded(to: query, k: k, excluded: excluded, admits: admits)
        guard !added.isEmpty else { return found }
        return Array((found + added).sorted(by: Neighbour.ranksBefore).prefix(k))
    }

    /// The `k` rows closest to row `row`'s vector, exactly as ``nearest(to:k:excluded:admits:)`` finds them
    /// (`row` itself never), read from the snapshot's content neighbour lists when `row` is a snapshot row and
    /// its list proves the answer; otherwise by the scan.
    /// - Complexity: O(list length × dimension) plus O(m × dimension) for the overlay when the list suffices;
    ///   otherwise one scan.
    public func nearest(toRow row: Int, k: Int, excluded: Set<Int> = [],
                        admits: ((Int) -> Bool)? = nil) -> [Neighbour] {
        guard k > 0, hasContent(row) else { return [] }
        if row < snapshotRows, let lists = index.contentNeighbours, k <= lists.k,
           let found = lists.nearest(of: row, k: k, interests: index.interests, admits: { other in
               snapshotVisible[other] && !excluded.contains(other) && (admits?(other) ?? true)
           }) {
            var excludingSelf = excluded
            excludingSelf.insert(row)
            let added = nearestAdded(to: vector(row), k: k, excluded: excludingSelf, admits: admits)
            guard !added.isEmpty else { return found }
            return Array((found + added).sorted(by: Neighbour.ranksBefore).prefix(k))
        }
        var excludingSelf = excluded
        excludingSelf.insert(row)
        return nearest(to: vector(row), k: k, excluded: excludingSelf, admits: admits)
    }

    /// As ``nearest(to:k:excluded:admits:)`` among the overlay's rows only (for callers that have the
    /// snapshot's neighbours already).
    public func nearestAdded(to query: [Float], k: Int, excluded: Set<Int> = [],
                             admits: ((Int) -> Bool)? = nil) -> [Neighbour] {
        guard k > 0, !overlay.isEmpty else { return [] }
        var found: [Neighbour] = []
        for slot in overlay.indices where overlay[slot].visible {
            let row = snapshotRows + slot
            guard !excluded.contains(row), admits?(row) ?? true else { continue }
            found.append(Neighbour(row: row, score: BLAS.dot(query, overlay[slot].vector)))
        }
        found.sort(by: Neighbour.ranksBefore)
        return Array(found.prefix(k))
    }

    // MARK: Writes

    /// The view after `member` was written: their row is (re)placed in the overlay with their profile folded
    /// in through the snapshot's model, and shown or hidden as they are discoverable.
    /// - Complexity: O(profile terms × dimension) plus O(n) to copy the visibility flags.
    public func upserting(_ member: Member, sequence: Int = 0) -> ServingView {
        var next = self
        next.upsert([member], sequence: sequence)
        return next
    }

    /// The view after `members` were written (one copy of the flags for all of them).
    public func upserting(_ members: [Member], sequence: Int = 0) -> ServingView {
        var next = self
        next.upsert(members, sequence: sequence)
        return next
    }

    /// The view after member `id` was erased (or hidden by a change made elsewhere): in no answer from now on.
    public func hiding(_ id: MemberID) -> ServingView {
        var next = self
        if let row = index.row(of: id) { next.snapshotVisible[row] = false }
        if let slot = overlaySlot[id] { next.overlay[slot].visible = false }
        return next
    }

    /// The view with every row's visibility set from `visibleIDs` (who is discoverable in the store now).
    public func withVisibility(_ visibleIDs: Set<MemberID>) -> ServingView {
        var next = self
        for row in 0..<snapshotRows {
            next.snapshotVisible[row] = supersededBy[row] == nil && visibleIDs.contains(index.ids[row])
        }
        for slot in overlay.indices { next.overlay[slot].visible = visibleIDs.contains(overlay[slot].id) }
        return next
    }

    /// The members written since the build, with the write sequence of each, in the order written.
    public var written: [(member: Member, sequence: Int)] { overlay.map { ($0.member, $0.sequence) } }

    private mutating func upsert(_ members: [Member], sequence: Int) {
        for member in members {
            let snapshotRow = index.row(of: member.id)
            let slot = overlaySlot[member.id] ?? overlay.count
            var rows = FactRows([], codes: &codes)
            rows.append(member, codes: &codes)
            let row = OverlayRow(
                member: member, vector: index.model.vector(for: member), role: rows.role[0], sector: rows.sector[0],
                region: rows.region[0], nation: rows.nation[0], attributes: rows.attributes.values,
                offers: rows.offers.values, needs: rows.needs.values, groups: rows.groups.values,
                interests: rows.interests.values, node: snapshotRow, visible: member.discoverable, sequence: sequence)
            if slot < overlay.count {
                unindex(slot)
                overlay[slot] = row
            } else {
                overlay.append(row)
                overlaySlot[member.id] = slot
            }
            if let snapshotRow, supersededBy[snapshotRow] == nil {
                supersededBy[snapshotRow] = slot
                snapshotVisible[snapshotRow] = false
                for group in index.facts.groups[snapshotRow] { groupSizes[Int(group)] -= 1 }
            }
            let viewRow = Int32(snapshotRows + slot)
            for code in row.offers { overlayOffering[code, default: []].append(viewRow) }
            for code in row.needs { overlayNeeding[code, default: []].append(viewRow) }
            for group in row.groups {
                while groupSizes.count <= Int(group) { groupSizes.append(0) }
                groupSizes[Int(group)] += 1
            }
        }
    }

    /// Removes overlay slot `slot`'s entries from the per-topic lists and the group sizes (before replacing it).
    private mutating func unindex(_ slot: Int) {
        let viewRow = Int32(snapshotRows + slot)
        for code in overlay[slot].offers { overlayOffering[code]?.removeAll { $0 == viewRow } }
        for code in overlay[slot].needs { overlayNeeding[code]?.removeAll { $0 == viewRow } }
        for group in overlay[slot].groups { groupSizes[Int(group)] -= 1 }
    }
}

/// One member written since the build: their profile, folded-in vector and coded facts.
struct OverlayRow: Sendable {
    let member: Member
    let vector: [Float]
    let role: Int32, sector: Int32, region: Int32, nation: Int32
    let attributes: [Int32], offers: [Int32], needs: [Int32], groups: [Int32], interests: [Int32]
    /// The snapshot row (graph node) of a member edited since the build; nil for a newcomer.
    let node: Int?
    var visible: Bool
    /// The write's sequence number.
    let sequence: Int

    var id: MemberID { member.id }
}

/// What every view of one snapshot shares, computed once: code lookups, the rows offering and needing
/// each topic, the most connected nodes, and the ranking scratches.
struct SnapshotLookups: Sendable {
    let codes: FactCodes
    let offering: [[Int32]]
    let needing: [[Int32]]
    /// The 200 graph nodes of highest degree, highest first (ties by lower node): a candidate source.
    let popular: [Int32]
    /// Ranking scratches for the snapshot's graph nodes, reused query after query.
    let scratches: ScratchPool
    /// How reasons word each category.
    let phrases: CategoryPhrases

    init(_ facts: ProfileFacts, graph: Graph) {
        codes = FactCodes(facts)
        var best = TopK<Int>(limit: 200)
        for node in 0..<graph.nodeCount where graph.offsets[node + 1] > graph.offsets[node] {
            best.offer(Int32(node), graph.offsets[node + 1] - graph.offsets[node])
        }
        popular = best.entries().map(\.node)
        scratches = ScratchPool(nodeCount: facts.rows)
        var offering = [[Int32]](repeating: [], count: facts.topics.count)
        var needing = [[Int32]](repeating: [], count: facts.topics.count)
        for row in 0..<facts.rows {
            for code in facts.offers[row] { offering[Int(code)].append(Int32(row)) }
            for code in facts.needs[row] { needing[Int(code)].append(Int32(row)) }
        }
        self.offering = offering
        self.needing = needing
        phrases = CategoryPhrases(categories: facts.categories)
    }
}

/// How reasons word each category of a snapshot ("in the South West", "in acute care", "a nurse"), written
/// once: an answer's reasons used to build them again with Foundation's case mapping for every suggestion.
public struct CategoryPhrases: Sendable {
    public enum Kind: Sendable { case place, inPlace, sector, role }
    private let place: [String]
    private let inPlace: [String]
    private let sector: [String]
    private let role: [String]

    init(categories: [String]) {
        let values = categories.map { String($0.drop { $0 != "=" }.dropFirst()) }
        place = values.map { Self.write(.place, $0) }
        inPlace = values.map { Self.write(.inPlace, $0) }
        sector = values.map { Self.write(.sector, $0) }
        role = values.map { Self.write(.role, $0) }
    }

    var count: Int { place.count }

    func phrase(_ kind: Kind, _ code: Int) -> String {
        switch kind {
        case .place: place[code]
        case .inPlace: inPlace[code]
        case .sector: sector[code]
        case .role: role[code]
        }
    }

    /// The wording of a category's value (`south-west`, `acute`, `nurse`).
    static func write(_ kind: Kind, _ value: String) -> String {
        switch kind {
        case .place: Reasons.placeName(value)
        case .inPlace: Reasons.inPlace(value)
        case .sector: Reasons.sectorPhrase(value)
        case .role: Reasons.withArticle(Reasons.words(value))
        }
    }
}
