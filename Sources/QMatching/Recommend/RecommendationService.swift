import Foundation
import QProfiles

/// One member's suggestions, shaped like the CLI's and the server's JSON.
public struct MemberRecommendations: Sendable, Codable {
    public struct Item: Sendable, Codable {
        public let id: MemberID
        public let name: String
        public let score: Float
        public let reasons: [String]
        public let breakdown: [Part]?
    }
    public struct Part: Sendable, Codable {
        public let signal: String
        public let value: Float
    }
    public let member: MemberID
    public let blend: String
    public let recommendations: [Item]
    /// The members the reasons name or count besides the suggestions (mutual connections), each discoverable
    /// when the answer was made; not encoded. Whoever keeps the answer re-checks them with the suggestions.
    public var counted: [MemberID] = []
    /// Whether others could see the asker when the answer was made (whoever keeps answers keeps only those);
    /// not encoded.
    public var askerIsDiscoverable = true

    private enum CodingKeys: String, CodingKey { case member, blend, recommendations }
}

/// Recommendations over the store (the system of record: who is connected, dismissed, visible now) and a
/// serving view (vectors, graph, facts, blend, and the members written since the build). Used by the CLI and
/// the server alike.
public struct RecommendationService: Sendable {
    public let store: ProfileStore
    public let recommender: Recommender

    public var view: ServingView { recommender.view }

    public init(store: ProfileStore, view: ServingView, useFittedBlend: Bool = true) {
        self.init(store: store, recommender: Recommender(view: view, useFittedBlend: useFittedBlend))
    }

    public init(store: ProfileStore, recommender: Recommender) {
        self.store = store
        self.recommender = recommender
    }

    /// Suggestions for member `id`, with reasons (and the score breakdown with `explain`).
    ///
    /// A member the view lacks (added by another process since the view was made) is folded in for this
    /// answer. Everyone named, and every mutual connection counted, is discoverable in the store now.
    /// Two reads of the store: the asker's state (visibility, connections, feedback), then the names of the
    /// members and groups the answer shows.
    /// - Parameter discoverableOnly: answer "not found" for an asker others may not see (the server's
    ///   callers other than the admin).
    /// - Throws: ``MatchingError`` (not found) when the member does not exist.
    public func recommend(for id: MemberID, limit: Int, filters: RecommendFilters = .init(),
                          explain: Bool = false, discoverableOnly: Bool = false) async throws -> MemberRecommendations {
        guard let asker = try await store.askerState(id), asker.isDiscoverable || !discoverableOnly else {
            throw MatchingError.notFound("no member '\(id)'")
        }
        var recommender = self.recommender
        if recommender.view.row(of: id) == nil {
            guard let member = try await store.member(id) else { throw MatchingError.notFound("no member '\(id)'") }
            var folded = Recommender(view: view.upserting(member), blend: recommender.blend,
                                     ranker: recommender.ranker)
            folded.diversity = recommender.diversity
            folded.boundaryBonus = recommender.boundaryBonus
            folded.candidatesPerSource = recommender.candidatesPerSource
            recommender = folded
        }
        let view = recommender.view
        guard let row = view.row(of: id) else { throw MatchingError.notFound("no member '\(id)'") }
        var excluded = Set(asker.connected.compactMap { view.row(of: $0) })
        var shown: [Int: Int] = [:]
        for (other, actions) in asker.feedback {
            guard let otherRow = view.row(of: other) else { continue }
            if actions[.dismiss] != nil || actions[.connected] != nil { excluded.insert(otherRow) }
            if let times = actions[.shown] { shown[otherRow] = times }
        }
        let ranked = recommender.recommend(row: row, excluded: excluded, shown: shown, filters: filters, limit: limit)
        let writer = Reasons(view: view, groupNames: [:])
        let mutualIDs = ranked.flatMap { writer.mutuals(row, $0.row) }.map { view.id(of: $0) }
        let (names, groupNames) = try await store.discoverableNames(
            among: ranked.map { view.id(of: $0.row) } + mutualIDs, groups: Array(view.profile(row).groups))
        let reasons = Reasons(view: view, groupNames: groupNames, names: names)
        let items = ranked.compactMap { candidate -> MemberRecommendations.Item? in
            let candidateID = view.id(of: candidate.row)
            guard let name = names[candidateID] else { return nil }
            let parts = candidate.breakdown(recommender.blend)
            return MemberRecommendations.Item(
                id: candidateID, name: name, score: candidate.score,
                reasons: reasons.between(row, and: candidate.row, parts: parts),
                breakdown: explain ? parts.map { MemberRecommendations.Part(signal: $0.name, value: $0.value) } : nil)
        }
        var answer = MemberRecommendations(member: id, blend: recommender.blendName(row: row), recommendations: items)
        answer.askerIsDiscoverable = asker.isDiscoverable
        let suggested = Set(items.map(\.id))
        answer.counted = Array(Set(mutualIDs.filter { names[$0] != nil && !suggested.contains($0) })).sorted()
        return answer
    }

    /// Suggestions for each of `rows` (rows of the view), as JSON lines of the design's batch format,
    /// computed on all cores and handed to `emit` in row order, a block at a time (with the number of rows done).
    /// - Parameter progress: the stages before the first line (minutes at a million members): reading the
    ///   connections, then the content candidates of every snapshot member (with the fraction done).
    public func recommendAll(rows: [Int], limit: Int, filters: RecommendFilters = .init(),
                             progress: StageProgress? = nil,
                             emit: (String, Int) throws -> Void) async throws {
        let view = self.view
        progress?("reading connections", nil)
        var excluded: [Int: Set<Int>] = [:]
        for connection in try await store.connections() {
            guard let a = view.row(of: connection.source), let b = view.row(of: connection.target) else { continue }
            excluded[a, default: []].insert(b)
            excluded[b, default: []].insert(a)
        }
        for (member, other) in try await store.dismissals() {
            guard let a = view.row(of: member), let b = view.row(of: other) else { continue }
            excluded[a, default: []].insert(b)
        }
        let names = try await store.discoverableNames()
        let reasons = Reasons(view: view, groupNames: try await store.groupNames(), names: names)
        let exclusions = excluded
        let recommender = self.recommender
        // Content candidates of every snapshot member at once: one blocked GEMM pass instead of a GEMV each
        // (over pairs of nearby lists when the snapshot has an approximate index).
        let n = view.snapshotRows
        let eligible = (0..<n).map { view.isVisible($0) && recommender.passes($0, filters) }
        let lists = (0..<n).map { Array(exclusions[$0] ?? []).filter { $0 < n } }
        let content: NearestNeighbours
        progress?("content candidates", 0)
        let contentProgress = stageFractions(progress, stage: "content candidates")
        if let clusters = view.index.clusters {
            content = clusters.allNearest(view.index.interests, k: recommender.candidatesPerSource, eligible: eligible,
                                          exclusions: ExclusionLists(lists), threads: 2, progress: contentProgress)
        } else {
            // Only the block pairs that touch the rows asked for (a shard) are computed.
            let asked = rows.filter { $0 < n }
            let receivers = asked.isEmpty ? 0..<0 : asked.min()!..<(asked.max()! + 1)
            content = view.index.interests.allNearest(k: recommender.candidatesPerSource, eligible: eligible,
                                                      exclusions: ExclusionLists(lists), threads: 2,
                                                      receivers: receivers, progress: contentProgress)
        }
        let block = 512
        var done = 0
        for start in stride(from: 0, to: rows.count, by: block) {
            let slice = Array(rows[start..<min(start + block, rows.count)])
            let lines = BatchRunner.map(slice, nodeCount: n) { row, scratch -> String in
                let ranked = recommender.recommend(row: row, excluded: exclusions[row] ?? [], filters: filters,
                                                   limit: limit, scratch: scratch,
                                                   contentCandidates: row < n ? content.neighbours(of: row) : nil)
                let items = ranked.map { candidate in
                    BatchLine.Item(id: view.id(of: candidate.row), score: candidate.score,
                                   reasons: reasons.between(row, and: candidate.row,
                                                            parts: candidate.breakdown(recommender.blend)))
                }
                return BatchLine.encode(member: view.id(of: row), items: items)
            }
            done += slice.count
            try emit(lines.joined(), done)
        }
    }
}
